"""Administrative server actions."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-admin-actions'
POLICY_ROOT = BASE_POLICY_NAME + ':%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'reset_state',
        check_str=base.RULE_ADMIN_API,
        description=("Reset a server's state (os-resetState)."),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (os-resetState)'},
        ]),
]


def list_rules():
    return rules
