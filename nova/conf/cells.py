"""[cells]: the legacy cells v1 feature (cells v2 needs no options here)."""

from oslo_config import cfg

cells_group = cfg.OptGroup('cells', title='Cells Options',
                           help="Cells v1, deprecated in favour of cells "
                                "v2 (nova-manage cell_v2).")

cells_opts = [
    cfg.BoolOpt('enable', default=False,
                help="Enable cells v1."),
    cfg.StrOpt('name', default='nova',
               help="Name of this cell."),
    cfg.ListOpt('capabilities',
                default=['hypervisor=xenserver;kvm', 'os=linux;windows'],
                help="Key=value;value pairs advertised to other cells."),
    cfg.IntOpt('call_timeout', default=60, min=0,
               help="Seconds to wait for a reply from another cell."),
    cfg.FloatOpt('reserve_percent', default=10.0,
                 help="Percentage of cell capacity kept in reserve."),
    cfg.StrOpt('cell_type', default='compute',
               choices=[('api', 'This is the top (API) cell.'),
                        ('compute', 'This is a child (compute) cell.')],
               help="Role of this cell."),
    cfg.IntOpt('mute_child_interval', default=300,
               help="Seconds without an update before a child cell is "
                    "treated as muted."),
    cfg.IntOpt('bandwidth_update_interval', default=600,
               help="Seconds between bandwidth usage cell updates."),
    cfg.IntOpt('instance_update_sync_database_limit', default=100,
               help="Instances fetched per database query when syncing."),
]


def register_opts(conf):
    conf.register_group(cells_group)
    conf.register_opts(cells_opts, group=cells_group)


def list_opts():
    return {cells_group: cells_opts}
