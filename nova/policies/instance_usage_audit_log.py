"""The instance usage audit log (``os-instance_usage_audit_log``)."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-instance-usage-audit-log'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME,
        check_str=base.RULE_ADMIN_API,
        description=('List the usage audits of the last completed audit '
                     'period, or of the period completed before a time.'),
        operations=[
            {'method': 'GET', 'path': '/os-instance_usage_audit_log'},
            {'method': 'GET',
             'path': '/os-instance_usage_audit_log/{before_timestamp}'},
        ]),
]


def list_rules():
    return rules
