"""Server tags (``/servers/{server_id}/tags``, 2.26)."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-server-tags'
POLICY_ROOT = BASE_POLICY_NAME + ':%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'index',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=("List a server's tags."),
        operations=[
            {'method': 'GET',
             'path': '/servers/{server_id}/tags'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'show',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Check a tag.'),
        operations=[
            {'method': 'GET',
             'path': '/servers/{server_id}/tags/{tag}'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'update',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Add a tag.'),
        operations=[
            {'method': 'PUT',
             'path': '/servers/{server_id}/tags/{tag}'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'update_all',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Replace all tags.'),
        operations=[
            {'method': 'PUT',
             'path': '/servers/{server_id}/tags'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'delete',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Delete a tag.'),
        operations=[
            {'method': 'DELETE',
             'path': '/servers/{server_id}/tags/{tag}'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'delete_all',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Delete all tags.'),
        operations=[
            {'method': 'DELETE',
             'path': '/servers/{server_id}/tags'},
        ]),
]


def list_rules():
    return rules
