"""nova-api: serve the Compute API (osapi_compute).

Listens on ``[DEFAULT]osapi_compute_listen:osapi_compute_listen_port``
with ``osapi_compute_workers`` pre-forked processes (default: one per
CPU).  SIGTERM/SIGINT stop it cleanly.  The metadata API is not built yet,
so ``enabled_apis`` only decides whether osapi_compute runs.
"""

import sys

from oslo_concurrency import processutils
from oslo_log import log as logging

from nova.api import app
from nova.api import server
from nova import config
import nova.conf
from nova import objects
from nova import rpc

CONF = nova.conf.CONF
LOG = logging.getLogger('nova.api')


def main(argv=None):
    config.parse_args(argv if argv is not None else sys.argv)
    if hasattr(config, 'setup_logging'):
        config.setup_logging('nova-api')
    objects.register_all()
    # Flavors do not use RPC yet; servers will, so fail early if it is
    # misconfigured.
    rpc.init(CONF)
    if 'osapi_compute' not in CONF.enabled_apis:
        LOG.error('osapi_compute is not in [DEFAULT]enabled_apis; nothing '
                  'to serve (the metadata API is not implemented)')
        return 1
    if 'metadata' in CONF.enabled_apis:
        LOG.warning('The metadata API is not implemented; serving '
                    'osapi_compute only')
    workers = CONF.osapi_compute_workers or processutils.get_worker_count()
    service = server.WSGIService(
        'osapi_compute', app.build_app,
        CONF.osapi_compute_listen, CONF.osapi_compute_listen_port,
        workers=workers)
    return service.serve()


if __name__ == '__main__':
    sys.exit(main())
