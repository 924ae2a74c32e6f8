"""One INFO line per request: client, method, URL, status, size, version,
time.

Plain WSGI rather than webob's ``wsgify``: a wsgify layer builds a
Request and a Response object around every call, and this one only
needs to see the status and two headers go by.
"""

import time

from oslo_log import log as logging
import webob

from nova.api.openstack import api_version

LOG = logging.getLogger(__name__)

_MICROVERSION = api_version.LEGACY_HEADER.lower()


class RequestLog(object):

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        start = time.monotonic()
        seen = []

        def start_seen(status, headers, exc_info=None):
            seen[:] = [status, headers]
            return start_response(status, headers, exc_info)

        result = self.application(environ, start_seen)
        status, headers = seen or ('-', [])
        microversion = length = None
        for name, value in headers:
            name = name.lower()
            if name == _MICROVERSION:
                microversion = value
            elif name == 'content-length':
                length = value
        LOG.info('%(remote)s "%(method)s %(uri)s" status: %(status)s '
                 'len: %(len)s microversion: %(mv)s time: %(time).6f',
                 {'remote': environ.get('REMOTE_ADDR') or '-',
                  'method': environ.get('REQUEST_METHOD'),
                  'uri': webob.Request(environ).path_qs,
                  'status': status.split(' ', 1)[0],
                  'len': length or 0, 'mv': microversion or '-',
                  'time': time.monotonic() - start})
        return result
