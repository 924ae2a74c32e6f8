"""In-process facade over conductor for other services."""

import oslo_messaging as messaging
from oslo_log import log as logging

from nova import baserpc
from nova.conductor import rpcapi
from nova import exception

LOG = logging.getLogger(__name__)


class API(object):
    """What a service needs from conductor besides object indirection."""

    def __init__(self):
        self.base_rpcapi = baserpc.BaseAPI(topic=rpcapi.RPC_TOPIC)

    def wait_until_ready(self, context, early_timeout=3, early_attempts=20):
        """Block until nova-conductor answers a ping.

        nova-compute cannot even read its own service record without
        conductor, so it waits here at start-up, retrying quickly a few
        times and then at the default RPC timeout, logging each miss.
        """
        attempt = 0
        while True:
            timeout = early_timeout if attempt < early_attempts else None
            try:
                self.base_rpcapi.ping(context, '1.21 GigaWatts',
                                      timeout=timeout)
                if attempt:
                    LOG.info('nova-conductor connection established '
                             'successfully')
                return
            except messaging.MessagingTimeout:
                attempt += 1
                LOG.warning('Timed out waiting for nova-conductor.  Is it '
                            'running? Or did this service start before '
                            'nova-conductor?  Reattempting establishment '
                            'of nova-conductor connection...')
            except exception.NovaException:
                raise
