"""Version caps for RPC clients, honouring ``[upgrade_levels]``.

An operator upgrading service by service pins each client to the version
the oldest service of that kind speaks: a version ("4.11"), a release name
from the client's aliases ("pike"), or "auto" (the lowest service version
any live service of that binary reports, mapped to its RPC version).
"""

from oslo_log import log as logging

import nova.conf

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


def version_cap(service, aliases, auto=None):
    """The cap for ``service``'s RPC client, or None for no cap.

    ``aliases`` maps release names to versions; ``auto`` is a callable that
    returns the cap to use for "auto" (None when it cannot tell).
    """
    level = getattr(CONF.upgrade_levels, service, None)
    if not level:
        return None
    if level == 'auto':
        cap = auto() if auto is not None else None
        LOG.info('Automatically selected %(service)s RPC version %(cap)s',
                 {'service': service, 'cap': cap})
        return cap
    return aliases.get(level, level)


def auto_from_service_versions(binary, history_key, history):
    """An ``auto`` callable: look up the minimum service version of
    ``binary`` in ``history`` (a sequence of dicts indexed from
    ``first_version``) and return its ``history_key`` entry."""
    def _auto():
        from nova import context
        from nova.objects import service as service_obj
        try:
            minimum = service_obj.Service.get_minimum_version(
                context.get_admin_context(), binary)
        except Exception:  # no database reachable from here: no cap
            LOG.warning('Could not determine the minimum %s version; '
                        'not capping RPC', binary)
            return None
        first = service_obj.SERVICE_VERSION - len(history) + 1
        if minimum < first:
            return None
        return history[minimum - first].get(history_key)
    return _auto
