"""Last line of defence: an exception nobody handled becomes a 500
``computeFault`` and its traceback is logged, once."""

from oslo_log import log as logging
import webob.dec

from nova.api.openstack import faults

LOG = logging.getLogger(__name__)


class FaultWrapper(object):

    def __init__(self, application):
        self.application = application

    @webob.dec.wsgify
    def __call__(self, req):
        try:
            return req.get_response(self.application)
        except Exception as exc:
            LOG.exception('Caught error: %s', exc)
            code = faults.code_of(exc)
            if code is not None and code < 500:
                return faults.from_exception(exc)
            return faults.build(500)
