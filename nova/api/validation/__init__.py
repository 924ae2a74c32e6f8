"""Request-body validation: schemas are data attached to handlers.

``@validation.schema(body_schema, '2.1', '2.54')`` records which schema
applies to which version range; the dispatcher picks the one matching the
request's version and validates the body before the handler runs.  A
handler with no schema for the request's version gets its body unchecked.
"""

from nova.api.validation import validators


def schema(request_body_schema, min_version=None, max_version=None):
    """Attach ``request_body_schema`` for [min_version, max_version]."""
    validator = validators.SchemaValidator(request_body_schema)
    relaxed = validators.SchemaValidator(request_body_schema,
                                         relax_additional_properties=True)

    def decorator(func):
        entries = func.__dict__.setdefault('body_schemas', [])
        entries.append((min_version, max_version, validator, relaxed))
        return func
    return decorator


def select(func, version, legacy_v2=False):
    """The validator for ``func`` at ``version``.

    Requests to the legacy /v2 endpoint get a validator that ignores
    unknown properties, as the v2.0 API did.
    """
    for min_v, max_v, validator, relaxed in getattr(func, 'body_schemas', ()):
        if version.matches(min_v, max_v):
            return relaxed if legacy_v2 else validator
    return None
