"""Limits (``GET /limits``): everyone reads their own project's absolute
limits and usage; reading another project's (``tenant_id``) is for
administrators (``os-used-limits``)."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:limits'
USED_LIMITS_POLICY_NAME = 'os_compute_api:os-used-limits'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME,
        check_str=base.RULE_ANY,
        description="Show the absolute limits and usage of the caller's "
                    "project.",
        operations=[{'method': 'GET', 'path': '/limits'}]),
    policy.DocumentedRuleDefault(
        name=USED_LIMITS_POLICY_NAME,
        check_str=base.RULE_ADMIN_API,
        description="Show the limits and usage of another project "
                    "(``GET /limits?tenant_id=...``).",
        operations=[{'method': 'GET', 'path': '/limits'}]),
]


def list_rules():
    return rules
