"""Creating and deleting flavors (``os-flavor-manage``)."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-flavor-manage'
POLICY_ROOT = BASE_POLICY_NAME + ':%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'create',
        check_str=base.RULE_ADMIN_API,
        description="Create a flavor.",
        operations=[{'method': 'POST', 'path': '/flavors'}]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'delete',
        check_str=base.RULE_ADMIN_API,
        description="Delete a flavor.",
        operations=[{'method': 'DELETE', 'path': '/flavors/{flavor_id}'}]),
]


def list_rules():
    return rules
