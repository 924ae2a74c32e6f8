"""Locking servers."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-lock-server'
POLICY_ROOT = BASE_POLICY_NAME + ':%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'lock',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Lock a server.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (lock)'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'unlock',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Unlock a server.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (unlock)'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'unlock:unlock_override',
        check_str=base.RULE_ADMIN_API,
        description=('Unlock a server locked by someone else (an administrator).'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (unlock)'},
        ]),
]


def list_rules():
    return rules
