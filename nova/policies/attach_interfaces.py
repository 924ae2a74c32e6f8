"""Port interfaces of a server (``/servers/{server_id}/os-interface``)."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-attach-interfaces'
POLICY_ROOT = BASE_POLICY_NAME + ':%s'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME,
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('List the port interfaces of a server, or show one.'),
        operations=[
            {'method': 'GET', 'path': '/servers/{server_id}/os-interface'},
            {'method': 'GET',
             'path': '/servers/{server_id}/os-interface/{port_id}'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'create',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Attach an interface to a server.'),
        operations=[
            {'method': 'POST', 'path': '/servers/{server_id}/os-interface'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'delete',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Detach an interface from a server.'),
        operations=[
            {'method': 'DELETE',
             'path': '/servers/{server_id}/os-interface/{port_id}'},
        ]),
]


def list_rules():
    return rules
