"""[scheduler] and [filter_scheduler]."""

from oslo_config import cfg

scheduler_group = cfg.OptGroup('scheduler', title='Scheduler configuration',
                               help="Options for nova-scheduler.")
filter_scheduler_group = cfg.OptGroup(
    'filter_scheduler', title='Filter scheduler options',
    help="Options for the filter scheduler: which filters remove hosts, "
         "which weighers order the rest.")

scheduler_opts = [
    cfg.StrOpt('host_manager', default='host_manager',
               choices=('host_manager', 'ironic_host_manager'),
               deprecated_name='scheduler_host_manager',
               deprecated_group='DEFAULT',
               help="The host manager (stevedore name) the scheduler "
                    "uses."),
    cfg.StrOpt('driver', default='filter_scheduler',
               deprecated_name='scheduler_driver',
               deprecated_group='DEFAULT',
               help="The scheduler driver (stevedore name): "
                    "filter_scheduler, caching_scheduler, "
                    "chance_scheduler or fake_scheduler."),
    cfg.IntOpt('periodic_task_interval', default=60,
               deprecated_name='scheduler_driver_task_period',
               deprecated_group='DEFAULT',
               help="Seconds between scheduler periodic tasks (0: "
                    "default interval, negative disables)."),
    cfg.IntOpt('max_attempts', default=3, min=1,
               deprecated_name='scheduler_max_attempts',
               deprecated_group='DEFAULT',
               help="Hosts tried for one build before giving up "
                    "(the first plus reschedules)."),
    cfg.IntOpt('discover_hosts_in_cells_interval', default=-1, min=-1,
               help="Seconds between automatic host discovery "
                    "(-1 disables it; run nova-manage cell_v2 "
                    "discover_hosts instead)."),
    cfg.IntOpt('max_placement_results', default=1000, min=1,
               help="Most allocation candidates asked from placement."),
    cfg.IntOpt('workers', min=1,
               help="Worker processes for nova-scheduler."),
]

filter_scheduler_opts = [
    cfg.IntOpt('host_subset_size', default=1, min=1,
               deprecated_name='scheduler_host_subset_size',
               deprecated_group='DEFAULT',
               help="Pick at random among the best N hosts, to reduce "
                    "races between schedulers."),
    cfg.IntOpt('max_io_ops_per_host', default=8, min=0,
               deprecated_group='DEFAULT',
               help="Most concurrent I/O-heavy operations (build, "
                    "resize, snapshot...) per host (IoOpsFilter)."),
    cfg.IntOpt('max_instances_per_host', default=50, min=1,
               deprecated_group='DEFAULT',
               help="Most instances on one host (NumInstancesFilter)."),
    cfg.BoolOpt('track_instance_changes', default=True,
                deprecated_name='scheduler_tracks_instance_changes',
                deprecated_group='DEFAULT',
                help="Computes tell the scheduler of instance changes "
                     "(needed by affinity filters with the caching "
                     "scheduler)."),
    cfg.MultiStrOpt('available_filters',
                    default=['nova.scheduler.filters.all_filters'],
                    deprecated_name='scheduler_available_filters',
                    deprecated_group='DEFAULT',
                    help="Filter classes the scheduler may use "
                         "(repeatable)."),
    cfg.ListOpt('enabled_filters',
                default=['RetryFilter', 'AvailabilityZoneFilter',
                         'ComputeFilter', 'ComputeCapabilitiesFilter',
                         'ImagePropertiesFilter',
                         'ServerGroupAntiAffinityFilter',
                         'ServerGroupAffinityFilter'],
                deprecated_name='scheduler_default_filters',
                deprecated_group='DEFAULT',
                help="Filters applied to every request, in order."),
    cfg.ListOpt('baremetal_enabled_filters',
                default=['RetryFilter', 'AvailabilityZoneFilter',
                         'ComputeFilter', 'ComputeCapabilitiesFilter',
                         'ImagePropertiesFilter', 'ExactRamFilter',
                         'ExactDiskFilter', 'ExactCoreFilter'],
                deprecated_for_removal=True,
                deprecated_since='16.0.0',
                deprecated_reason="Ironic uses custom resource classes.",
                help="Filters used for baremetal requests with "
                     "use_baremetal_filters."),
    cfg.BoolOpt('use_baremetal_filters', default=False,
                deprecated_for_removal=True,
                deprecated_since='16.0.0',
                deprecated_reason="Ironic uses custom resource classes.",
                help="Use baremetal_enabled_filters."),
    cfg.ListOpt('weight_classes',
                default=['nova.scheduler.weights.all_weighers'],
                deprecated_name='scheduler_weight_classes',
                deprecated_group='DEFAULT',
                help="Weighers used to order the hosts that pass."),
    cfg.FloatOpt('ram_weight_multiplier', default=1.0,
                 deprecated_group='DEFAULT',
                 help="Positive spreads by free RAM, negative stacks."),
    cfg.FloatOpt('cpu_weight_multiplier', default=1.0,
                 help="Positive spreads by free vCPUs, negative stacks."),
    cfg.FloatOpt('disk_weight_multiplier', default=1.0,
                 deprecated_group='DEFAULT',
                 help="Positive spreads by free disk, negative stacks."),
    cfg.FloatOpt('io_ops_weight_multiplier', default=-1.0,
                 deprecated_group='DEFAULT',
                 help="Negative prefers hosts with fewer I/O "
                      "operations."),
    cfg.FloatOpt('pci_weight_multiplier', default=1.0, min=0.0,
                 help="Prefer hosts without PCI devices for requests "
                      "that need none."),
    cfg.FloatOpt('soft_affinity_weight_multiplier', default=1.0, min=0.0,
                 deprecated_group='DEFAULT',
                 help="Weight for soft-affinity server groups."),
    cfg.FloatOpt('soft_anti_affinity_weight_multiplier', default=1.0,
                 min=0.0,
                 deprecated_group='DEFAULT',
                 help="Weight for soft-anti-affinity server groups."),
    cfg.FloatOpt('build_failure_weight_multiplier', default=1000000.0,
                 help="Penalty for hosts with recent build failures."),
    cfg.BoolOpt('shuffle_best_same_weighed_hosts', default=False,
                help="Shuffle hosts with equal best weight."),
    cfg.StrOpt('image_properties_default_architecture',
               help="Architecture assumed for images without one "
                    "(ImagePropertiesFilter)."),
    cfg.ListOpt('isolated_images', default=[],
                deprecated_group='DEFAULT',
                help="Images that may only run on isolated_hosts "
                     "(IsolatedHostsFilter)."),
    cfg.ListOpt('isolated_hosts', default=[],
                deprecated_group='DEFAULT',
                help="Hosts reserved for isolated_images."),
    cfg.BoolOpt('restrict_isolated_hosts_to_isolated_images',
                default=True,
                deprecated_group='DEFAULT',
                help="Isolated hosts accept only isolated images."),
    cfg.StrOpt('aggregate_image_properties_isolation_namespace',
               deprecated_group='DEFAULT',
               help="Namespace of image properties compared with "
                    "aggregate metadata "
                    "(AggregateImagePropertiesIsolation)."),
    cfg.StrOpt('aggregate_image_properties_isolation_separator',
               default='.',
               deprecated_group='DEFAULT',
               help="Separator between that namespace and the key."),
    cfg.ListOpt('weight_setting', default=[],
                help="Metrics weigher settings, ``name=ratio`` pairs."),
    cfg.BoolOpt('required', default=True,
                help="Metrics weigher: fail when a metric is missing "
                     "(else use weight_of_unavailable)."),
    cfg.FloatOpt('weight_multiplier', default=1.0,
                 help="Multiplier of the metrics weigher."),
    cfg.FloatOpt('weight_of_unavailable', default=-10000.0,
                 help="Weight of a host missing a metric when required "
                      "is False."),
]

# Old [trusted_computing] options still read by TrustedFilter.
trusted_group = cfg.OptGroup('trusted_computing',
                             title='Trust parameters',
                             help="Attestation service for TrustedFilter "
                                  "(deprecated).")

trusted_opts = [
    cfg.HostAddressOpt('attestation_server',
                       help="Attestation server host."),
    cfg.StrOpt('attestation_server_ca_file',
               help="Attestation server certificate."),
    cfg.PortOpt('attestation_port', default=8443,
                help="Attestation server port."),
    cfg.StrOpt('attestation_api_url',
               default='/OpenAttestationWebServices/V1.0',
               help="Attestation web API URL."),
    cfg.StrOpt('attestation_auth_blob', secret=True,
               help="Attestation authorization blob."),
    cfg.IntOpt('attestation_auth_timeout', default=60, min=0,
               help="Seconds an attestation result stays valid."),
    cfg.BoolOpt('attestation_insecure_ssl', default=False,
                help="Skip attestation server certificate checks."),
]


def register_opts(conf):
    conf.register_group(scheduler_group)
    conf.register_opts(scheduler_opts, group=scheduler_group)
    conf.register_group(filter_scheduler_group)
    conf.register_opts(filter_scheduler_opts, group=filter_scheduler_group)
    conf.register_group(trusted_group)
    conf.register_opts(trusted_opts, group=trusted_group)


def list_opts():
    return {scheduler_group: scheduler_opts,
            filter_scheduler_group: filter_scheduler_opts,
            trusted_group: trusted_opts}
