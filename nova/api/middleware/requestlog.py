"""One INFO line per request: client, method, URL, status, size, version,
time."""

import time

from oslo_log import log as logging
import webob.dec

from nova.api.openstack import api_version

LOG = logging.getLogger(__name__)


class RequestLog(object):

    def __init__(self, application):
        self.application = application

    @webob.dec.wsgify
    def __call__(self, req):
        start = time.monotonic()
        resp = req.get_response(self.application)
        microversion = resp.headers.get(api_version.LEGACY_HEADER, '-')
        LOG.info('%(remote)s "%(method)s %(uri)s" status: %(status)s '
                 'len: %(len)s microversion: %(mv)s time: %(time).6f',
                 {'remote': req.remote_addr or '-', 'method': req.method,
                  'uri': req.path_qs, 'status': resp.status_int,
                  'len': resp.content_length or 0, 'mv': microversion,
                  'time': time.monotonic() - start})
        return resp
