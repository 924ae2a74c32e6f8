"""[vnc]: VNC consoles and the noVNC / XVP VNC proxies."""

from oslo_config import cfg
from oslo_config import types

vnc_group = cfg.OptGroup('vnc', title='VNC options',
                         help="Virtual Network Computing (VNC) consoles of "
                              "servers, served to browsers by "
                              "nova-novncproxy.")

vnc_opts = [
    cfg.BoolOpt('enabled', default=True,
                deprecated_name='vnc_enabled', deprecated_group='DEFAULT',
                help="Enable VNC consoles for new servers."),
    cfg.StrOpt('keymap', default='en-us',
               deprecated_name='vnc_keymap', deprecated_group='DEFAULT',
               deprecated_for_removal=True,
               deprecated_since='18.0.0',
               deprecated_reason="Keymaps should be set inside the guest.",
               help="Keymap the hypervisor's VNC server uses."),
    cfg.HostAddressOpt('server_listen', default='127.0.0.1',
                       deprecated_opts=[
                           cfg.DeprecatedOpt('vncserver_listen',
                                             group='DEFAULT'),
                           cfg.DeprecatedOpt('vncserver_listen',
                                             group='vnc')],
                       help="Address the guests' VNC servers on this "
                            "compute host listen on."),
    cfg.HostAddressOpt('server_proxyclient_address', default='127.0.0.1',
                       deprecated_opts=[
                           cfg.DeprecatedOpt('vncserver_proxyclient_address',
                                             group='DEFAULT'),
                           cfg.DeprecatedOpt('vncserver_proxyclient_address',
                                             group='vnc')],
                       help="Address of this compute host that the VNC "
                            "proxy connects to (usually $my_ip)."),
    cfg.URIOpt('novncproxy_base_url',
               default='http://127.0.0.1:6080/vnc_auto.html',
               deprecated_group='DEFAULT',
               help="Public URL of nova-novncproxy given to users; a "
                    "token is appended as a query parameter."),
    cfg.HostAddressOpt('xvpvncproxy_host', default='0.0.0.0',
                       deprecated_group='DEFAULT',
                       help="Address nova-xvpvncproxy listens on."),
    cfg.PortOpt('xvpvncproxy_port', default=6081,
                deprecated_group='DEFAULT',
                help="Port nova-xvpvncproxy listens on."),
    cfg.URIOpt('xvpvncproxy_base_url',
               default='http://127.0.0.1:6081/console',
               deprecated_group='DEFAULT',
               help="Public URL of nova-xvpvncproxy given to users."),
    cfg.StrOpt('novncproxy_host', default='0.0.0.0',
               deprecated_group='DEFAULT',
               help="Address nova-novncproxy listens on."),
    cfg.PortOpt('novncproxy_port', default=6080,
                deprecated_group='DEFAULT',
                help="Port nova-novncproxy listens on."),
    cfg.ListOpt('auth_schemes',
                item_type=types.String(choices=(
                    ('none', 'Allow connection without authentication.'),
                    ('vencrypt', 'Use VeNCrypt (TLS) authentication.'))),
                default=['none'],
                help="Authentication schemes the proxy offers to compute "
                     "hosts' VNC servers, most preferred first."),
    cfg.StrOpt('vencrypt_client_key',
               help="Private key the proxy presents for VeNCrypt."),
    cfg.StrOpt('vencrypt_client_cert',
               help="Certificate the proxy presents for VeNCrypt."),
    cfg.StrOpt('vencrypt_ca_certs',
               help="CA certificates used to verify compute hosts' VNC "
                    "servers under VeNCrypt."),
]


def register_opts(conf):
    conf.register_group(vnc_group)
    conf.register_opts(vnc_opts, group=vnc_group)


def list_opts():
    return {vnc_group: vnc_opts}
