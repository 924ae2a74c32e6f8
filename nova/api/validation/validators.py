"""jsonschema wiring: nova's formats and 400 messages that name the field."""

import re
import unicodedata

import jsonschema

from nova import exception
from nova.i18n import _


def _is_printable(text):
    return all(unicodedata.category(ch)[0] not in ('C', 'Z') or ch == ' '
               for ch in text)


_NAME_REASON = _("printable characters. Can not start or end with "
                 "whitespace.")
_NAME_SPACES_REASON = _("printable characters with at least one "
                        "non space character")

FORMAT_CHECKER = jsonschema.FormatChecker()


@FORMAT_CHECKER.checks('name', raises=exception.InvalidName)
def _validate_name(instance):
    if not isinstance(instance, str):
        return True
    if (not instance or not _is_printable(instance)
            or instance != instance.strip()):
        raise exception.InvalidName(reason=_NAME_REASON)
    return True


@FORMAT_CHECKER.checks('name_with_leading_trailing_spaces',
                       raises=exception.InvalidName)
def _validate_name_spaces(instance):
    if not isinstance(instance, str):
        return True
    if not instance.strip() or not _is_printable(instance):
        raise exception.InvalidName(reason=_NAME_SPACES_REASON)
    return True


_UUID_RE = re.compile(r'^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?'
                      r'[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$')


@FORMAT_CHECKER.checks('uuid')
def _validate_uuid(instance):
    return not isinstance(instance, str) or bool(_UUID_RE.match(instance))


def _relaxed(validator_cls):
    """A validator class that ignores additionalProperties (legacy /v2)."""
    validators = dict(validator_cls.VALIDATORS)
    validators['additionalProperties'] = lambda *a, **kw: iter(())
    return jsonschema.validators.extend(validator_cls, validators)


class SchemaValidator(object):
    """Validate a request body; raise ValidationError (400) on failure."""

    validator_cls = jsonschema.Draft4Validator

    def __init__(self, schema, relax_additional_properties=False):
        cls = self.validator_cls
        if relax_additional_properties:
            cls = _relaxed(cls)
        cls.check_schema(schema)
        self.validator = cls(schema, format_checker=FORMAT_CHECKER)

    def validate(self, body):
        error = jsonschema.exceptions.best_match(
            self.validator.iter_errors(body))
        if error is None:
            return
        if isinstance(error.cause, exception.InvalidName):
            detail = error.cause.format_message()
        elif error.path:
            detail = _("Invalid input for field/attribute %(path)s. "
                       "Value: %(value)s. %(message)s") % {
                'path': error.path.pop(), 'value': error.instance,
                'message': error.message}
        else:
            detail = error.message
        raise exception.ValidationError(detail=detail)
