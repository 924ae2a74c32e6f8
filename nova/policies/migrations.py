"""Migrations of every server (``os-migrations``): administrators only."""

from oslo_policy import policy

from nova.policies import base

POLICY_ROOT = 'os_compute_api:os-migrations:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'index',
        check_str=base.RULE_ADMIN_API,
        description="List the migrations (resizes, cold and live "
                    "migrations, evacuations) of every cell.",
        operations=[{'method': 'GET', 'path': '/os-migrations'}]),
]


def list_rules():
    return rules
