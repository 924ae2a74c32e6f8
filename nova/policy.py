"""Policy enforcement for the Compute API (oslo.policy).

The enforcer reads ``[oslo_policy]`` (policy_file, policy_dirs, ...) and
starts from the documented defaults in :mod:`nova.policies`.  Handlers call
``context.can(action, target)``, which lands in :func:`authorize`.
"""

import threading
import time

from oslo_log import log as logging
from oslo_policy import policy

import nova.conf
from nova import exception
from nova import policies

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

_ENFORCER = None
_LOCK = threading.Lock()

# How often, at most, an enforcer looks for a changed policy file.
RELOAD_CHECK_SECONDS = 1.0


class Enforcer(policy.Enforcer):
    """oslo.policy's enforcer, looking for a changed policy file or
    policy.d directory at most once a second rather than on every check.

    Looking means searching every configuration directory for each of
    them (oslo.config's ``find_file``) and reading their times: about a
    fifth of the CPU of a simple placement request, and paid again by
    each ``context.can`` of a Compute API request.  An operator's edit
    still takes effect, within a second.  Anything that changes the rules
    in process (defaults registered, rules set, and so ``clear``, which
    sets them) makes the next check look again.
    """

    def __init__(self, *args, **kwargs):
        self._rules_looked_at = None
        super().__init__(*args, **kwargs)

    def load_rules(self, force_reload=False):
        now = time.monotonic()
        looked_at = self._rules_looked_at
        if (not force_reload and looked_at is not None
                and now - looked_at < RELOAD_CHECK_SECONDS):
            return
        super().load_rules(force_reload)
        self._rules_looked_at = now

    def set_rules(self, *args, **kwargs):
        self._rules_looked_at = None
        super().set_rules(*args, **kwargs)

    def register_default(self, default):
        self._rules_looked_at = None
        super().register_default(default)


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
            enforcer = Enforcer(CONF, policy_file=policy_file,
                                rules=rules, default_rule=default_rule,
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
