"""The encrypted admin password of a server (``os-server-password``)."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-server-password'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME,
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Show the encrypted password of a server, or clear '
                     'it.'),
        operations=[
            {'method': 'GET',
             'path': '/servers/{server_id}/os-server-password'},
            {'method': 'DELETE',
             'path': '/servers/{server_id}/os-server-password'},
        ]),
]


def list_rules():
    return rules
