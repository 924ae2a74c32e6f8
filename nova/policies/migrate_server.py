"""Moving servers between hosts."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-migrate-server'
POLICY_ROOT = BASE_POLICY_NAME + ':%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'migrate',
        check_str=base.RULE_ADMIN_API,
        description=('Cold-migrate a server.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (migrate)'},
        ]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'migrate_live',
        check_str=base.RULE_ADMIN_API,
        description=('Live-migrate a server.'),
        operations=[
            {'method': 'POST',
             'path': '/servers/{server_id}/action (os-migrateLive)'},
        ]),
]


def list_rules():
    return rules
