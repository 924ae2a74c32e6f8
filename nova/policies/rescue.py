"""Rescue mode."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-rescue'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME,
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Rescue and unrescue a server.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (rescue)'},
            {'method': 'POST',
             'path': '/servers/{server_id}/action (unrescue)'},
        ]),
]


def list_rules():
    return rules
