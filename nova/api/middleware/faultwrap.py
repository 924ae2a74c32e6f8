"""Last line of defence: an exception nobody handled becomes a 500
``computeFault`` and its traceback is logged, once.

Plain WSGI rather than webob's ``wsgify``, which would build a Request
and a Response around every call to catch the rare exception.
"""

from oslo_log import log as logging

from nova.api.openstack import faults

LOG = logging.getLogger(__name__)


class FaultWrapper(object):

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        try:
            return self.application(environ, start_response)
        except Exception as exc:
            LOG.exception('Caught error: %s', exc)
            code = faults.code_of(exc)
            if code is not None and code < 500:
                response = faults.from_exception(exc)
            else:
                response = faults.build(500)
            # Started again if the application had started its response
            # before failing: the server's RequestId layer (webob) above
            # takes the last status and headers, as wsgify did here.
            return response(environ, start_response)
