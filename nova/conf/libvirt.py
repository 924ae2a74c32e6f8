"""[libvirt]: the libvirt virt driver (KVM, QEMU, LXC, Xen, UML, Parallels).
"""

from oslo_config import cfg

from nova.conf import paths

libvirt_group = cfg.OptGroup('libvirt', title='Libvirt Options',
                             help="Options for the libvirt driver "
                                  "(compute_driver = "
                                  "libvirt.LibvirtDriver).")

libvirt_general_opts = [
    cfg.StrOpt('rescue_image_id',
               help="Image used to boot rescue instances (default: the "
                    "instance's own image)."),
    cfg.StrOpt('rescue_kernel_id',
               help="Kernel image used by rescue instances."),
    cfg.StrOpt('rescue_ramdisk_id',
               help="Ramdisk image used by rescue instances."),
    cfg.StrOpt('virt_type', default='kvm',
               choices=('kvm', 'lxc', 'qemu', 'uml', 'xen', 'parallels'),
               help="Hypervisor libvirt drives; use qemu when the host "
                    "has no hardware virtualization (e.g. nested)."),
    cfg.StrOpt('connection_uri', default='',
               help="libvirt connection URI, overriding the one derived "
                    "from virt_type (e.g. qemu:///system)."),
    cfg.StrOpt('node_name', default='',
               help="Name of the compute node this service reports "
                    "(hypervisor_hostname, placement resource provider). "
                    "Empty: the hypervisor's hostname.  Set it when "
                    "several nova-compute services share one libvirtd on "
                    "one machine, so that each has its own node."),
    cfg.BoolOpt('inject_password', default=False,
                help="Inject the admin password into the guest image at "
                     "boot."),
    cfg.BoolOpt('inject_key', default=False,
                help="Inject the SSH public key into the guest image at "
                     "boot."),
    cfg.IntOpt('inject_partition', default=-2, min=-2,
               help="Partition to inject into: -2 disables injection, "
                    "-1 inspects the image to find the root partition, "
                    "0 uses the whole disk, N uses partition N."),
    cfg.BoolOpt('use_usb_tablet', default=True,
                deprecated_for_removal=True,
                deprecated_since='14.0.0',
                deprecated_reason="Use the image property hw_pointer_model.",
                help="Give guests a USB tablet for accurate mouse "
                     "pointers in graphical consoles."),
    cfg.HostAddressOpt('live_migration_inbound_addr',
                       help="Address of this host for incoming live "
                            "migration traffic (default: its hostname)."),
    cfg.StrOpt('live_migration_uri',
               deprecated_for_removal=True,
               deprecated_since='15.0.0',
               deprecated_reason="Use live_migration_scheme and "
                                 "live_migration_inbound_addr.",
               help="Migration target URI with %s for the destination "
                    "host."),
    cfg.StrOpt('live_migration_scheme',
               help="URI scheme for live migration (e.g. tcp, ssh)."),
    cfg.BoolOpt('live_migration_tunnelled', default=False,
                help="Tunnel migration traffic through libvirtd instead "
                     "of a direct hypervisor connection."),
    cfg.IntOpt('live_migration_bandwidth', default=0, min=0,
               help="Maximum migration bandwidth in MiB/s (0: "
                    "unlimited)."),
    cfg.IntOpt('live_migration_downtime', default=500, min=100,
               help="Maximum allowed pause at the end of a live "
                    "migration, in milliseconds."),
    cfg.IntOpt('live_migration_downtime_steps', default=10, min=3,
               help="Steps used to raise the downtime to its maximum."),
    cfg.IntOpt('live_migration_downtime_delay', default=75, min=3,
               help="Seconds between downtime increases, per GiB of "
                    "guest RAM."),
    cfg.IntOpt('live_migration_completion_timeout', default=800, min=0,
               help="Seconds per GiB of data after which a live "
                    "migration is aborted (0 disables)."),
    cfg.IntOpt('live_migration_progress_timeout', default=0, min=0,
               deprecated_for_removal=True,
               deprecated_since='15.0.0',
               deprecated_reason="Progress checking was unreliable.",
               help="Seconds without progress before a live migration is "
                    "aborted (0 disables)."),
    cfg.BoolOpt('live_migration_permit_post_copy', default=False,
                help="Switch to post-copy when a migration is not "
                     "converging."),
    cfg.BoolOpt('live_migration_permit_auto_converge', default=False,
                help="Throttle the guest's vCPUs when a migration is "
                     "not converging."),
    cfg.StrOpt('snapshot_image_format',
               choices=[('raw', 'RAW disk format'),
                        ('qcow2', 'KVM default disk format'),
                        ('vmdk', 'VMWare default disk format'),
                        ('vdi', 'VirtualBox default disk format')],
               help="Format of snapshot images (default: that of the "
                    "source disk)."),
    cfg.StrOpt('disk_prefix',
               help="Prefix of guest disk device names (sd, xvd, hd, "
                    "vd...), overriding the one derived from virt_type."),
    cfg.IntOpt('wait_soft_reboot_seconds', default=120, min=0,
               help="Seconds to wait for a soft reboot before doing a "
                    "hard one."),
    cfg.StrOpt('cpu_mode',
               choices=('host-model', 'host-passthrough', 'custom',
                        'none'),
               help="CPU model exposed to guests: host-model (default "
                    "for kvm/qemu), host-passthrough, custom (see "
                    "cpu_model) or none."),
    cfg.StrOpt('cpu_model',
               help="Named CPU model (see /usr/share/libvirt/cpu_map.xml) "
                    "when cpu_mode is custom."),
    cfg.ListOpt('cpu_model_extra_flags', default=[],
                help="Extra CPU flags (e.g. pcid) given to guests."),
    cfg.StrOpt('snapshots_directory',
               default=paths.state_path_def('instances', 'snapshots'),
               help="Directory where snapshots are staged."),
    cfg.StrOpt('xen_hvmloader_path',
               default='/usr/lib/xen/boot/hvmloader',
               help="Xen HVM loader."),
    cfg.ListOpt('disk_cachemodes', default=[],
                help="Cache modes per disk type, e.g. "
                     "``file=directsync,block=none,network=writeback``."),
    cfg.StrOpt('rng_dev_path',
               help="Host entropy source given to guests' virtio RNG "
                    "(e.g. /dev/urandom)."),
    cfg.ListOpt('hw_machine_type',
                help="Default machine type per architecture, e.g. "
                     "``x86_64=pc-i440fx-2.11,armv7l=virt``."),
    cfg.StrOpt('sysinfo_serial', default='auto',
               choices=[('none', 'No serial number.'),
                        ('os', "The host's /etc/machine-id."),
                        ('hardware', "The host's hardware UUID."),
                        ('auto', "os if /etc/machine-id exists, else "
                                 "hardware.")],
               help="Source of the system serial number given to "
                    "guests."),
    cfg.IntOpt('mem_stats_period_seconds', default=10,
               help="Seconds between guest memory statistics updates "
                    "(0 or negative disables)."),
    cfg.ListOpt('uid_maps', default=[],
                help="LXC user namespace uid maps, "
                     "``guest-uid:host-uid:count`` (at most 5)."),
    cfg.ListOpt('gid_maps', default=[],
                help="LXC user namespace gid maps, "
                     "``guest-gid:host-gid:count`` (at most 5)."),
    cfg.IntOpt('realtime_scheduler_priority', default=1,
               help="Scheduler priority of realtime vCPUs."),
    cfg.ListOpt('enabled_perf_events', default=[],
                help="Host performance events (perf) to monitor for "
                     "guests, e.g. cmt, mbml, mbmt."),
    cfg.IntOpt('num_pcie_ports', default=0, min=0, max=28,
               help="PCIe root ports for q35/virt guests, for hotplug "
                    "(0: libvirt's default)."),
    cfg.IntOpt('remove_unused_resized_minimum_age_seconds', default=3600,
               help="Unused resized base images younger than this are "
                    "kept."),
    cfg.BoolOpt('remove_unused_kernels', default=True,
                deprecated_for_removal=True,
                deprecated_since='15.0.0',
                deprecated_reason="Unused kernels are always removed.",
                help="Remove unused kernel and ramdisk images."),
    cfg.StrOpt('images_type', default='default',
               choices=('raw', 'flat', 'qcow2', 'lvm', 'rbd', 'ploop',
                        'default'),
               help="Backing store of instance disks; default uses "
                    "use_cow_images (qcow2) or raw."),
    cfg.StrOpt('images_volume_group',
               help="LVM volume group for images_type=lvm."),
    cfg.BoolOpt('sparse_logical_volumes', default=False,
                help="Create sparse LVM volumes."),
    cfg.StrOpt('images_rbd_pool', default='rbd',
               help="RADOS pool for images_type=rbd."),
    cfg.StrOpt('images_rbd_ceph_conf', default='',
               help="Ceph configuration file for images_type=rbd."),
    cfg.StrOpt('hw_disk_discard',
               choices=('ignore', 'unmap'),
               help="Whether guests' discard (TRIM) requests reach the "
                    "backing store."),
    cfg.StrOpt('volume_clear', default='zero',
               choices=('none', 'zero', 'shred'),
               help="How deleted LVM ephemeral disks are wiped."),
    cfg.IntOpt('volume_clear_size', default=0, min=0,
               help="MiB wiped at the start of each volume (0: all)."),
    cfg.StrOpt('rbd_user', help="Ceph user for RBD volumes."),
    cfg.StrOpt('rbd_secret_uuid',
               help="libvirt secret UUID holding the RBD user's key."),
    cfg.ListOpt('qemu_allowed_storage_drivers', default=[],
                help="QEMU block drivers allowed for network volumes "
                     "(e.g. gluster)."),
    cfg.IntOpt('num_iscsi_scan_tries', default=5, min=1,
               help="Rescans when an iSCSI volume is not found."),
    cfg.BoolOpt('volume_use_multipath', default=False,
                deprecated_name='iscsi_use_multipath',
                help="Use multipath for iSCSI and FC volumes."),
    cfg.StrOpt('nfs_mount_point_base',
               default=paths.state_path_def('mnt'),
               help="Where NFS volumes are mounted."),
    cfg.StrOpt('nfs_mount_options',
               help="Mount options for NFS volumes."),
    cfg.StrOpt('quobyte_mount_point_base',
               default=paths.state_path_def('mnt'),
               help="Where Quobyte volumes are mounted."),
    cfg.StrOpt('smbfs_mount_point_base',
               default=paths.state_path_def('mnt'),
               help="Where SMBFS shares are mounted."),
    cfg.StrOpt('vzstorage_mount_point_base',
               default=paths.state_path_def('mnt'),
               help="Where Virtuozzo Storage volumes are mounted."),
]

# Options read by the libvirt image cache manager.
libvirt_imagecache_opts = [
    cfg.StrOpt('image_info_filename_pattern',
               default='$instances_path/$image_cache_subdirectory_name/'
                       '%(image)s.info',
               deprecated_for_removal=True,
               deprecated_since='14.0.0',
               deprecated_reason="Image info files are no longer used.",
               help="Pattern of image cache info file names."),
    cfg.BoolOpt('checksum_base_images', default=False,
                deprecated_for_removal=True,
                deprecated_since='14.0.0',
                deprecated_reason="Checksumming is not useful.",
                help="Write and check checksums of cached base images."),
    cfg.IntOpt('checksum_interval_seconds', default=3600,
               deprecated_for_removal=True,
               deprecated_since='14.0.0',
               deprecated_reason="Checksumming is not useful.",
               help="Seconds between checksum verifications."),
]

libvirt_opts = libvirt_general_opts + libvirt_imagecache_opts


def register_opts(conf):
    conf.register_group(libvirt_group)
    conf.register_opts(libvirt_opts, group=libvirt_group)


def list_opts():
    return {libvirt_group: libvirt_opts}
