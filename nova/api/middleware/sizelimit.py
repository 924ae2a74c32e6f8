"""Request bodies over ``[oslo_middleware] max_request_body_size`` get a
413 ``overLimit`` fault.

oslo.middleware's own limiter answers a plain-text 413 whose message
still carries an unfilled ``%s``; this one answers like every other
Compute API error.  A body sent without Content-Length (chunked) is
wrapped in oslo's ``LimitingReader``: reading past the limit raises the
413, which request dispatch turns into the same fault.
"""

from oslo_middleware import sizelimit
import webob.dec

from nova.api.openstack import faults
from nova.i18n import _


class RequestBodySizeLimiter(object):

    def __init__(self, application, conf):
        self.application = application
        self.conf = conf
        conf.register_opts(sizelimit.OPTS, group='oslo_middleware')

    @webob.dec.wsgify
    def __call__(self, req):
        limit = self.conf.oslo_middleware.max_request_body_size
        if req.content_length is not None and req.content_length > limit:
            return faults.build(413, _(
                "Request is too large. Larger than max_request_body_size "
                "(%d).") % limit)
        if req.content_length is None:
            req.body_file = sizelimit.LimitingReader(req.body_file, limit)
        return self.application
