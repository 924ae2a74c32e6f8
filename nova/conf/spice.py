"""[spice]: SPICE consoles and nova-spicehtml5proxy."""

from oslo_config import cfg

spice_group = cfg.OptGroup('spice', title='SPICE console options',
                           help="SPICE consoles of servers, served to "
                                "browsers by nova-spicehtml5proxy.")

spice_opts = [
    cfg.BoolOpt('enabled', default=False,
                help="Enable SPICE consoles (the VNC console is then "
                     "usually disabled)."),
    cfg.BoolOpt('agent_enabled', default=True,
                help="Enable the SPICE guest agent (clipboard, resize)."),
    cfg.URIOpt('html5proxy_base_url',
               default='http://127.0.0.1:6082/spice_auto.html',
               help="Public URL of nova-spicehtml5proxy given to users."),
    cfg.StrOpt('server_listen', default='127.0.0.1',
               help="Address the guests' SPICE servers listen on."),
    cfg.StrOpt('server_proxyclient_address', default='127.0.0.1',
               help="Address of this compute host that the SPICE proxy "
                    "connects to."),
    cfg.StrOpt('keymap', default='en-us',
               deprecated_for_removal=True,
               deprecated_since='18.0.0',
               deprecated_reason="Keymaps should be set inside the guest.",
               help="Keymap for SPICE consoles."),
    cfg.HostAddressOpt('html5proxy_host', default='0.0.0.0',
                       deprecated_group='DEFAULT',
                       help="Address nova-spicehtml5proxy listens on."),
    cfg.PortOpt('html5proxy_port', default=6082,
                deprecated_group='DEFAULT',
                help="Port nova-spicehtml5proxy listens on."),
]


def register_opts(conf):
    conf.register_group(spice_group)
    conf.register_opts(spice_opts, group=spice_group)


def list_opts():
    return {spice_group: spice_opts}
