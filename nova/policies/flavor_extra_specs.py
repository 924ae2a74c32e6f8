"""Flavor extra specs (``os-flavor-extra-specs``)."""

from oslo_policy import policy

from nova.policies import base

POLICY_ROOT = 'os_compute_api:os-flavor-extra-specs:%s'
_PATH = '/flavors/{flavor_id}/os-extra_specs'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'index',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description="List the extra specs of a flavor.",
        operations=[{'method': 'GET', 'path': _PATH}]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'show',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description="Show one extra spec of a flavor.",
        operations=[{'method': 'GET',
                     'path': _PATH + '/{flavor_extra_spec_key}'}]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'create',
        check_str=base.RULE_ADMIN_API,
        description="Create or replace extra specs of a flavor.",
        operations=[{'method': 'POST', 'path': _PATH}]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'update',
        check_str=base.RULE_ADMIN_API,
        description="Update one extra spec of a flavor.",
        operations=[{'method': 'PUT',
                     'path': _PATH + '/{flavor_extra_spec_key}'}]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'delete',
        check_str=base.RULE_ADMIN_API,
        description="Delete one extra spec of a flavor.",
        operations=[{'method': 'DELETE',
                     'path': _PATH + '/{flavor_extra_spec_key}'}]),
]


def list_rules():
    return rules
