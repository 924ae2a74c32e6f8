"""Evacuating servers from a failed host."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-evacuate'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME,
        check_str=base.RULE_ADMIN_API,
        description=('Evacuate a server.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (evacuate)'},
        ]),
]


def list_rules():
    return rules
