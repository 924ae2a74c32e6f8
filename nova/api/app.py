"""The Compute API WSGI application, composed in code.

Outermost first, every request passes::

    RequestId        x-openstack-request-id / x-compute-request-id
    FaultWrapper     unhandled exception -> 500 computeFault (logged once)
    RequestLog       one access-log line per request
    sizelimit        body over [oslo_middleware]max_request_body_size -> 413
                     overLimit fault
    URL map:
      /v2.1, /v2.1/  -> v2.1 version document          (no authentication)
      /v2,   /v2/    -> v2.0 version document          (no authentication)
      /v2.1/...      -> auth -> context -> routes (microversions)
      /v2/...        -> auth -> context -> routes (legacy v2.0, no versions)
      anything else  -> versions list (/) or 300 Multiple Choices

``auth`` is chosen by ``[api]auth_strategy``: ``keystone`` puts
keystonemiddleware's auth_token and :class:`KeystoneContext` in front;
``noauth2`` trusts ``X-Auth-Token: user:project``.
"""

import webob.dec

import nova.conf
from nova.api.middleware import faultwrap
from nova.api.middleware import noauth
from nova.api.middleware import request_id
from nova.api.middleware import requestlog
from nova.api.middleware import sizelimit
from nova.api.openstack.compute import routes
from nova.api.openstack.compute import versions
from nova.api.openstack import wsgi

CONF = nova.conf.CONF


def _authenticated(application):
    strategy = CONF.api.auth_strategy
    if strategy == 'noauth2':
        return noauth.NoAuthMiddleware(application)
    if strategy == 'keystone':
        # Imported late: keystonemiddleware registers its options on import.
        from nova.api.middleware import keystone
        return keystone.pipeline(application)
    raise ValueError('Unknown [api]auth_strategy %r' % strategy)


class URLMap(object):
    """Send a request to the app mounted at its version prefix.

    The prefix moves from PATH_INFO to SCRIPT_NAME, so links built from
    ``req.application_url`` include it.
    """

    def __init__(self, mounts, exact, default):
        # Longest prefix first so /v2.1 wins over /v2.
        self.mounts = sorted(mounts.items(), key=lambda kv: -len(kv[0]))
        self.exact = exact
        self.default = default

    @webob.dec.wsgify
    def __call__(self, req):
        path = req.path_info
        for prefix, app in self.exact.items():
            if path in (prefix, prefix + '/'):
                return self._shift(req, prefix, app)
        for prefix, app in self.mounts:
            if path.startswith(prefix + '/'):
                return self._shift(req, prefix, app)
        return self.default

    @staticmethod
    def _shift(req, prefix, app):
        req.script_name = req.script_name + prefix
        req.path_info = req.path_info[len(prefix):] or '/'
        return app


def build_app():
    """The whole Compute API as one WSGI callable (config already
    parsed)."""
    version_doc = wsgi.APIRouter(versions.ROUTES, project_prefix=False)
    legacy_version_doc = wsgi.APIRouter(versions.ROUTES, legacy_v2=True,
                                        project_prefix=False)
    urlmap = URLMap(
        mounts={
            '/v2.1': _authenticated(routes.router()),
            '/v2': _authenticated(routes.router(legacy_v2=True)),
        },
        exact={'/v2.1': version_doc, '/v2': legacy_version_doc},
        default=versions.root_app)
    app = sizelimit.RequestBodySizeLimiter(urlmap, CONF)
    app = requestlog.RequestLog(app)
    app = faultwrap.FaultWrapper(app)
    app = request_id.RequestId(app)
    return app
