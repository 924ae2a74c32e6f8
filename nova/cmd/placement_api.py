"""nova-placement-api: serve the Placement API.

Listens on ``[DEFAULT]placement_listen:placement_listen_port`` (default
``0.0.0.0:8778``, upstream's port) with ``placement_workers`` pre-forked
processes (default: one per CPU), using the same server as nova-api.
The three options may also be given on the command line
(``--placement-listen-port 8778``).  SIGTERM/SIGINT stop it cleanly.
"""

import sys

from oslo_concurrency import processutils
from oslo_config import cfg

from nova.api.openstack.placement import deploy
from nova.api import server
from nova import config
import nova.conf

CONF = nova.conf.CONF

opts = [
    cfg.HostAddressOpt('placement_listen', default='0.0.0.0',
                       help="IP address nova-placement-api listens on."),
    cfg.PortOpt('placement_listen_port', default=8778,
                help="Port nova-placement-api listens on."),
    cfg.IntOpt('placement_workers', min=1,
               help="Number of nova-placement-api worker processes; "
                    "defaults to the number of CPUs."),
]


def register_opts(conf=CONF):
    if 'placement_listen' not in conf:
        conf.register_cli_opts(opts)


def main(argv=None):
    register_opts()
    config.parse_args(argv if argv is not None else sys.argv)
    config.setup_logging('nova-placement-api')
    workers = CONF.placement_workers or processutils.get_worker_count()
    service = server.WSGIService(
        'placement', deploy.build_app,
        CONF.placement_listen, CONF.placement_listen_port, workers=workers)
    return service.serve()


if __name__ == '__main__':
    sys.exit(main())
