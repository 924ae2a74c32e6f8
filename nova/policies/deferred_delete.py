"""Soft-deleted servers ([DEFAULT] reclaim_instance_interval)."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-deferred-delete'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME,
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Restore or force-delete a soft-deleted server.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (restore)'},
            {'method': 'POST',
             'path': '/servers/{server_id}/action (forceDelete)'},
        ]),
]


def list_rules():
    return rules
