"""Request dispatch: route table -> version -> body -> handler -> response.

Handlers are plain functions ``handler(req, **path_args)`` (plus ``body``
when they take one).  They describe themselves with decorators that only
attach data, so the dispatcher below is the one place that acts on it:

* ``@api_version('2.10', '2.20')`` - the versions the handler serves.  A
  route may list several handlers for one method; the one whose range
  contains the request's version runs (no redefinition tricks).
* ``@expected_errors((400, 404))`` - the fault codes the handler may return;
  any other error becomes a 500 computeFault (and is logged).
* ``@response(202)`` - the success status (default 200).
* ``@validation.schema(...)`` - request body schemas by version range.

``Actions`` maps the single top-level key of a ``POST .../action`` body to
its handler, so one URL can carry many actions.
"""

import inspect

from oslo_log import log as logging
from oslo_serialization import jsonutils
import routes
import webob
import webob.dec
import webob.exc

from nova.api.openstack import api_version as versioning
from nova.api.openstack import faults
from nova.api.openstack import response_json
from nova.api import validation
from nova import exception
from nova.i18n import _

LOG = logging.getLogger(__name__)

JSON_CONTENT_TYPES = ('application/json',
                      'application/vnd.openstack.compute+json')
# Always acceptable, whatever a handler declares: policy refusals and
# schema failures are not bugs in the handler.
_ALWAYS_EXPECTED = (exception.Forbidden, exception.ValidationError)


class Request(webob.Request):
    """A request that knows its microversion and its context."""

    def __init__(self, environ, *args, **kwargs):
        super().__init__(environ, *args, **kwargs)
        self.api_version_request = versioning.APIVersionRequest()

    @property
    def context(self):
        return self.environ['nova.context']

    def is_legacy_v2(self):
        return bool(self.environ.get('nova.legacy_v2'))

    def set_legacy_v2(self):
        self.environ['nova.legacy_v2'] = True

    def set_api_version_request(self):
        """Read the version headers (legacy /v2 has no microversions)."""
        if self.is_legacy_v2():
            self.api_version_request = versioning.LEGACY_V2
        else:
            self.api_version_request = versioning.from_headers(self.headers)


# --- decorators: they only attach data -----------------------------------

def api_version(min_version, max_version=None):
    """Serve the handler only for requests in [min_version, max_version]."""
    def decorator(func):
        func.api_version_range = (
            versioning.APIVersionRequest(min_version),
            versioning.APIVersionRequest(max_version)
            if max_version else None)
        return func
    return decorator


def expected_errors(errors):
    """Declare the fault codes a handler may return (int or tuple)."""
    if isinstance(errors, int):
        errors = (errors,)

    def decorator(func):
        func.expected_errors = tuple(errors)
        return func
    return decorator


def response(code):
    """Declare the success status of a handler."""
    def decorator(func):
        func.wsgi_code = code
        return func
    return decorator


class ResponseObject(object):
    """What a handler returns when it needs a status or headers of its
    own; a plain dict (or None for no body) is enough otherwise."""

    def __init__(self, obj, code=None, headers=None):
        self.obj = obj
        self.code = code
        self.headers = dict(headers or {})


class Actions(object):
    """Dispatch ``POST .../action`` on the body's single top-level key."""

    def __init__(self, *tables):
        self.table = {}
        for table in tables:
            overlap = set(self.table) & set(table)
            if overlap:
                raise ValueError('Actions defined twice: %s' % overlap)
            self.table.update(table)

    def resolve(self, body):
        if not isinstance(body, dict) or len(body) != 1:
            raise webob.exc.HTTPBadRequest(
                explanation=_("Malformed request body"))
        name = next(iter(body))
        try:
            return self.table[name]
        except KeyError:
            raise webob.exc.HTTPBadRequest(
                explanation=_("There is no such action: %s") % name)


# --- dispatch ---------------------------------------------------------------

def _version_range(handler):
    return getattr(handler, 'api_version_range',
                   (versioning.MIN, None))


def _pick_handler(candidates, req):
    """The candidate whose version range holds the request's version."""
    version = req.api_version_request
    for handler in candidates:
        min_v, max_v = _version_range(handler)
        if req.is_legacy_v2():
            # /v2 requests run whatever serves 2.1 (plus explicit '2.0').
            if (min_v <= versioning.MIN or min_v == version) and (
                    max_v is None or max_v >= versioning.LEGACY_V2):
                return handler
        elif version.matches(min_v, max_v):
            return handler
    raise exception.VersionNotFoundForAPIMethod(
        version=version.get_string())


def _read_body(req):
    """The JSON body, or None when the request has none."""
    if not req.content_length and not req.body:
        return None
    content_type = req.content_type
    if content_type and content_type != 'text/plain' and (
            content_type not in JSON_CONTENT_TYPES):
        raise webob.exc.HTTPBadRequest(
            explanation=_("Unsupported Content-Type"))
    try:
        return jsonutils.loads(req.body)
    except ValueError:
        raise webob.exc.HTTPBadRequest(
            explanation=_("Malformed request body"))


def _takes_body(handler):
    return 'body' in inspect.signature(handler).parameters


def _check_project_id(req, path_args):
    project_id = path_args.pop('project_id', None)
    context = req.environ.get('nova.context')
    if context and project_id and project_id != context.project_id:
        raise webob.exc.HTTPBadRequest(explanation=_(
            "Malformed request URL: URL's project_id '%(project_id)s' "
            "doesn't match Context's project_id '%(context_project_id)s'") % {
                'project_id': project_id,
                'context_project_id': context.project_id})


def _serialize(req, handler, result):
    code = getattr(handler, 'wsgi_code', 200)
    headers = {}
    if isinstance(result, ResponseObject):
        code = result.code or code
        headers = result.headers
        result = result.obj
    resp = webob.Response(status=code)
    if result is not None:
        resp.content_type = 'application/json'
        resp.charset = 'UTF-8'
        resp.body = response_json.dumps(result)
    else:
        resp.content_type = None
        resp.body = b''
    for key, value in headers.items():
        resp.headers[key] = str(value)
    return resp


def invoke(req, candidates, path_args):
    """Run the right handler for ``req``; always returns a response."""
    handler = None
    try:
        _check_project_id(req, path_args)
        body = None
        if req.method in ('POST', 'PUT'):
            body = _read_body(req)
        if isinstance(candidates, Actions):
            candidates = candidates.resolve(body)
        if callable(candidates):
            candidates = [candidates]
        handler = _pick_handler(candidates, req)
        kwargs = dict(path_args)
        if _takes_body(handler):
            validator = validation.select(handler, req.api_version_request,
                                          req.is_legacy_v2())
            if validator is not None:
                validator.validate(body)
            kwargs['body'] = body
        result = handler(req, **kwargs)
        return _serialize(req, handler, result)
    except Exception as exc:
        return _error_response(req, handler, exc)


def _error_response(req, handler, exc):
    code = faults.code_of(exc)
    expected = getattr(handler, 'expected_errors', ())
    if handler is None:
        # Failed before a handler was chosen: a framework-level error
        # (bad body, unknown action, no handler for this version).
        if code is not None and code < 500:
            return faults.from_exception(exc)
    elif isinstance(exc, _ALWAYS_EXPECTED) or (
            code is not None and code in expected):
        LOG.info('%(method)s %(url)s returned %(code)s: %(msg)s',
                 {'method': req.method, 'url': req.path_url, 'code': code,
                  'msg': exc})
        return faults.from_exception(exc)
    LOG.exception('Unexpected exception in API method %s',
                  getattr(handler, '__qualname__', handler))
    return faults.unexpected(exc)


class APIRouter(object):
    """Routes a Compute API request through a route table.

    ``route_list`` is a sequence of ``(path, {METHOD: handler(s)})``.  Each
    path also matches behind a ``/{project_id}`` prefix (optional since
    2.18, always accepted).  With ``legacy_v2`` the router serves /v2:
    no microversions, v2.0 leniency in schemas.
    """

    def __init__(self, route_list, legacy_v2=False, project_prefix=True):
        self.legacy_v2 = legacy_v2
        self.mapper = routes.Mapper()
        self.mapper.minimization = False
        self.mapper.explicit = True
        # Routes keeps match defaults as strings: look methods up by path.
        self.methods = dict(route_list)
        for path, _methods in route_list:
            self.mapper.connect(path, nova_route=path)
        if project_prefix:
            for path, _methods in route_list:
                if path != '/':
                    self.mapper.connect('/{project_id}' + path,
                                        nova_route=path)

    @webob.dec.wsgify(RequestClass=Request)
    def __call__(self, req):
        if self.legacy_v2:
            req.set_legacy_v2()
        try:
            req.set_api_version_request()
        except exception.InvalidAPIVersionString as e:
            return faults.build(400, e.format_message())
        except exception.InvalidGlobalAPIVersion as e:
            return faults.build(406, e.format_message())
        resp = self._route(req)
        if not req.is_legacy_v2():
            versioning.add_response_headers(resp.headers,
                                             req.api_version_request)
        return resp

    def _route(self, req):
        path = req.path_info or '/'
        if len(path) > 1:
            path = path.rstrip('/')
        match = self.mapper.match(path)
        if match is None:
            return faults.build(404)
        match = dict(match)
        methods = self.methods[match.pop('nova_route')]
        match.pop('controller', None)
        match.pop('action', None)
        candidates = methods.get(req.method)
        if candidates is None:
            resp = faults.build(405)
            resp.headers['Allow'] = ', '.join(sorted(methods))
            return resp
        return invoke(req, candidates, match)
