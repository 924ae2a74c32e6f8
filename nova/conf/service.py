"""Service life-cycle options ([DEFAULT]): heartbeats, periodic tasks."""

from oslo_config import cfg

service_opts = [
    cfg.IntOpt('report_interval', default=10, min=1,
               help="Seconds between heartbeats a service writes to its "
                    "services row.  Must be less than service_down_time."),
    cfg.IntOpt('service_down_time', default=60, min=1,
               help="A service whose last heartbeat is older than this "
                    "many seconds is reported down."),
    cfg.BoolOpt('periodic_enable', default=True,
                help="Run periodic tasks in this service."),
    cfg.IntOpt('periodic_fuzzy_delay', default=60, min=0,
               help="Random delay (0..N s) before periodic tasks start, "
                    "to spread load."),
    cfg.ListOpt('enabled_apis', item_type=cfg.types.String(
                    choices=['osapi_compute', 'metadata']),
                default=['osapi_compute', 'metadata'],
                help="APIs that nova-api serves."),
    cfg.ListOpt('enabled_ssl_apis', default=[],
                help="APIs served over SSL."),
    cfg.StrOpt('osapi_compute_listen', default='0.0.0.0',
               help="IP address the Compute API listens on."),
    cfg.StrOpt('osapi_compute_unique_server_name_scope', default='',
               choices=[('', 'No uniqueness check.'),
                        ('project', 'Unique within a project.'),
                        ('global', 'Unique in the whole cloud.')],
               help="Where server names must be unique (checked "
                    "case-insensitively)."),
    cfg.PortOpt('osapi_compute_listen_port', default=8774,
                help="Port the Compute API listens on."),
    cfg.IntOpt('osapi_compute_workers', min=1,
               help="Worker processes for the Compute API (default: the "
                    "number of CPUs)."),
    cfg.StrOpt('metadata_listen', default='0.0.0.0',
               help="IP address the metadata API listens on."),
    cfg.PortOpt('metadata_listen_port', default=8775,
                help="Port the metadata API listens on."),
    cfg.IntOpt('metadata_workers', min=1,
               help="Worker processes for the metadata API."),
    cfg.BoolOpt('enable_new_services', default=True,
                help="New nova-compute services start enabled; set False "
                     "to add hosts disabled until an operator enables "
                     "them."),
    cfg.StrOpt('instance_name_template', default='instance-%08x',
               help="Template of instance names on the hypervisor; %d, "
                    "%x or %(uuid)s style substitutions of the instance "
                    "id/uuid."),
    cfg.StrOpt('snapshot_name_template', default='snapshot-%s',
               help="Template of snapshot names."),
    cfg.StrOpt('servicegroup_driver', default='db', choices=['db', 'mc'],
               help="How services report liveness; only 'db' is "
                    "implemented."),
]


def register_opts(conf):
    conf.register_opts(service_opts)


def list_opts():
    return {'DEFAULT': service_opts}
