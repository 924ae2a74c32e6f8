"""Suspending servers."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-suspend-server'
POLICY_ROOT = BASE_POLICY_NAME + ':%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'suspend',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Suspend a server.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (suspend)'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'resume',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Resume a suspended server.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (resume)'},
        ]),
]


def list_rules():
    return rules
