"""Availability zones (``os-availability-zone``): the list for everyone,
the hosts and services behind each zone for administrators."""

from oslo_policy import policy

from nova.policies import base

POLICY_ROOT = 'os_compute_api:os-availability-zone:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'list',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description="List availability zones and whether they are "
                    "available.",
        operations=[{'method': 'GET', 'path': '/os-availability-zone'}]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'detail',
        check_str=base.RULE_ADMIN_API,
        description="List availability zones with their hosts and the "
                    "state of each host's services.",
        operations=[{'method': 'GET',
                     'path': '/os-availability-zone/detail'}]),
]


def list_rules():
    return rules
