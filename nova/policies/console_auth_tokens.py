"""Console connection details behind a token (``os-console-auth-tokens``):
administrators only (they reveal hypervisor hosts and ports)."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-console-auth-tokens'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME,
        check_str=base.RULE_ADMIN_API,
        description="Show the connection details of a console token.",
        operations=[{'method': 'GET',
                     'path': '/os-console-auth-tokens/{console_token}'}]),
]


def list_rules():
    return rules
