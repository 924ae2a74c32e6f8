"""Servers (``/servers``) and the server attributes only some callers see."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:servers'
POLICY_ROOT = BASE_POLICY_NAME + ':%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'index',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('List the servers of the project.'),
        operations=[
            {'method': 'GET',
             'path': '/servers'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'detail',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('List the servers of the project, in detail.'),
        operations=[
            {'method': 'GET',
             'path': '/servers/detail'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'index:get_all_tenants',
        check_str=base.RULE_ADMIN_API,
        description=('List the servers of every project (``all_tenants``).'),
        operations=[
            {'method': 'GET',
             'path': '/servers'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'detail:get_all_tenants',
        check_str=base.RULE_ADMIN_API,
        description=('List the servers of every project in detail '
                     '(``all_tenants``).'),
        operations=[
            {'method': 'GET',
             'path': '/servers/detail'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'show',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Show a server.'),
        operations=[
            {'method': 'GET',
             'path': '/servers/{server_id}'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'show:host_status',
        check_str=base.RULE_ADMIN_API,
        description=('Show ``host_status`` (2.16) in server bodies.'),
        operations=[
            {'method': 'GET',
             'path': '/servers/{server_id}'},
            {'method': 'GET',
             'path': '/servers/detail'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'create',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Create servers.'),
        operations=[
            {'method': 'POST',
             'path': '/servers'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'create:forced_host',
        check_str=base.RULE_ADMIN_API,
        description=('Create a server on a given host (``availability_zone`` '
                     "'az:host[:node]')."),
        operations=[
            {'method': 'POST',
             'path': '/servers'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'create:attach_volume',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Create a server with block device mappings.'),
        operations=[
            {'method': 'POST',
             'path': '/servers'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'create:attach_network',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Create a server with requested networks.'),
        operations=[
            {'method': 'POST',
             'path': '/servers'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'update',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Update a server (name, description, access IPs).'),
        operations=[
            {'method': 'PUT',
             'path': '/servers/{server_id}'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'delete',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Delete a server.'),
        operations=[
            {'method': 'DELETE',
             'path': '/servers/{server_id}'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'reboot',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Reboot a server.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (reboot)'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'start',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Start a stopped server.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (os-start)'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'stop',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Stop a server.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (os-stop)'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'resize',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Resize a server.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (resize)'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'confirm_resize',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Confirm a resize.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (confirmResize)'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'revert_resize',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Revert a resize.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (revertResize)'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'rebuild',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Rebuild a server from an image.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (rebuild)'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'create_image',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Snapshot a server into an image.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (createImage)'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'trigger_crash_dump',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Trigger a crash dump in a server (2.17).'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (trigger_crash_dump)'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'migrations:index',
        check_str=base.RULE_ADMIN_API,
        description=('List the in-progress live migrations of a server (2.23).'),
        operations=[
            {'method': 'GET',
             'path': '/servers/{server_id}/migrations'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'migrations:show',
        check_str=base.RULE_ADMIN_API,
        description=('Show a live migration of a server (2.23).'),
        operations=[
            {'method': 'GET',
             'path': '/servers/{server_id}/migrations/{migration_id}'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'migrations:force_complete',
        check_str=base.RULE_ADMIN_API,
        description=('Force a live migration to complete (2.22).'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/migrations/{migration_id}/action (force_complete)'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'migrations:delete',
        check_str=base.RULE_ADMIN_API,
        description=('Abort a live migration (2.24).'),
        operations=[
            {'method': 'DELETE',
             'path': '/servers/{server_id}/migrations/{migration_id}'},
        ]),
]


def list_rules():
    return rules
