"""Fault bodies: the one place where errors become HTTP responses.

A fault is ``{"<name>": {"code": <status>, "message": "..."}}`` where the
name depends on the status (``itemNotFound`` for 404, ``computeFault`` for
anything without a name of its own).  Handlers raise nova exceptions (whose
``code`` is the HTTP status) or webob HTTP exceptions; :func:`from_exception`
turns either into a fault response.
"""

from oslo_serialization import jsonutils
import webob
import webob.exc

from nova import exception
from nova.i18n import _

FAULT_NAMES = {
    400: 'badRequest',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'itemNotFound',
    405: 'badMethod',
    409: 'conflictingRequest',
    413: 'overLimit',
    415: 'badMediaType',
    429: 'overLimit',
    501: 'notImplemented',
    503: 'serviceUnavailable',
}
DEFAULT_FAULT_NAME = 'computeFault'

UNEXPECTED_MESSAGE = _("Unexpected API Error. Please report this at "
                       "http://bugs.launchpad.net/nova/ and attach the Nova "
                       "API log if possible.\n%s")


def fault_name(code):
    return FAULT_NAMES.get(code, DEFAULT_FAULT_NAME)


def _default_explanation(code):
    cls = webob.exc.status_map.get(code)
    return getattr(cls, 'explanation', '') if cls else ''


def build(code, message=None, headers=None):
    """A JSON fault response for ``code``.

    ``message`` defaults to webob's explanation for the status.  For 413
    and 429 a ``Retry-After`` header is repeated as ``retryAfter`` in the
    body, as clients of the v2 API expect.
    """
    if message is None:
        message = _default_explanation(code)
    body = {'code': code, 'message': message}
    headers = dict(headers or {})
    if code in (413, 429) and headers.get('Retry-After'):
        body['retryAfter'] = str(headers['Retry-After'])
    resp = webob.Response(status=code, content_type='application/json',
                          charset='UTF-8')
    resp.body = jsonutils.dump_as_bytes({fault_name(code): body})
    for key, value in headers.items():
        if key.lower() not in ('content-type', 'content-length'):
            resp.headers[key] = str(value)
    return resp


def code_of(exc):
    """The HTTP status an exception stands for, or None if it has none."""
    if isinstance(exc, webob.exc.HTTPException):
        return exc.code
    if isinstance(exc, exception.NovaException):
        return exc.code
    return None


def from_exception(exc):
    """A fault response for a nova or webob exception."""
    if isinstance(exc, webob.exc.HTTPException):
        return build(exc.code, exc.explanation or None, exc.headers)
    code = exc.code if isinstance(exc, exception.NovaException) else 500
    message = (exc.format_message() if code < 500 or getattr(exc, 'safe',
                                                             False)
               else None)
    return build(code, message, getattr(exc, 'headers', None))


def unexpected(exc):
    """The 500 for an exception a handler did not declare."""
    return build(500, UNEXPECTED_MESSAGE % type(exc))
