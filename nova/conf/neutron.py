"""[neutron]: how nova reaches the Networking service (minimal)."""

from oslo_config import cfg

from nova.conf import utils as confutils

DEFAULT_SERVICE_TYPE = 'network'

neutron_group = cfg.OptGroup('neutron', title='Neutron Options',
                             help="Configuration options for the "
                                  "Networking service (neutron).")

neutron_opts = [
    cfg.StrOpt('ovs_bridge', default='br-int',
               help="Open vSwitch bridge VIFs are plugged into."),
    cfg.StrOpt('default_floating_pool', default='nova',
               help="External network floating IPs are allocated from "
                    "by default."),
    cfg.IntOpt('extension_sync_interval', default=600, min=0,
               help="Seconds between refreshes of neutron's extension "
                    "list."),
    cfg.BoolOpt('service_metadata_proxy', default=False,
                help="Neutron proxies metadata requests (so the metadata "
                     "API trusts its headers)."),
    cfg.StrOpt('metadata_proxy_shared_secret', default='', secret=True,
               help="Secret shared with neutron's metadata proxy to sign "
                    "instance ids."),
]

# Pre-Queens ``url`` is read as the adapter's endpoint_override.
deprecated_ksa_opts = {
    'endpoint-override': [cfg.DeprecatedOpt('url',
                                            group=neutron_group.name)],
}


def register_opts(conf):
    conf.register_group(neutron_group)
    conf.register_opts(neutron_opts, group=neutron_group)
    confutils.register_ksa_opts(conf, neutron_group, DEFAULT_SERVICE_TYPE,
                                deprecated_opts=deprecated_ksa_opts)


def list_opts():
    return {neutron_group: (neutron_opts +
                            confutils.ksa_list_opts(
                                DEFAULT_SERVICE_TYPE,
                                deprecated_opts=deprecated_ksa_opts))}
