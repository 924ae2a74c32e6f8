"""Soft affinity / anti-affinity of server groups: prefer hosts with
more (affinity) or fewer (anti-affinity) members of the group."""

import nova.conf
from nova.scheduler import utils
from nova.scheduler import weights

CONF = nova.conf.CONF


class _GroupWeigher(weights.BaseHostWeigher):
    policy = None

    def applies_to(self, spec_obj):
        return utils.group_with_policy(spec_obj, self.policy) is not None

    def _members_on(self, host_state, spec_obj):
        group = utils.group_with_policy(spec_obj, self.policy)
        if group is None:
            return 0
        # group.hosts lists a host once per member on it.
        return (group.hosts or []).count(host_state.host)


class ServerGroupSoftAffinityWeigher(_GroupWeigher):
    policy = 'soft-affinity'

    def weight_multiplier(self):
        return CONF.filter_scheduler.soft_affinity_weight_multiplier

    def _weigh_object(self, host_state, spec_obj):
        return self._members_on(host_state, spec_obj)


class ServerGroupSoftAntiAffinityWeigher(_GroupWeigher):
    policy = 'soft-anti-affinity'

    def weight_multiplier(self):
        return CONF.filter_scheduler.soft_anti_affinity_weight_multiplier

    def _weigh_object(self, host_state, spec_obj):
        return -self._members_on(host_state, spec_obj)
