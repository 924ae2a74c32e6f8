"""Policy enforcement for the Compute API (oslo.policy).

The enforcer reads ``[oslo_policy]`` (policy_file, policy_dirs, ...) and
starts from the documented defaults in :mod:`nova.policies`.  Handlers call
``context.can(action, target)``, which lands in :func:`authorize`.
"""

import threading

from oslo_log import log as logging
from oslo_policy import policy

import nova.conf
from nova import exception
from nova import policies

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

_ENFORCER = None
_LOCK = threading.Lock()


def reset():
    """Forget the enforcer (tests; a SIGHUP-style reload)."""
    global _ENFORCER
    with _LOCK:
        if _ENFORCER is not None:
            _ENFORCER.clear()
        _ENFORCER = None


def init(policy_file=None, rules=None, default_rule=None, use_conf=True):
    """Create the process-wide enforcer once; return it.

    :param rules: a dict of rule name -> check string that overrides the
        defaults (tests use this instead of a policy file).
    """
    global _ENFORCER
    with _LOCK:
        if _ENFORCER is None:
            enforcer = policy.Enforcer(CONF, policy_file=policy_file,
                                       rules=rules,
                                       default_rule=default_rule,
                                       use_conf=use_conf)
            enforcer.register_defaults(policies.list_rules())
            if rules:
                enforcer.set_rules(policy.Rules.from_dict(rules),
                                   overwrite=False, use_conf=use_conf)
            _ENFORCER = enforcer
    return _ENFORCER


def set_rules(rules, overwrite=True):
    """Override rules from a dict (tests)."""
    enforcer = init()
    enforcer.set_rules(policy.Rules.from_dict(rules), overwrite=overwrite,
                       use_conf=False)


def get_enforcer():
    """The enforcer, for oslo.policy's command-line tools.

    ``oslopolicy-policy-generator`` and friends call this cold, before any
    config was parsed, so parse the default config files first.
    """
    CONF([], project='nova')
    return init()


def _credentials(context):
    creds = dict(context.to_policy_values())
    creds['is_admin'] = context.is_admin
    return creds


def authorize(context, action, target=None, fatal=True):
    """Check ``action`` for ``context`` against ``target``.

    ``target`` defaults to the caller's own project and user, which is what
    ``admin_or_owner`` style rules need for collection calls.  With
    ``fatal`` a refusal raises :class:`nova.exception.PolicyNotAuthorized`
    (a 403 ``forbidden`` fault); without it the result is a boolean.
    """
    enforcer = init()
    if target is None:
        target = {'project_id': context.project_id,
                  'user_id': context.user_id}
    try:
        allowed = enforcer.authorize(action, target, _credentials(context),
                                     do_raise=fatal,
                                     exc=exception.PolicyNotAuthorized,
                                     action=action)
    except policy.PolicyNotRegistered:
        LOG.exception('Policy %s not registered', action)
        raise
    except exception.PolicyNotAuthorized:
        LOG.debug('Policy check for %(action)s failed with credentials '
                  '%(user)s/%(project)s',
                  {'action': action, 'user': context.user_id,
                   'project': context.project_id})
        raise
    return allowed


def check_is_admin(context):
    """Whether ``context`` passes the ``context_is_admin`` rule."""
    enforcer = init()
    target = {'project_id': context.project_id, 'user_id': context.user_id}
    return enforcer.authorize('context_is_admin', target,
                              _credentials(context))
