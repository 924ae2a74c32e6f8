"""Host identity: my_ip and host ([DEFAULT])."""

import socket

from oslo_config import cfg
from oslo_utils import netutils


def _default_ip():
    return netutils.get_my_ipv4() or '127.0.0.1'


netconf_opts = [
    cfg.StrOpt('my_ip', default=_default_ip(), sample_default='<host_ipv4>',
               help="The IP address of this host, used by other services "
                    "to reach it (VNC proxy client address, migrations)."),
    cfg.StrOpt('my_block_storage_ip', default='$my_ip',
               help="The IP address used for block storage traffic."),
    cfg.StrOpt('host', default=socket.gethostname(),
               sample_default='<current_hostname>',
               help="The name of this host as the cloud knows it: the "
                    "services table, RPC topic ``<topic>.<host>`` and "
                    "host mappings all use it.  Must be unique per "
                    "nova-compute."),
    cfg.BoolOpt('flat_injected', default=False,
                help="Inject network configuration into the guest image."),
]


def register_opts(conf):
    conf.register_opts(netconf_opts)


def list_opts():
    return {'DEFAULT': netconf_opts}
