"""[xenserver]: the XenAPI virt driver (XenServer / XCP)."""

from oslo_config import cfg

xenserver_group = cfg.OptGroup('xenserver', title='Xenserver Options',
                               help="Options for the XenAPI driver "
                                    "(compute_driver = "
                                    "xenapi.XenAPIDriver).")

xenapi_agent_opts = [
    cfg.IntOpt('agent_timeout', default=30, min=0,
               help="Seconds to wait for the guest agent to answer."),
    cfg.IntOpt('agent_version_timeout', default=300, min=0,
               help="Seconds to wait for the guest agent's version."),
    cfg.IntOpt('agent_resetnetwork_timeout', default=60, min=0,
               help="Seconds to wait for the agent to reset networking."),
    cfg.StrOpt('agent_path', default='usr/sbin/xe-update-networking',
               help="Path, inside the guest image, whose presence means "
                    "the agent is installed."),
    cfg.BoolOpt('disable_agent', default=False,
                help="Never use the guest agent."),
    cfg.BoolOpt('use_agent_default', default=False,
                help="Use the agent when the image does not say "
                     "(xenapi_use_agent_default property)."),
]

xenapi_session_opts = [
    cfg.IntOpt('login_timeout', default=10, min=0,
               help="Seconds before a XenAPI login times out."),
    cfg.IntOpt('connection_concurrent', default=5, min=1,
               help="Concurrent XenAPI connections per compute host."),
]

xenapi_opts = [
    cfg.StrOpt('cache_images', default='all',
               choices=('all', 'some', 'none'),
               help="Cache glance images on the SR: all, some (those "
                    "with cache_in_nova=True) or none."),
    cfg.IntOpt('image_compression_level', min=1, max=9,
               help="gzip level for images sent to glance (unset: no "
                    "compression)."),
    cfg.StrOpt('default_os_type', default='linux',
               help="os_type assumed for images without one."),
    cfg.IntOpt('block_device_creation_timeout', default=10, min=1,
               help="Seconds to wait for a block device to appear."),
    cfg.IntOpt('max_kernel_ramdisk_size', default=16 * 1024 * 1024,
               help="Largest kernel or ramdisk accepted, in bytes."),
    cfg.StrOpt('sr_matching_filter', default='default-sr:true',
               help="Filter (``other-config:key=value`` or "
                    "``default-sr:true``) that selects the storage "
                    "repository for instances."),
    cfg.BoolOpt('sparse_copy', default=True,
                help="Skip zeroed blocks when copying VDIs."),
    cfg.IntOpt('num_vbd_unplug_retries', default=10, min=0,
               help="Retries when unplugging a VBD fails."),
    cfg.StrOpt('ipxe_network_name',
               help="Network used to boot iPXE ISOs."),
    cfg.StrOpt('ipxe_boot_menu_url',
               help="URL of the iPXE boot menu."),
    cfg.StrOpt('ipxe_mkisofs_cmd', default='mkisofs',
               help="mkisofs command used to build iPXE ISOs."),
    cfg.StrOpt('connection_url',
               help="URL of the XenServer/XCP host (https://<host>)."),
    cfg.StrOpt('connection_username', default='root',
               help="XenAPI user name."),
    cfg.StrOpt('connection_password', secret=True,
               help="XenAPI password."),
    cfg.FloatOpt('vhd_coalesce_poll_interval', default=5.0, min=0,
                 help="Seconds between checks for VHD coalescing."),
    cfg.BoolOpt('check_host', default=True,
                help="Check that the compute host runs on the XenServer "
                     "it is configured for."),
    cfg.IntOpt('vhd_coalesce_max_attempts', default=20, min=0,
               help="Checks before giving up on VHD coalescing."),
    cfg.StrOpt('sr_base_path', default='/var/run/sr-mount',
               help="Base path of storage repositories on the host."),
    cfg.HostAddressOpt('target_host',
                       help="iSCSI target host for volumes."),
    cfg.PortOpt('target_port', default=3260,
                help="iSCSI target port for volumes."),
    cfg.BoolOpt('independent_compute', default=False,
                help="The compute host is not a domU of the XenServer it "
                     "drives (disables features that need local "
                     "access)."),
    cfg.IntOpt('running_timeout', default=60, min=0,
               help="Seconds to wait for an instance to reach running."),
    cfg.StrOpt('image_upload_handler',
               default='nova.virt.xenapi.image.glance.GlanceStore',
               help="Class that uploads images to glance."),
    cfg.StrOpt('image_handler', default='direct_vhd',
               choices=('direct_vhd', 'vdi_local_dev', 'vdi_remote_stream'),
               help="How images are transferred to and from glance."),
    cfg.StrOpt('vif_driver',
               default='nova.virt.xenapi.vif.XenAPIOpenVswitchDriver',
               help="Class that plugs instance network interfaces."),
    cfg.StrOpt('ovs_integration_bridge',
               help="Open vSwitch bridge VIFs are connected to."),
    cfg.BoolOpt('use_join_force', default=True,
                help="Use join_force when adding a host to a pool."),
    cfg.StrOpt('console_public_hostname',
               help="Public host name of the XVP console proxy."),
]


def register_opts(conf):
    conf.register_group(xenserver_group)
    conf.register_opts(xenapi_agent_opts + xenapi_session_opts +
                       xenapi_opts, group=xenserver_group)


def list_opts():
    return {xenserver_group: (xenapi_agent_opts + xenapi_session_opts +
                              xenapi_opts)}
