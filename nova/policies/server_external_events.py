"""Events from other services about servers."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-server-external-events'
POLICY_ROOT = BASE_POLICY_NAME + ':%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'create',
        check_str=base.RULE_ADMIN_API,
        description=('Send events to servers.'),
        operations=[
            {'method': 'POST',
             'path': '/os-server-external-events'},
        ]),
]


def list_rules():
    return rules
