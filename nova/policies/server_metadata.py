"""Server metadata (``/servers/{server_id}/metadata``)."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:server-metadata'
POLICY_ROOT = BASE_POLICY_NAME + ':%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'index',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=("List a server's metadata."),
        operations=[
            {'method': 'GET',
             'path': '/servers/{server_id}/metadata'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'show',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Show one metadata item.'),
        operations=[
            {'method': 'GET',
             'path': '/servers/{server_id}/metadata/{key}'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'create',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Add or change metadata items.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/metadata'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'update_all',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Replace all metadata.'),
        operations=[
            {'method': 'PUT',
             'path': '/servers/{server_id}/metadata'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'update',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Set one metadata item.'),
        operations=[
            {'method': 'PUT',
             'path': '/servers/{server_id}/metadata/{key}'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'delete',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Delete one metadata item.'),
        operations=[
            {'method': 'DELETE',
             'path': '/servers/{server_id}/metadata/{key}'},
        ]),
]


def list_rules():
    return rules
