"""[scheduler] and [filter_scheduler]."""

from oslo_config import cfg

scheduler_group = cfg.OptGroup('scheduler', title='Scheduler configuration')
filter_scheduler_group = cfg.OptGroup('filter_scheduler',
                                      title='Filter scheduler options')

scheduler_opts = [
    cfg.StrOpt('driver', default='filter_scheduler',
               help="The scheduler driver."),
    cfg.IntOpt('periodic_task_interval', default=60,
               help="Seconds between scheduler periodic tasks."),
    cfg.IntOpt('max_attempts', default=3, min=1,
               help="Hosts tried for one build before giving up "
                    "(the first plus reschedules)."),
    cfg.IntOpt('discover_hosts_in_cells_interval', default=-1, min=-1,
               help="Seconds between automatic host discovery "
                    "(-1 disables it; run nova-manage cell_v2 "
                    "discover_hosts instead)."),
    cfg.IntOpt('workers', min=1,
               help="Worker processes for nova-scheduler."),
]

filter_scheduler_opts = [
    cfg.IntOpt('host_subset_size', default=1, min=1,
               help="Pick at random among the best N hosts."),
    cfg.IntOpt('max_instances_per_host', default=50, min=1,
               help="Most instances on one host (NumInstancesFilter)."),
    cfg.IntOpt('max_io_ops_per_host', default=8, min=0,
               help="Most concurrent I/O-heavy operations per host."),
    cfg.ListOpt('available_filters',
                default=['nova.scheduler.filters.all_filters'],
                help="Filters the scheduler may use."),
    cfg.ListOpt('enabled_filters',
                default=['RetryFilter', 'AvailabilityZoneFilter',
                         'ComputeFilter', 'ComputeCapabilitiesFilter',
                         'ImagePropertiesFilter',
                         'ServerGroupAntiAffinityFilter',
                         'ServerGroupAffinityFilter'],
                help="Filters applied to every request, in order."),
    cfg.ListOpt('weight_classes',
                default=['nova.scheduler.weights.all_weighers'],
                help="Weighers used to order the hosts that pass."),
    cfg.FloatOpt('ram_weight_multiplier', default=1.0,
                 help="Positive spreads by free RAM, negative stacks."),
    cfg.FloatOpt('cpu_weight_multiplier', default=1.0,
                 help="Positive spreads by free vCPUs, negative stacks."),
    cfg.FloatOpt('disk_weight_multiplier', default=1.0,
                 help="Positive spreads by free disk, negative stacks."),
    cfg.FloatOpt('io_ops_weight_multiplier', default=-1.0,
                 help="Negative prefers hosts with fewer I/O operations."),
    cfg.FloatOpt('soft_affinity_weight_multiplier', default=1.0, min=0.0,
                 help="Weight for soft-affinity server groups."),
    cfg.FloatOpt('soft_anti_affinity_weight_multiplier', default=1.0,
                 min=0.0,
                 help="Weight for soft-anti-affinity server groups."),
    cfg.BoolOpt('track_instance_changes', default=True,
                help="Computes tell the scheduler of instance changes."),
]


def register_opts(conf):
    conf.register_group(scheduler_group)
    conf.register_opts(scheduler_opts, group=scheduler_group)
    conf.register_group(filter_scheduler_group)
    conf.register_opts(filter_scheduler_opts, group=filter_scheduler_group)


def list_opts():
    return {scheduler_group: scheduler_opts,
            filter_scheduler_group: filter_scheduler_opts}
