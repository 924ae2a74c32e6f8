"""Console options: nova-console ([DEFAULT]), the XVP proxy ([DEFAULT]
console_xvp_*), the websocket proxies' TLS settings ([DEFAULT] cert/key/
web...) and [console]."""

import socket

from oslo_config import cfg

console_group = cfg.OptGroup('console', title='Console Options',
                             help="Options shared by the console proxies.")

default_opts = [
    cfg.StrOpt('console_driver', default='nova.console.xvp.XVPConsoleProxy',
               help="Driver class used by nova-console to set up "
                    "multi-tenant console access."),
    cfg.StrOpt('console_public_hostname', default=socket.gethostname(),
               sample_default='<current_hostname>',
               help="Publicly visible name of this console host."),
    cfg.StrOpt('console_host', default=socket.gethostname(),
               sample_default='<current_hostname>',
               help="Host where the console proxy for this compute host "
                    "runs (used to build console URLs)."),
]

xvp_opts = [
    cfg.StrOpt('console_xvp_conf_template',
               default='$pybasedir/nova/console/xvp.conf.template',
               help="Template used to write the XVP configuration."),
    cfg.StrOpt('console_xvp_conf', default='/etc/xvp.conf',
               help="Generated XVP configuration file."),
    cfg.StrOpt('console_xvp_pid', default='/var/run/xvp.pid',
               help="XVP pid file."),
    cfg.StrOpt('console_xvp_log', default='/var/log/xvp.log',
               help="XVP log file."),
    cfg.PortOpt('console_xvp_multiplex_port', default=5900,
                help="Port on which XVP multiplexes VNC connections."),
]

# The websocket proxies (nova-novncproxy, nova-spicehtml5proxy,
# nova-serialproxy) share these.
web_proxy_opts = [
    cfg.BoolOpt('record', default=False,
                help="Record the proxied sessions to files (debugging)."),
    cfg.BoolOpt('daemon', default=False,
                help="Run the proxy as a background process."),
    cfg.BoolOpt('ssl_only', default=False,
                help="Refuse connections that are not TLS."),
    cfg.BoolOpt('source_is_ipv6', default=False,
                help="The proxy listens on an IPv6 address."),
    cfg.StrOpt('cert', default='self.pem',
               help="TLS certificate file of the proxy."),
    cfg.StrOpt('key',
               help="TLS key file of the proxy (if not inside the "
                    "certificate file)."),
    cfg.StrOpt('web', default='/usr/share/spice-html5',
               help="Directory of web files served by the proxy."),
]

console_opts = [
    cfg.ListOpt('allowed_origins', default=[],
                deprecated_name='console_allowed_origins',
                deprecated_group='DEFAULT',
                help="Origin host names, besides the proxy's own, allowed "
                     "to open console websockets."),
]


def register_opts(conf):
    conf.register_opts(default_opts + xvp_opts + web_proxy_opts)
    conf.register_group(console_group)
    conf.register_opts(console_opts, group=console_group)


def list_opts():
    return {'DEFAULT': default_opts + xvp_opts + web_proxy_opts,
            console_group: console_opts}
