"""Who may use placement: everything but the root version document needs
the ``placement`` rule, by default the admin role (as upstream).

The rule can be overridden in the policy file named by ``[oslo_policy]``.
"""

import threading

from oslo_policy import policy

import nova.conf
from nova import policy as nova_policy

CONF = nova.conf.CONF

RULES = (
    policy.RuleDefault(
        'placement', 'role:admin',
        description='Any placement API call except GET / (the version '
                    'document).'),
)

_ENFORCER = None
_LOCK = threading.Lock()


def _enforcer():
    global _ENFORCER
    with _LOCK:
        if _ENFORCER is None:
            enforcer = nova_policy.Enforcer(CONF)
            enforcer.register_defaults(RULES)
            _ENFORCER = enforcer
    return _ENFORCER


def reset():
    global _ENFORCER
    with _LOCK:
        _ENFORCER = None


def authorize(context):
    """Whether ``context`` may call placement."""
    if context is None:
        return False
    creds = dict(context.to_policy_values())
    target = {'project_id': context.project_id, 'user_id': context.user_id}
    return _enforcer().authorize('placement', target, creds)
