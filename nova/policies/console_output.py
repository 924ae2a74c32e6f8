"""Console log of a server."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-console-output'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME,
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Show the console output of a server.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (os-getConsoleOutput)'},
        ]),
]


def list_rules():
    return rules
