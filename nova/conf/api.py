"""[api]: the Compute API's own options."""

from oslo_config import cfg

api_group = cfg.OptGroup('api', title='API options')

api_opts = [
    cfg.StrOpt('auth_strategy', default='keystone',
               choices=[('keystone', 'Use keystonemiddleware auth_token.'),
                        ('noauth2', 'Trust X-Auth-Token "user:project"; '
                                    'for development and testing only.')],
               help="How requests to the Compute API are authenticated."),
    cfg.BoolOpt('use_forwarded_for', default=False,
                help="Trust X-Forwarded-For as the client address."),
    cfg.IntOpt('max_limit', default=1000,
               help="Most items a list call returns at once."),
    cfg.StrOpt('compute_link_prefix',
               help="Replace the scheme/host/port of compute links."),
    cfg.StrOpt('glance_link_prefix',
               help="Replace the scheme/host/port of image links."),
    cfg.StrOpt('vendordata_jsonfile_path',
               help="A JSON file served as vendor data to guests."),
    cfg.IntOpt('list_records_by_skipping_down_cells', default=1,
               help="Accepted for compatibility."),
    cfg.BoolOpt('instance_list_per_project_cells', default=False,
                help="Only query the cells a project has servers in."),
]


def register_opts(conf):
    conf.register_group(api_group)
    conf.register_opts(api_opts, group=api_group)


def list_opts():
    return {api_group: api_opts}
