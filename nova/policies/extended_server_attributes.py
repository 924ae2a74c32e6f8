"""Host and hypervisor details in server bodies (``OS-EXT-SRV-ATTR:*``)."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-extended-server-attributes'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME,
        check_str=base.RULE_ADMIN_API,
        description=('Show the OS-EXT-SRV-ATTR:* attributes of servers (host, '
                     'hypervisor_hostname, instance_name, and from 2.3 '
                     'reservation_id, launch_index, hostname, kernel_id, '
                     'ramdisk_id, root_device_name, user_data).'),
        operations=[
            {'method': 'GET',
             'path': '/servers/{server_id}'},
            {'method': 'GET',
             'path': '/servers/detail'},
        ]),
]


def list_rules():
    return rules
