"""The actions recorded for a server (``os-instance-actions``)."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-instance-actions'
POLICY_ROOT = BASE_POLICY_NAME + ':%s'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME,
        check_str=base.RULE_ADMIN_OR_OWNER,
        description=('List and show the actions of a server.'),
        operations=[
            {'method': 'GET',
             'path': '/servers/{server_id}/os-instance-actions'},
            {'method': 'GET',
             'path': '/servers/{server_id}/os-instance-actions/{request_id}'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'events',
        check_str=base.RULE_ADMIN_API,
        description=('See the events (and their tracebacks) of an action.'),
        operations=[
            {'method': 'GET',
             'path': '/servers/{server_id}/os-instance-actions/{request_id}'},
        ]),
]


def list_rules():
    return rules
