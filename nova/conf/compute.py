"""nova-compute options: [DEFAULT] (driver, resources, periodic tasks,
image cache, availability zones) and [compute]."""

from oslo_config import cfg

from nova.conf import paths

compute_group = cfg.OptGroup('compute', title='Compute Manager Options',
                             help="Options for nova-compute's manager.")

compute_opts = [
    cfg.StrOpt('compute_driver',
               help="The virt driver, as ``module.Class`` under "
                    "nova.virt: libvirt.LibvirtDriver, "
                    "xenapi.XenAPIDriver, vmwareapi.VMwareVCDriver, "
                    "fake.FakeDriver..."),
    cfg.BoolOpt('allow_resize_to_same_host', default=False,
                help="Allow a resize to choose the instance's current "
                     "host (useful on single-host deployments)."),
    cfg.ListOpt('non_inheritable_image_properties',
                default=['cache_in_nova', 'bittorrent',
                         'img_signature_hash_method', 'img_signature',
                         'img_signature_key_type',
                         'img_signature_certificate_uuid'],
                help="Image properties not copied to snapshots."),
    cfg.StrOpt('null_kernel', default='nokernel',
               help="Kernel image id meaning 'no kernel'."),
    cfg.StrOpt('default_access_ip_network_name',
               help="Network whose address becomes accessIPv4/6."),
    cfg.StrOpt('instances_path', default=paths.state_path_def('instances'),
               sample_default='$state_path/instances',
               help="Where instance files (disks, console logs) live."),
    cfg.BoolOpt('instance_usage_audit', default=False,
                help="Send compute.instance.exists notifications every "
                     "instance_usage_audit_period."),
    cfg.IntOpt('live_migration_retry_count', default=30, min=0,
               help="Retries of the network filter setup before live "
                    "migration."),
    cfg.BoolOpt('resume_guests_state_on_host_boot', default=False,
                help="Restart guests that were running when the host "
                     "rebooted."),
    cfg.IntOpt('network_allocate_retries', default=0, min=0,
               help="Retries of a failed network allocation."),
    cfg.IntOpt('max_concurrent_builds', default=10, min=0,
               help="Builds run at once on this host (0: unlimited)."),
    cfg.IntOpt('max_concurrent_live_migrations', default=1, min=0,
               help="Outgoing live migrations run at once (0: "
                    "unlimited)."),
    cfg.IntOpt('block_device_allocate_retries', default=60, min=0,
               help="Checks that a new volume is available before "
                    "giving up."),
    cfg.IntOpt('sync_power_state_pool_size', default=1000, min=1,
               help="Concurrent power state syncs."),
]

resource_tracker_opts = [
    cfg.IntOpt('reserved_host_disk_mb', default=0, min=0,
               help="Disk space kept for the host, in MB."),
    cfg.IntOpt('reserved_host_memory_mb', default=512, min=0,
               help="Memory kept for the host, in MB."),
    cfg.IntOpt('reserved_host_cpus', default=0, min=0,
               help="Host CPUs kept for the host."),
    cfg.FloatOpt('cpu_allocation_ratio', default=0.0, min=0.0,
                 help="Virtual CPUs per physical CPU (0.0 means 16.0)."),
    cfg.FloatOpt('ram_allocation_ratio', default=0.0, min=0.0,
                 help="Virtual RAM per physical RAM (0.0 means 1.5)."),
    cfg.FloatOpt('disk_allocation_ratio', default=0.0, min=0.0,
                 help="Virtual disk per physical disk (0.0 means 1.0)."),
    cfg.ListOpt('compute_monitors', default=[],
                help="Metrics monitors to load, e.g. "
                     "cpu.virt_driver."),
]

timeout_opts = [
    cfg.IntOpt('reboot_timeout', default=0, min=0,
               help="Seconds after which instances stuck in reboot are "
                    "hard rebooted (0 disables)."),
    cfg.IntOpt('instance_build_timeout', default=0, min=0,
               help="Seconds after which a build is set to error (0 "
                    "disables)."),
    cfg.IntOpt('rescue_timeout', default=0, min=0,
               help="Seconds after which a rescue is undone (0 "
                    "disables)."),
    cfg.IntOpt('resize_confirm_window', default=0, min=0,
               help="Seconds after which resizes are confirmed "
                    "automatically (0 disables)."),
    cfg.IntOpt('shutdown_timeout', default=60, min=0,
               help="Seconds to wait for a clean guest shutdown before "
                    "powering it off."),
]

running_deleted_opts = [
    cfg.StrOpt('running_deleted_instance_action', default='reap',
               choices=[('reap', 'Power off and destroy them.'),
                        ('log', 'Only log them.'),
                        ('shutdown', 'Power them off.'),
                        ('noop', 'Do nothing.')],
               help="What to do with instances deleted in the database "
                    "but still running on the hypervisor."),
    cfg.IntOpt('running_deleted_instance_poll_interval', default=1800,
               help="Seconds between those checks."),
    cfg.IntOpt('running_deleted_instance_timeout', default=0, min=0,
               help="Seconds an instance must be deleted before it "
                    "counts."),
]

instance_cleaning_opts = [
    cfg.IntOpt('maximum_instance_delete_attempts', default=5, min=1,
               help="Attempts to clean up a deleted instance's files."),
]

interval_opts = [
    cfg.IntOpt('image_cache_manager_interval', default=2400, min=-1,
               help="Seconds between image cache runs (0: every "
                    "periodic run, -1 disables)."),
    cfg.IntOpt('bandwidth_poll_interval', default=600,
               help="Seconds between bandwidth usage polls."),
    cfg.IntOpt('sync_power_state_interval', default=600,
               help="Seconds between power state syncs (negative "
                    "disables)."),
    cfg.IntOpt('heal_instance_info_cache_interval', default=60,
               help="Seconds between network info cache refreshes (0 or "
                    "negative disables)."),
    cfg.IntOpt('reclaim_instance_interval', default=0,
               help="Seconds soft-deleted instances are kept before "
                    "being reclaimed (0 disables soft delete)."),
    cfg.IntOpt('volume_usage_poll_interval', default=0,
               help="Seconds between volume usage polls (0 disables)."),
    cfg.IntOpt('shelved_poll_interval', default=3600,
               help="Seconds between checks for shelved instances to "
                    "offload."),
    cfg.IntOpt('shelved_offload_time', default=0, min=-1,
               help="Seconds before a shelved instance is offloaded (0: "
                    "at once, -1: never)."),
    cfg.IntOpt('instance_delete_interval', default=300,
               help="Seconds between retries of failed file cleanups."),
    cfg.IntOpt('block_device_allocate_retries_interval', default=3,
               min=0,
               help="Seconds between volume availability checks."),
    cfg.IntOpt('scheduler_instance_sync_interval', default=120,
               help="Seconds between instance list syncs sent to the "
                    "scheduler."),
    cfg.IntOpt('update_resources_interval', default=0,
               help="Seconds between resource updates (0: every periodic "
                    "run)."),
]

vif_plugging_opts = [
    cfg.BoolOpt('vif_plugging_is_fatal', default=True,
                help="Fail the boot when the network service does not "
                     "report the VIF plugged in time."),
    cfg.IntOpt('vif_plugging_timeout', default=300, min=0,
               help="Seconds to wait for the VIF plugged event (0: do "
                    "not wait)."),
]

image_cache_opts = [
    cfg.StrOpt('image_cache_subdirectory_name', default='_base',
               help="Sub-directory of instances_path where cached "
                    "images are kept."),
    cfg.BoolOpt('remove_unused_base_images', default=True,
                help="Remove cached images no instance uses any more."),
    cfg.IntOpt('remove_unused_original_minimum_age_seconds',
               default=86400,
               help="Unused cached originals younger than this are "
                    "kept."),
]

availability_zone_opts = [
    cfg.StrOpt('internal_service_availability_zone', default='internal',
               help="Availability zone reported for non-compute "
                    "services."),
    cfg.StrOpt('default_availability_zone', default='nova',
               help="Availability zone of compute hosts in no "
                    "aggregate."),
    cfg.StrOpt('default_schedule_zone',
               help="Availability zone given to servers created without "
                    "one."),
]

compute_group_opts = [
    cfg.IntOpt('consecutive_build_service_disable_threshold', default=10,
               min=0,
               help="Failed builds in a row before the compute service "
                    "disables itself (0 never)."),
    cfg.BoolOpt('live_migration_wait_for_vif_plug', default=False,
                help="Wait for the network service's vif-plugged events "
                     "on the destination before starting a live "
                     "migration."),
    cfg.IntOpt('resource_provider_association_refresh', default=300,
               min=0,
               help="Seconds between refreshes of cached placement "
                    "aggregates and traits (0 disables)."),
    cfg.IntOpt('shutdown_retry_interval', default=10, min=1,
               help="Seconds between two requests to a guest to shut down "
                    "cleanly, within [DEFAULT] shutdown_timeout."),
    cfg.StrOpt('cpu_shared_set',
               help="Host CPUs used for emulator threads of guests with "
                    "hw:emulator_threads_policy=share."),
]

default_opts = (compute_opts + resource_tracker_opts + timeout_opts +
                running_deleted_opts + instance_cleaning_opts +
                interval_opts + vif_plugging_opts + image_cache_opts +
                availability_zone_opts)


def register_opts(conf):
    conf.register_opts(default_opts)
    conf.register_group(compute_group)
    conf.register_opts(compute_group_opts, group=compute_group)


def list_opts():
    return {'DEFAULT': default_opts, compute_group: compute_group_opts}
