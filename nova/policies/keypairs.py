"""Key pairs (``os-keypairs``).  A user manages their own key pairs; an
administrator may name another user with ``user_id`` (2.10+), which the
``user_id:%(user_id)s`` half of the rules decides."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-keypairs'
POLICY_ROOT = BASE_POLICY_NAME + ':%s'
RULE_ADMIN_OR_USER = 'rule:admin_api or user_id:%(user_id)s'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME,
        check_str=base.RULE_ADMIN_OR_OWNER,
        description="Show the key pair name of servers (``key_name``).",
        operations=[{'method': 'GET', 'path': '/servers/{server_id}'},
                    {'method': 'GET', 'path': '/servers/detail'}]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'index',
        check_str=RULE_ADMIN_OR_USER,
        description="List the key pairs of a user.",
        operations=[{'method': 'GET', 'path': '/os-keypairs'}]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'create',
        check_str=RULE_ADMIN_OR_USER,
        description="Create or import a key pair.",
        operations=[{'method': 'POST', 'path': '/os-keypairs'}]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'delete',
        check_str=RULE_ADMIN_OR_USER,
        description="Delete a key pair.",
        operations=[{'method': 'DELETE',
                     'path': '/os-keypairs/{keypair_name}'}]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'show',
        check_str=RULE_ADMIN_OR_USER,
        description="Show a key pair.",
        operations=[{'method': 'GET',
                     'path': '/os-keypairs/{keypair_name}'}]),
]


def list_rules():
    return rules
