"""Request and response helpers shared by the handlers."""

from oslo_serialization import jsonutils
import webob

from nova.api.openstack import response_json
from nova.api.openstack.placement import errors
from nova.api.validation import validators
from nova import exception as nova_exception

_VALIDATORS = {}


def _validator(schema):
    key = id(schema)
    validator = _VALIDATORS.get(key)
    if validator is None:
        validator = _VALIDATORS[key] = validators.SchemaValidator(schema)
    return validator


def validate(data, schema, prefix):
    """400 naming the field when ``data`` does not match ``schema``."""
    try:
        _validator(schema).validate(data)
    except nova_exception.ValidationError as e:
        raise errors.HTTPError(400, '%s: %s' % (prefix, e.format_message()))


def json_body(req, schema=None):
    """The request's JSON body, validated against ``schema``."""
    if req.content_type != 'application/json':
        raise errors.HTTPError(
            415, 'The media type %s is not supported, use '
                 'application/json' % (req.content_type or None))
    try:
        data = jsonutils.loads(req.body)
    except ValueError as e:
        raise errors.HTTPError(400, 'Malformed JSON: %s' % e)
    if schema is not None:
        validate(data, schema, 'JSON does not validate')
    return data


def query(req, schema):
    """The query string as a dict, validated against ``schema``."""
    params = dict(req.GET)
    validate(params, schema, 'Invalid query string parameters')
    return params


def version(req):
    return req.environ['placement.microversion']


def json_response(data, status=200, headers=None):
    resp = json_bytes_response(response_json.dumps(data), status)
    for key, value in (headers or {}).items():
        resp.headers[key] = value
    return resp


def json_text_response(text, status=200):
    """A JSON response whose body the handler already wrote as text."""
    return json_bytes_response(text.encode('utf-8'), status)


def json_bytes_response(body, status=200):
    """A JSON response whose body is already encoded (UTF-8)."""
    resp = webob.Response(status=status, content_type='application/json',
                          charset='UTF-8')
    resp.body = body
    return resp


def no_content():
    resp = webob.Response(status=204)
    # No body, so no content type either.
    del resp.content_type
    return resp


def created(location, data=None):
    """201 with a Location header (and a body only when given)."""
    if data is None:
        resp = webob.Response(status=201)
        del resp.content_type
    else:
        resp = json_response(data, status=201)
    resp.headers['Location'] = location
    return resp


def link(rel, href):
    return {'rel': rel, 'href': href}
