"""Server groups (``os-server-groups``): the members of a project manage
its groups; administrators manage everyone's and list them all with
``all_projects``."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-server-groups'
POLICY_ROOT = BASE_POLICY_NAME + ':%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'create',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description="Create a server group.",
        operations=[{'method': 'POST', 'path': '/os-server-groups'}]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'delete',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description="Delete a server group.",
        operations=[{'method': 'DELETE',
                     'path': '/os-server-groups/{server_group_id}'}]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'index',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description="List the server groups of the project (of every "
                    "project for administrators with ``all_projects``).",
        operations=[{'method': 'GET', 'path': '/os-server-groups'}]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'show',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description="Show a server group.",
        operations=[{'method': 'GET',
                     'path': '/os-server-groups/{server_group_id}'}]),
]


def list_rules():
    return rules
