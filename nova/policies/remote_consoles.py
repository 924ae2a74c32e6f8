"""Remote consoles of a server."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-remote-consoles'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME,
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('Get a console URL (os-getVNCConsole etc. up to 2.5; '
                     'remote-consoles from 2.6).'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (os-getVNCConsole)'},
            {'method': 'POST',
             'path': '/servers/{server_id}/action (os-getSPICEConsole)'},
            {'method': 'POST',
             'path': '/servers/{server_id}/remote-consoles'},
        ]),
]


def list_rules():
    return rules
