"""Which projects may use a private flavor (``os-flavor-access``)."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-flavor-access'
POLICY_ROOT = BASE_POLICY_NAME + ':%s'

rules = [
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'add_tenant_access',
        check_str=base.RULE_ADMIN_API,
        description="Give a project access to a private flavor.",
        operations=[{'method': 'POST',
                     'path': '/flavors/{flavor_id}/action '
                             '(addTenantAccess)'}]),
    policy.DocumentedRuleDefault(
        name=POLICY_ROOT % 'remove_tenant_access',
        check_str=base.RULE_ADMIN_API,
        description="Take a project's access to a private flavor away.",
        operations=[{'method': 'POST',
                     'path': '/flavors/{flavor_id}/action '
                             '(removeTenantAccess)'}]),
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME,
        check_str=base.RULE_ADMIN_OR_OWNER,
        description="List the projects that may use a private flavor.",
        operations=[{'method': 'GET',
                     'path': '/flavors/{flavor_id}/os-flavor-access'}]),
]


def list_rules():
    return rules
