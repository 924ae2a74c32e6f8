"""Usage reports (``os-simple-tenant-usage``): a project's members read
their project's usage; the report over all projects is for
administrators."""

from oslo_policy import policy

from nova.policies import base

POLICY_ROOT = 'os_compute_api:os-simple-tenant-usage:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'show',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description="Show the usage of one project over a period.",
        operations=[{'method': 'GET',
                     'path': '/os-simple-tenant-usage/{tenant_id}'}]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'list',
        check_str=base.RULE_ADMIN_API,
        description="List the usage of every project over a period.",
        operations=[{'method': 'GET', 'path': '/os-simple-tenant-usage'}]),
]


def list_rules():
    return rules
