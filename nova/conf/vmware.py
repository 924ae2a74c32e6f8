"""[vmware]: the VMware vCenter virt driver."""

from oslo_config import cfg

vmware_group = cfg.OptGroup('vmware', title='VMWare Options',
                            help="Options for the VMware vCenter driver "
                                 "(compute_driver = "
                                 "vmwareapi.VMwareVCDriver).")

vmwareapi_opts = [
    cfg.StrOpt('integration_bridge',
               help="Open vSwitch bridge used with the NSX plugin."),
    cfg.IntOpt('console_delay_seconds', min=0,
               help="Seconds to wait before connecting to a VM console "
                    "(testing)."),
    cfg.StrOpt('serial_port_service_uri',
               help="URI of the vSPC service that serial ports connect "
                    "to."),
    cfg.URIOpt('serial_port_proxy_uri',
               help="URI of the vSPC proxy exposing serial consoles."),
    cfg.StrOpt('serial_log_dir', default='/opt/vmware/vspc',
               help="Directory where vSPC writes serial logs."),
    cfg.HostAddressOpt('host_ip', help="vCenter host address."),
    cfg.PortOpt('host_port', default=443, help="vCenter port."),
    cfg.StrOpt('host_username', help="vCenter user name."),
    cfg.StrOpt('host_password', secret=True, help="vCenter password."),
    cfg.StrOpt('ca_file',
               help="CA bundle used to verify vCenter's certificate."),
    cfg.BoolOpt('insecure', default=False,
                help="Skip vCenter certificate verification (ignored "
                     "when ca_file is set)."),
    cfg.StrOpt('cluster_name',
               help="vCenter cluster this compute service manages."),
    cfg.StrOpt('datastore_regex',
               help="Regex selecting the datastores instances may use."),
    cfg.FloatOpt('task_poll_interval', default=0.5,
                 help="Seconds between vCenter task status polls."),
    cfg.IntOpt('api_retry_count', default=10, min=0,
               help="Retries of vCenter API calls on connection "
                    "errors."),
    cfg.PortOpt('vnc_port', default=5900,
                help="First VNC port assigned to VMs."),
    cfg.IntOpt('vnc_port_total', default=10000, min=0,
               help="Number of VNC ports available."),
    cfg.StrOpt('vnc_keymap', default='en-us',
               help="Keymap of VM VNC consoles."),
    cfg.BoolOpt('use_linked_clone', default=True,
                help="Create instances as linked clones of cached "
                     "images."),
    cfg.IntOpt('connection_pool_size', default=10, min=10,
               help="HTTP connections kept to vCenter."),
    cfg.StrOpt('pbm_wsdl_location',
               help="Storage policy (PBM) WSDL location."),
    cfg.BoolOpt('pbm_enabled', default=False,
                help="Use storage policies for instance placement."),
    cfg.StrOpt('pbm_default_policy',
               help="Storage policy used when a flavor sets none."),
    cfg.IntOpt('maximum_objects', default=100, min=0,
               help="Objects fetched per vCenter property query."),
    cfg.StrOpt('cache_prefix',
               help="Prefix of the image cache folder on datastores."),
]


def register_opts(conf):
    conf.register_group(vmware_group)
    conf.register_opts(vmwareapi_opts, group=vmware_group)


def list_opts():
    return {vmware_group: vmwareapi_opts}
