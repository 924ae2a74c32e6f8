"""[placement]: how nova reaches the Placement API.

The keystoneauth1 session, auth and adapter options are registered here;
the auth plugin's own options (auth_url, username, ... for ``password``;
endpoint and token for ``admin_token``) are registered by
``nova.config.parse_args`` once ``auth_type`` is known.
"""

from oslo_config import cfg

from nova.conf import utils as confutils

DEFAULT_SERVICE_TYPE = 'placement'

placement_group = cfg.OptGroup(
    'placement', title='Placement Service Options',
    help="Credentials and endpoint selection for the Placement API.")

placement_opts = [
    # Kept readable under their own names for code written against the
    # Pike option names; a value set here is also what region_name /
    # valid_interfaces return (they accept these as deprecated aliases).
    cfg.StrOpt('os_region_name',
               help="Deprecated spelling of region_name: region of the "
                    "placement endpoint in the service catalog."),
    cfg.StrOpt('os_interface',
               help="Deprecated spelling of valid_interfaces: endpoint "
                    "interface (public, internal, admin) used to reach "
                    "placement."),
    cfg.BoolOpt('randomize_allocation_candidates', default=False,
                help="Return allocation candidates in random order, to "
                     "spread load when many are equal."),
]

# The pre-Queens names still work for the keystoneauth1 adapter options.
deprecated_ksa_opts = {
    'region-name': [cfg.DeprecatedOpt('os_region_name',
                                      group=placement_group.name)],
    'valid-interfaces': [cfg.DeprecatedOpt('os_interface',
                                           group=placement_group.name)],
}


def _adapter_opts():
    return confutils.get_ksa_adapter_opts(DEFAULT_SERVICE_TYPE,
                                          deprecated_opts=deprecated_ksa_opts)


def register_opts(conf):
    conf.register_group(placement_group)
    conf.register_opts(placement_opts, group=placement_group)
    confutils.register_ksa_opts(conf, placement_group, DEFAULT_SERVICE_TYPE,
                                deprecated_opts=deprecated_ksa_opts)
    conf.set_default('valid_interfaces', ['internal', 'public'],
                     group=placement_group.name)


def list_opts():
    opts = confutils.ksa_list_opts(DEFAULT_SERVICE_TYPE,
                                   deprecated_opts=deprecated_ksa_opts)
    for opt in opts:
        if opt.dest == 'valid_interfaces':
            opt.default = ['internal', 'public']
    return {placement_group: placement_opts + opts}
