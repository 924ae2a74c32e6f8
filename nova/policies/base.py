"""Rules other rules refer to by name (``rule:admin_api``)."""

from oslo_policy import policy

RULE_ADMIN_OR_OWNER = 'rule:admin_or_owner'
RULE_ADMIN_API = 'rule:admin_api'
RULE_ANY = '@'
RULE_NOBODY = '!'

rules = [
    policy.RuleDefault(
        'context_is_admin', 'role:admin',
        description="Decides who is an administrator: a request whose "
                    "context passes this rule gets ``is_admin`` set."),
    policy.RuleDefault(
        'admin_or_owner', 'is_admin:True or project_id:%(project_id)s',
        description="An administrator, or a member of the project that "
                    "owns the target."),
    policy.RuleDefault(
        'admin_api', 'is_admin:True',
        description="Only administrators."),
]


def list_rules():
    return rules
