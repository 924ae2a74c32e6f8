"""nova-network options ([DEFAULT]): managers, bridges, DHCP, DNS, floating
IPs and the linux_net/iptables layer, plus the metadata address guests use.

These only matter when ``use_neutron = False``.
"""

from oslo_config import cfg

from nova.conf import paths

network_opts = [
    cfg.BoolOpt('use_neutron', default=True,
                help="Use neutron for networking.  False selects the "
                     "deprecated nova-network service, configured by the "
                     "other options of this module."),
    cfg.StrOpt('firewall_driver',
               default='nova.virt.firewall.NoopFirewallDriver',
               help="Firewall driver for instances.  With neutron this "
                    "must stay NoopFirewallDriver (neutron applies "
                    "security groups); nova-network uses e.g. "
                    "nova.virt.firewall.IptablesFirewallDriver."),
    cfg.StrOpt('network_manager',
               default='nova.network.manager.VlanManager',
               choices=('nova.network.manager.FlatManager',
                        'nova.network.manager.FlatDHCPManager',
                        'nova.network.manager.VlanManager'),
               help="Full class name of the nova-network manager."),
    cfg.StrOpt('network_driver', default='nova.network.linux_net',
               help="Module that sets up host networking (bridges, "
                    "VLANs, iptables, dnsmasq)."),
    cfg.StrOpt('flat_network_bridge',
               help="Bridge that FlatManager/FlatDHCPManager networks "
                    "use when none is given at network creation."),
    cfg.StrOpt('flat_network_dns', default='8.8.4.4',
               help="DNS server handed to guests on flat networks."),
    cfg.StrOpt('flat_interface',
               help="Physical interface added to the flat network "
                    "bridge."),
    cfg.IntOpt('vlan_start', default=100, min=1, max=4094,
               help="First VLAN id VlanManager hands out."),
    cfg.StrOpt('vlan_interface',
               help="Physical interface VLAN interfaces are created on "
                    "(VlanManager)."),
    cfg.IntOpt('num_networks', default=1, min=1,
               help="Networks created by default by nova-manage "
                    "network create."),
    cfg.StrOpt('vpn_ip', default='$my_ip',
               help="Public address of cloudpipe VPN servers."),
    cfg.PortOpt('vpn_start', default=1000,
                help="First port for cloudpipe VPN servers."),
    cfg.IntOpt('network_size', default=256, min=1,
               help="Addresses in each network by default."),
    cfg.StrOpt('fixed_range_v6', default='fd00::/48',
               help="IPv6 range fixed addresses are taken from."),
    cfg.StrOpt('gateway', help="Default IPv4 gateway of new networks."),
    cfg.StrOpt('gateway_v6', help="Default IPv6 gateway of new networks."),
    cfg.IntOpt('cnt_vpn_clients', default=0, min=0,
               help="Addresses reserved for VPN clients per network."),
    cfg.IntOpt('fixed_ip_disassociate_timeout', default=600, min=0,
               help="Seconds after which an unused fixed IP is "
                    "disassociated."),
    cfg.IntOpt('create_unique_mac_address_attempts', default=5, min=1,
               help="Attempts to generate a unique MAC address."),
    cfg.BoolOpt('teardown_unused_network_gateway', default=False,
                help="Remove a network's gateway interface from the host "
                     "when the host no longer has instances on it."),
    cfg.BoolOpt('force_dhcp_release', default=True,
                help="Release a fixed IP's DHCP lease (dhcp_release) as "
                     "soon as the IP is deallocated."),
    cfg.BoolOpt('update_dns_entries', default=False,
                help="Refresh dnsmasq's host file on every nova-network "
                     "host when an instance is created (multi_host)."),
    cfg.IntOpt('dns_update_periodic_interval', default=-1, min=-1,
               help="Seconds between DNS entry refreshes (-1 disables; "
                    "needs update_dns_entries)."),
    cfg.StrOpt('dhcp_domain', default='novalocal',
               help="Domain name given to guests over DHCP."),
    cfg.StrOpt('l3_lib', default='nova.network.l3.LinuxNetL3',
               help="Class that sets up layer 3 networking."),
    cfg.BoolOpt('share_dhcp_address', default=False,
                help="Use the same DHCP server address on every host of "
                     "a multi_host network."),
    cfg.BoolOpt('multi_host', default=False,
                help="New networks are multi-host: every compute host "
                     "runs its own nova-network and is its instances' "
                     "gateway."),
    cfg.BoolOpt('allow_same_net_traffic', default=True,
                help="Allow traffic between instances on the same "
                     "network regardless of security groups."),
    cfg.StrOpt('default_floating_pool', default='nova',
               help="Pool floating IPs are allocated from by default."),
    cfg.BoolOpt('auto_assign_floating_ip', default=False,
                help="Give every new instance a floating IP."),
    cfg.StrOpt('floating_ip_dns_manager',
               default='nova.network.noop_dns_driver.NoopDNSDriver',
               help="Class that publishes DNS names of floating IPs."),
    cfg.StrOpt('instance_dns_manager',
               default='nova.network.noop_dns_driver.NoopDNSDriver',
               help="Class that publishes DNS names of instances."),
    cfg.StrOpt('instance_dns_domain', default='',
               help="DNS domain instance names are published in."),
    cfg.MultiStrOpt('dhcpbridge_flagfile',
                    default=['/etc/nova/nova-dhcpbridge.conf'],
                    help="Configuration files passed to nova-dhcpbridge."),
    cfg.StrOpt('networks_path', default=paths.state_path_def('networks'),
               help="Where nova-network keeps dnsmasq files."),
    cfg.StrOpt('public_interface', default='eth0',
               help="Interface floating IPs are bound to."),
    cfg.StrOpt('dhcpbridge', default=paths.bindir_def('nova-dhcpbridge'),
               help="Location of the nova-dhcpbridge helper dnsmasq "
                    "calls on lease changes."),
    cfg.StrOpt('routing_source_ip', default='$my_ip',
               help="Source address SNAT rules rewrite outbound traffic "
                    "to."),
    cfg.IntOpt('dhcp_lease_time', default=86400, min=1,
               help="Lifetime of DHCP leases, in seconds."),
    cfg.MultiStrOpt('dns_server', default=[],
                    help="DNS servers dnsmasq uses instead of the host's "
                         "resolv.conf (repeatable)."),
    cfg.BoolOpt('use_network_dns_servers', default=False,
                help="Hand out the network's own DNS servers over DHCP."),
    cfg.ListOpt('dmz_cidr', default=[],
                help="CIDRs that are not SNATed."),
    cfg.MultiStrOpt('force_snat_range', default=[],
                    help="Destination ranges always SNATed to "
                         "routing_source_ip (repeatable)."),
    cfg.StrOpt('dnsmasq_config_file', default='',
               help="Extra dnsmasq configuration file."),
    cfg.StrOpt('linuxnet_interface_driver',
               default='nova.network.linux_net.LinuxBridgeInterfaceDriver',
               help="Class that creates bridges and VLAN interfaces."),
    cfg.StrOpt('linuxnet_ovs_integration_bridge', default='br-int',
               help="Open vSwitch bridge used by the OVS interface "
                    "driver."),
    cfg.BoolOpt('send_arp_for_ha', default=False,
                help="Send gratuitous ARPs for HA setups."),
    cfg.IntOpt('send_arp_for_ha_count', default=3, min=0,
               help="Gratuitous ARPs sent per address."),
    cfg.BoolOpt('use_single_default_gateway', default=False,
                help="Give guests a default gateway only on their first "
                     "network."),
    cfg.MultiStrOpt('forward_bridge_interface', default=['all'],
                    help="Interfaces allowed to forward traffic of the "
                         "bridges ('all' for every interface)."),
    cfg.StrOpt('metadata_host', default='$my_ip',
               help="Address of the metadata API guests are redirected "
                    "to (169.254.169.254 DNAT target)."),
    cfg.PortOpt('metadata_port', default=8775,
                help="Port of the metadata API for that redirect."),
    cfg.StrOpt('iptables_top_regex', default='',
               help="iptables rules matching this regex stay at the top "
                    "of nova's chains."),
    cfg.StrOpt('iptables_bottom_regex', default='',
               help="iptables rules matching this regex stay at the "
                    "bottom of nova's chains."),
    cfg.StrOpt('iptables_drop_action', default='DROP',
               help="Target of nova's drop rules (e.g. REJECT)."),
    cfg.IntOpt('ovs_vsctl_timeout', default=120, min=0,
               help="Seconds before ovs-vsctl calls time out (0 waits "
                    "forever)."),
    cfg.BoolOpt('fake_network', default=False,
                help="Skip real network configuration (testing only)."),
    cfg.IntOpt('ebtables_exec_attempts', default=3, min=1,
               help="Attempts for each ebtables command."),
    cfg.FloatOpt('ebtables_retry_interval', default=1.0,
                 help="Base seconds between ebtables attempts."),
    cfg.BoolOpt('fake_call', default=False,
                help="Do not send RPC calls to nova-network; return "
                     "immediately (testing only)."),
    cfg.IntOpt('quota_networks', default=3, min=-1,
               help="Networks a project may create (os-tenant-networks)."),
]

security_group_opts = [
    cfg.StrOpt('security_group_api', default='nova',
               choices=('nova', 'neutron'),
               deprecated_for_removal=True,
               deprecated_since='15.0.0',
               deprecated_reason="Derived from use_neutron.",
               help="Where security groups are managed."),
    cfg.BoolOpt('defer_iptables_apply', default=False,
                help="Apply iptables rules once at the end of a batch "
                     "instead of after every change."),
]


def register_opts(conf):
    conf.register_opts(network_opts + security_group_opts)


def list_opts():
    return {'DEFAULT': network_opts + security_group_opts}
