"""The placement WSGI application, composed in code.

Outermost first::

    RequestId        x-openstack-request-id
    ErrorFormatter   any error body -> {"errors": [...]}
    FaultWrapper     unhandled exception -> 500 (logged once)
    RequestLog       one access-log line per request
    sizelimit        body over [oslo_middleware]max_request_body_size -> 413
    GET /            -> the handler directly (version document, no auth)
    anything else    -> auth ([api]auth_strategy: noauth2 or keystone,
                        as the Compute API) -> PlacementHandler
"""

from oslo_middleware import request_id
from oslo_middleware import sizelimit
import webob.dec

import nova.conf
from nova.api import app as compute_app
from nova.api.middleware import faultwrap
from nova.api.middleware import requestlog
from nova.api.openstack.placement import errors
from nova.api.openstack.placement import handler

CONF = nova.conf.CONF


class _RootIsPublic(object):
    """``GET /`` goes straight to the handler; the rest is authenticated.
    """

    def __init__(self, public, authenticated):
        self.public = public
        self.authenticated = authenticated

    @webob.dec.wsgify
    def __call__(self, req):
        if req.path_info in ('', '/'):
            return self.public
        return self.authenticated


def build_app():
    """The whole placement API as one WSGI callable (config parsed)."""
    placement = handler.PlacementHandler()
    # The Compute API's authentication (noauth2 or keystone).
    app = _RootIsPublic(placement, compute_app._authenticated(placement))
    app = sizelimit.RequestBodySizeLimiter(app, CONF)
    app = requestlog.RequestLog(app)
    app = faultwrap.FaultWrapper(app)
    app = errors.ErrorFormatter(app)
    app = request_id.RequestId(app)
    return app
