"""Hypervisor diagnostics of a server."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-server-diagnostics'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME,
        check_str=base.RULE_ADMIN_API,
        description=('Show the diagnostics of a server.'),
        operations=[
            {'method': 'GET',
             'path': '/servers/{server_id}/diagnostics'},
        ]),
]


def list_rules():
    return rules
