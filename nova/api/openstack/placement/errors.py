"""Placement's error bodies and the one mapping from domain errors to
HTTP statuses.

Every error response has the body::

    {"errors": [{"status": 409, "title": "Conflict",
                 "detail": "...", "request_id": "req-..."}]}

Handlers raise :class:`HTTPError` for request problems and the domain
errors of :mod:`.exception` for the rest; :data:`STATUS_OF` decides their
status.  Middleware reused from the Compute API (authentication, fault
wrapping, body size limit) answers in the Compute API's fault format;
:class:`ErrorFormatter` rewrites those into placement's.
"""

from oslo_log import log as logging
from oslo_middleware import request_id
from oslo_serialization import jsonutils
import webob
import webob.dec
import webob.exc

from nova.api.openstack.placement import exception

LOG = logging.getLogger(__name__)

STATUS_OF = (
    (exception.NotFound, 404),
    (exception.Conflict, 409),
    (exception.BadRequest, 400),
)


class HTTPError(Exception):
    """An error response to send as is."""

    def __init__(self, status, detail, headers=None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


def status_of(exc):
    for cls, status in STATUS_OF:
        if isinstance(exc, cls):
            return status
    return 500


def expects(*statuses):
    """Declare the statuses a handler's domain errors may become; any
    other domain error from it is a bug and answered with a 500."""
    def decorator(func):
        func.expected_statuses = frozenset(statuses)
        return func
    return decorator


def title(status):
    cls = webob.exc.status_map.get(status)
    return cls.title if cls is not None else 'Error'


def response(req, status, detail, headers=None):
    resp = webob.Response(status=status, content_type='application/json',
                          charset='UTF-8')
    resp.body = jsonutils.dump_as_bytes({'errors': [{
        'status': status,
        'title': title(status),
        'detail': detail,
        'request_id': req.environ.get(request_id.ENV_REQUEST_ID),
    }]})
    for key, value in (headers or {}).items():
        resp.headers[key] = str(value)
    return resp


def from_exception(req, handler, exc):
    """The response for an exception raised by ``handler``."""
    if isinstance(exc, HTTPError):
        return response(req, exc.status, exc.detail, exc.headers)
    status = status_of(exc) if isinstance(exc,
                                          exception.PlacementError) else 500
    declared = getattr(handler, 'expected_statuses', None)
    if status < 500 and (declared is None or status in declared):
        return response(req, status, exc.format_message())
    LOG.exception('Unexpected error from %s',
                  getattr(handler, '__name__', handler))
    return response(req, 500, 'An unexpected error occurred. Please see '
                              'the placement API log.')


def _compute_fault_message(resp):
    """The message of a Compute API fault body, or None."""
    try:
        body = jsonutils.loads(resp.body)
    except ValueError:
        return None
    if isinstance(body, dict) and len(body) == 1:
        inner = next(iter(body.values()))
        if isinstance(inner, dict) and 'message' in inner:
            return inner['message']
    return None


class ErrorFormatter(object):
    """Rewrite error responses not already in placement's format."""

    def __init__(self, application):
        self.application = application

    @webob.dec.wsgify
    def __call__(self, req):
        resp = req.get_response(self.application)
        if resp.status_int < 400:
            return resp
        if resp.content_type == 'application/json' and b'"errors"' in (
                resp.body or b''):
            return resp
        detail = None
        if resp.content_type == 'application/json':
            detail = _compute_fault_message(resp)
        if detail is None:
            cls = webob.exc.status_map.get(resp.status_int)
            detail = getattr(cls, 'explanation', '') or resp.status
        keep = {k: v for k, v in resp.headers.items()
                if k.lower() not in ('content-type', 'content-length')}
        return response(req, resp.status_int, detail, keep)
