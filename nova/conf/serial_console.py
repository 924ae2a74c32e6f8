"""[serial_console]: interactive serial consoles via nova-serialproxy."""

from oslo_config import cfg

serial_opt_group = cfg.OptGroup('serial_console', title='The serial console '
                                'feature',
                                help="Serial consoles of servers, reached "
                                     "over websockets through "
                                     "nova-serialproxy.")

serial_opts = [
    cfg.BoolOpt('enabled', default=False,
                help="Enable serial consoles for new servers."),
    cfg.StrOpt('port_range', default='10000:20000',
               regex=r'^\d+:\d+$',
               help="TCP port range (``min:max``) a compute host uses for "
                    "guests' serial ports."),
    cfg.URIOpt('base_url', default='ws://127.0.0.1:6083/',
               help="Public URL of nova-serialproxy given to users."),
    cfg.StrOpt('proxyclient_address', default='127.0.0.1',
               help="Address of this compute host that the serial proxy "
                    "connects to."),
    cfg.StrOpt('serialproxy_host', default='0.0.0.0',
               help="Address nova-serialproxy listens on."),
    cfg.PortOpt('serialproxy_port', default=6083,
                help="Port nova-serialproxy listens on."),
]


def register_opts(conf):
    conf.register_group(serial_opt_group)
    conf.register_opts(serial_opts, group=serial_opt_group)


def list_opts():
    return {serial_opt_group: serial_opts}
