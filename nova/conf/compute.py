"""nova-compute options ([DEFAULT] compute_driver etc., [compute])."""

from oslo_config import cfg

from nova.conf import paths

compute_group = cfg.OptGroup('compute', title='Compute Manager Options')

default_opts = [
    cfg.StrOpt('compute_driver',
               help="The virt driver: libvirt.LibvirtDriver, "
                    "fake.FakeDriver, xenapi.XenAPIDriver or "
                    "vmwareapi.VMwareVCDriver (module.Class under "
                    "nova.virt)."),
    cfg.StrOpt('instances_path', default=paths.state_path_def('instances'),
               sample_default='$state_path/instances',
               help="Where instance files (disks, console logs) live."),
    cfg.StrOpt('default_availability_zone', default='nova',
               help="Availability zone of compute hosts in no aggregate."),
    cfg.StrOpt('default_schedule_zone',
               help="Availability zone given to servers created without "
                    "one."),
    cfg.StrOpt('internal_service_availability_zone', default='internal',
               help="Availability zone reported for non-compute services."),
    cfg.StrOpt('firewall_driver',
               default='nova.virt.firewall.NoopFirewallDriver',
               help="Firewall driver (accepted for compatibility)."),
    cfg.BoolOpt('use_neutron', default=True,
                help="Use Neutron for networking (accepted for "
                     "compatibility; networking comes from nova-network "
                     "or none)."),
    cfg.FloatOpt('cpu_allocation_ratio', default=0.0, min=0.0,
                 help="Virtual CPUs per physical CPU (0.0 means 16.0)."),
    cfg.FloatOpt('ram_allocation_ratio', default=0.0, min=0.0,
                 help="Virtual RAM per physical RAM (0.0 means 1.5)."),
    cfg.FloatOpt('disk_allocation_ratio', default=0.0, min=0.0,
                 help="Virtual disk per physical disk (0.0 means 1.0)."),
    cfg.IntOpt('reserved_host_disk_mb', default=0, min=0,
               help="Disk space kept for the host, in MB."),
    cfg.IntOpt('reserved_host_memory_mb', default=512, min=0,
               help="Memory kept for the host, in MB."),
    cfg.IntOpt('reserved_host_cpus', default=0, min=0,
               help="Host CPUs kept for the host."),
    cfg.IntOpt('update_resources_interval', default=0,
               help="Seconds between resource updates (0: every periodic "
                    "run)."),
    cfg.IntOpt('sync_power_state_interval', default=600,
               help="Seconds between power state syncs (negative "
                    "disables)."),
    cfg.BoolOpt('resume_guests_state_on_host_boot', default=False,
                help="Restart guests that were running when the host "
                     "rebooted."),
]

compute_opts = [
    cfg.StrOpt('consecutive_build_service_disable_threshold', default='10',
               help="Failed builds in a row before the compute service "
                    "disables itself (0 never)."),
    cfg.IntOpt('live_migration_wait_for_vif_plug', default=0,
               help="Accepted for compatibility."),
]


def register_opts(conf):
    conf.register_opts(default_opts)
    conf.register_group(compute_group)
    conf.register_opts(compute_opts, group=compute_group)


def list_opts():
    return {'DEFAULT': default_opts, compute_group: compute_opts}
