"""Server group and same/different host filters.

Group hosts are computed by the scheduler before filtering (members'
hosts in every cell plus the hosts chosen earlier in the same request) and
put in ``spec_obj.instance_group.hosts``.
"""

from nova.scheduler import filters
from nova.scheduler import utils


class _GroupPolicyFilter(filters.BaseHostFilter):
    """Applies to the members of a group with ``policy``."""

    policy = None

    def applies_to(self, spec_obj):
        return utils.group_with_policy(spec_obj, self.policy) is not None


class ServerGroupAntiAffinityFilter(_GroupPolicyFilter):
    """No two members of an anti-affinity group on one host."""

    policy = 'anti-affinity'

    def host_passes(self, host_state, spec_obj):
        group = utils.group_with_policy(spec_obj, self.policy)
        if group is None:
            return True
        return host_state.host not in (group.hosts or [])


class ServerGroupAffinityFilter(_GroupPolicyFilter):
    """Every member of an affinity group on one host."""

    policy = 'affinity'

    def host_passes(self, host_state, spec_obj):
        group = utils.group_with_policy(spec_obj, self.policy)
        if group is None:
            return True
        hosts = group.hosts or []
        return not hosts or host_state.host in hosts


def _hint_uuids(spec_obj, name):
    value = spec_obj.get_scheduler_hint(name)
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


class SameHostFilter(filters.BaseHostFilter):
    """Hint ``same_host``: only hosts running one of those instances."""

    def applies_to(self, spec_obj):
        return bool(_hint_uuids(spec_obj, 'same_host'))

    def instances_needed(self, spec_obj):
        return _hint_uuids(spec_obj, 'same_host')

    def host_passes(self, host_state, spec_obj):
        wanted = _hint_uuids(spec_obj, 'same_host')
        if not wanted:
            return True
        return any(u in host_state.instances for u in wanted)


class DifferentHostFilter(filters.BaseHostFilter):
    """Hint ``different_host``: no host running one of those."""

    def applies_to(self, spec_obj):
        return bool(_hint_uuids(spec_obj, 'different_host'))

    def instances_needed(self, spec_obj):
        return _hint_uuids(spec_obj, 'different_host')

    def host_passes(self, host_state, spec_obj):
        unwanted = _hint_uuids(spec_obj, 'different_host')
        if not unwanted:
            return True
        return not any(u in host_state.instances for u in unwanted)
