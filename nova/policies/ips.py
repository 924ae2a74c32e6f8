"""Addresses of a server (``/servers/{server_id}/ips``)."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:ips'
POLICY_ROOT = BASE_POLICY_NAME + ':%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'index',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=("List a server's addresses."),
        operations=[
            {'method': 'GET',
             'path': '/servers/{server_id}/ips'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'show',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=("List a server's addresses on one network."),
        operations=[
            {'method': 'GET',
             'path': '/servers/{server_id}/ips/{network_label}'},
        ]),
]


def list_rules():
    return rules
