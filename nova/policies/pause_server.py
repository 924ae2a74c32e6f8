"""Pausing servers."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-pause-server'
POLICY_ROOT = BASE_POLICY_NAME + ':%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'pause',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Pause a server.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (pause)'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'unpause',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Unpause a server.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (unpause)'},
        ]),
]


def list_rules():
    return rules
