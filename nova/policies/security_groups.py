"""Security groups of a server (names only until a network service exists)."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-security-groups'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME,
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Add a security group to, or remove one from, a server.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (addSecurityGroup)'},
            {'method': 'POST',
             'path': '/servers/{server_id}/action (removeSecurityGroup)'},
        ]),
]


def list_rules():
    return rules
