"""Backups of servers."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-create-backup'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME,
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Create a backup image of a server.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (createBackup)'},
        ]),
]


def list_rules():
    return rules
