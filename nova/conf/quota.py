"""[quota]: per-project limits and the quota driver."""

from oslo_config import cfg

quota_group = cfg.OptGroup('quota', title='Quota Options',
                           help="Default per-project limits.  -1 means "
                                "unlimited.  Limits set through the API "
                                "(os-quota-sets, os-quota-class-sets) take "
                                "precedence.")


def _limit(name, default, help, deprecated=True):
    kwargs = {}
    if deprecated:
        kwargs = dict(deprecated_name='quota_%s' % name,
                      deprecated_group='DEFAULT')
    return cfg.IntOpt(name, default=default, min=-1, help=help, **kwargs)


quota_opts = [
    _limit('instances', 10, "Servers a project may have."),
    _limit('cores', 20, "Instance cores (vCPUs) a project may use."),
    _limit('ram', 50 * 1024, "Megabytes of instance RAM a project may "
                             "use."),
    _limit('floating_ips', 10, "Floating IPs a project may allocate "
                               "(nova-network only)."),
    _limit('fixed_ips', -1, "Fixed IPs a project may use (nova-network "
                            "only); at least the number of instances."),
    _limit('metadata_items', 128, "Metadata items allowed per server."),
    _limit('injected_files', 5, "Files that may be injected per server."),
    _limit('injected_file_content_bytes', 10 * 1024,
           "Bytes allowed per injected file."),
    _limit('injected_file_path_length', 255,
           "Characters allowed in an injected file's path."),
    _limit('security_groups', 10, "Security groups per project "
                                  "(nova-network only)."),
    _limit('security_group_rules', 20, "Rules per security group "
                                       "(nova-network only)."),
    _limit('key_pairs', 100, "Key pairs per user."),
    _limit('server_groups', 10, "Server groups per project."),
    _limit('server_group_members', 10, "Servers per server group."),
    cfg.IntOpt('reservation_expire', default=86400,
               deprecated_group='DEFAULT',
               help="Seconds until a quota reservation expires."),
    cfg.IntOpt('until_refresh', default=0, min=0,
               deprecated_group='DEFAULT',
               help="Reservations before usage is refreshed (0: never)."),
    cfg.IntOpt('max_age', default=0, min=0,
               deprecated_group='DEFAULT',
               help="Seconds between usage refreshes (0: never)."),
    cfg.StrOpt('driver', default='nova.quota.DbQuotaDriver',
               choices=[('nova.quota.DbQuotaDriver',
                         'Limits and usage are kept in the database.'),
                        ('nova.quota.NoopQuotaDriver',
                         'No quotas are enforced.')],
               deprecated_name='quota_driver',
               deprecated_group='DEFAULT',
               help="The quota driver."),
    cfg.BoolOpt('recheck_quota', default=True,
                help="Count usage again after resources are created and "
                     "undo the operation if a race exceeded the limit."),
]


def register_opts(conf):
    conf.register_group(quota_group)
    conf.register_opts(quota_opts, group=quota_group)


def list_opts():
    return {quota_group: quota_opts}
