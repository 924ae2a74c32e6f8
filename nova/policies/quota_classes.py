"""Quota classes (``os-quota-class-sets``): the 'default' class holds the
defaults every project starts from.  Members of a quota class may read
it; only administrators change classes."""

from oslo_policy import policy

from nova.policies import base

POLICY_ROOT = 'os_compute_api:os-quota-class-sets:%s'
_PATH = '/os-quota-class-sets/{quota_class}'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'show',
        check_str='is_admin:True or quota_class:%(quota_class)s',
        description="Show the limits of a quota class.",
        operations=[{'method': 'GET', 'path': _PATH}]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'update',
        check_str=base.RULE_ADMIN_API,
        description="Set the limits of a quota class.",
        operations=[{'method': 'PUT', 'path': _PATH}]),
]


def list_rules():
    return rules
