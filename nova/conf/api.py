"""[api]: the Compute API's own options, including the metadata API
options that upstream keeps in this group."""

from oslo_config import cfg

api_group = cfg.OptGroup('api', title='API options',
                         help="Options under this group are used to define "
                              "Nova API.")

auth_opts = [
    cfg.StrOpt('auth_strategy', default='keystone',
               choices=[('keystone', 'Use keystonemiddleware auth_token '
                                     '(configured in [keystone_authtoken]).'),
                        ('noauth2', 'Trust X-Auth-Token "user:project"; '
                                    'for development and testing only.')],
               deprecated_group='DEFAULT',
               help="How requests to the Compute API are authenticated."),
    cfg.BoolOpt('use_forwarded_for', default=False,
                deprecated_group='DEFAULT',
                help="Trust X-Forwarded-For as the client address.  Only "
                     "enable behind a proxy that sets it."),
]

metadata_opts = [
    cfg.StrOpt('config_drive_skip_versions',
               default=('1.0 2007-01-19 2007-03-01 2007-08-29 2007-10-10 '
                        '2007-12-15 2008-02-01 2008-09-01'),
               deprecated_group='DEFAULT',
               help="EC2 metadata versions left out of config drives "
                    "(space separated)."),
    cfg.StrOpt('vendordata_jsonfile_path',
               deprecated_group='DEFAULT',
               help="A JSON file served as static vendor data "
                    "(vendor_data.json) to guests."),
    cfg.ListOpt('vendordata_providers', default=['StaticJSON'],
                item_type=cfg.types.String(
                    choices=[('StaticJSON', 'Serve '
                              'vendordata_jsonfile_path.'),
                             ('DynamicJSON', 'Query the services in '
                              'vendordata_dynamic_targets.')]),
                deprecated_group='DEFAULT',
                help="Vendor data providers, in order."),
    cfg.ListOpt('vendordata_dynamic_targets', default=[],
                deprecated_group='DEFAULT',
                help="``name@url`` REST services asked for dynamic "
                     "vendor data."),
    cfg.StrOpt('vendordata_dynamic_ssl_certfile', default='',
               deprecated_group='DEFAULT',
               help="CA bundle used to verify those services."),
    cfg.IntOpt('vendordata_dynamic_connect_timeout', default=5, min=3,
               deprecated_group='DEFAULT',
               help="Seconds to connect to a dynamic vendor data "
                    "service."),
    cfg.IntOpt('vendordata_dynamic_read_timeout', default=5, min=0,
               deprecated_group='DEFAULT',
               help="Seconds to read a dynamic vendor data answer."),
    cfg.BoolOpt('vendordata_dynamic_failure_fatal', default=False,
                help="Fail the metadata request when a dynamic vendor "
                     "data service fails."),
    cfg.IntOpt('metadata_cache_expiration', default=15, min=0,
               deprecated_group='DEFAULT',
               help="Seconds metadata answers are cached (0 disables)."),
    cfg.BoolOpt('local_metadata_per_cell', default=False,
                help="The metadata API runs per cell and only looks "
                     "there for instances."),
    cfg.StrOpt('dhcp_domain', default='novalocal',
               help="Domain appended to hostnames in metadata (empty "
                    "for none)."),
]

# Deprecated_group 'DEFAULT' keeps pre-Ocata nova.conf files working.
common_opts = [
    cfg.IntOpt('max_limit', default=1000, min=0,
               deprecated_name='osapi_max_limit',
               deprecated_group='DEFAULT',
               help="Most items a list call returns at once."),
    cfg.StrOpt('compute_link_prefix',
               deprecated_name='osapi_compute_link_prefix',
               deprecated_group='DEFAULT',
               help="Replace the scheme/host/port of compute links, for "
                    "APIs behind a proxy."),
    cfg.StrOpt('glance_link_prefix',
               deprecated_name='osapi_glance_link_prefix',
               deprecated_group='DEFAULT',
               help="Replace the scheme/host/port of image links."),
    cfg.BoolOpt('instance_list_per_project_cells', default=False,
                help="Only query the cells a project has servers in when "
                     "listing servers."),
    cfg.BoolOpt('list_records_by_skipping_down_cells', default=True,
                help="Leave out records of cells that are down instead "
                     "of failing list calls."),
]

other_opts = [
    cfg.BoolOpt('enable_instance_password', default=True,
                deprecated_group='DEFAULT',
                help="Return the generated admin password in create and "
                     "rebuild responses."),
    cfg.BoolOpt('allow_instance_snapshots', default=True,
                deprecated_group='DEFAULT',
                help="Allow createImage (snapshot) requests."),
    cfg.ListOpt('hide_server_address_states', default=['building'],
                deprecated_group='DEFAULT',
                help="Server states in which addresses are not shown."),
    cfg.StrOpt('fping_path', default='/usr/sbin/fping',
               deprecated_group='DEFAULT',
               help="Location of fping for the os-fping API."),
    cfg.BoolOpt('use_neutron_default_nets', default=False,
                deprecated_group='DEFAULT',
                help="Show neutron's shared networks in "
                     "os-tenant-networks."),
    cfg.StrOpt('neutron_default_tenant_id', default='default',
               deprecated_group='DEFAULT',
               help="Tenant id of those default networks."),
]

api_opts = auth_opts + metadata_opts + common_opts + other_opts


def register_opts(conf):
    conf.register_group(api_group)
    conf.register_opts(api_opts, group=api_group)


def list_opts():
    return {api_group: api_opts}
