"""Per-project and per-user quota limits (``os-quota-sets``).  Anyone may
read the defaults; a project's members read its limits; only
administrators change or reset them."""

from oslo_policy import policy

from nova.policies import base

POLICY_ROOT = 'os_compute_api:os-quota-sets:%s'
_PATH = '/os-quota-sets/{tenant_id}'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'update',
        check_str=base.RULE_ADMIN_API,
        description="Set the quota limits of a project (or of a user in "
                    "it).",
        operations=[{'method': 'PUT', 'path': _PATH}]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'defaults',
        check_str=base.RULE_ANY,
        description="Show the default quota limits.",
        operations=[{'method': 'GET', 'path': _PATH + '/defaults'}]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'show',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description="Show the quota limits of a project (or of a user in "
                    "it).",
        operations=[{'method': 'GET', 'path': _PATH}]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'delete',
        check_str=base.RULE_ADMIN_API,
        description="Reset the quota limits of a project (or of a user "
                    "in it) to the defaults.",
        operations=[{'method': 'DELETE', 'path': _PATH}]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'detail',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description="Show the quota limits of a project (or of a user in "
                    "it) with their usage.",
        operations=[{'method': 'GET', 'path': _PATH + '/detail'}]),
]


def list_rules():
    return rules
