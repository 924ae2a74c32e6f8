"""Shelving servers."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-shelve'
POLICY_ROOT = BASE_POLICY_NAME + ':%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'shelve',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Shelve a server.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (shelve)'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'shelve_offload',
        check_str=base.RULE_ADMIN_API,
        description=('Offload a shelved server from its host.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (shelveOffload)'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'unshelve',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Unshelve a server.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (unshelve)'},
        ]),
]


def list_rules():
    return rules
