"""Hypervisors (compute nodes) and their statistics (``os-hypervisors``).
"""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-hypervisors'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME,
        check_str=base.RULE_ADMIN_API,
        description="List, show and search hypervisors, their servers, "
                    "uptime and statistics.",
        operations=[
            {'method': 'GET', 'path': '/os-hypervisors'},
            {'method': 'GET', 'path': '/os-hypervisors/detail'},
            {'method': 'GET', 'path': '/os-hypervisors/statistics'},
            {'method': 'GET', 'path': '/os-hypervisors/{hypervisor_id}'},
            {'method': 'GET',
             'path': '/os-hypervisors/{hypervisor_id}/uptime'},
            {'method': 'GET',
             'path': '/os-hypervisors/{hypervisor_hostname_pattern}/search'},
            {'method': 'GET',
             'path': '/os-hypervisors/{hypervisor_hostname_pattern}/servers'},
        ]),
]


def list_rules():
    return rules
