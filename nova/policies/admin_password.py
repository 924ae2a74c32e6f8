"""Changing a server's administrator password."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-admin-password'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME,
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Change the administrator password of a server.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (changePassword)'},
        ]),
]


def list_rules():
    return rules
