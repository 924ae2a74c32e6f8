"""Host weighers: each gives every host a raw weight; weights are
normalized to [0, 1] per weigher, multiplied by the weigher's multiplier
and summed.  The heaviest host wins."""


class BaseHostWeigher(object):
    """Base of every weigher: ``_weigh_object`` and ``weight_multiplier``.
    """

    def weight_multiplier(self):
        return 1.0

    def applies_to(self, spec_obj):
        """False when every host would weigh the same for this request
        (so it would add nothing after normalization)."""
        return True

    def _weigh_object(self, host_state, spec_obj):
        raise NotImplementedError()

    def weigh_objects(self, host_states, spec_obj):
        return [self._weigh_object(h, spec_obj) for h in host_states]


def normalize(values):
    if not values:
        return []
    low, high = min(values), max(values)
    if high == low:
        return [0.0 for _ in values]
    return [(v - low) / (high - low) for v in values]


class WeighedHost(object):
    def __init__(self, host_state, weight=0.0):
        self.obj = host_state
        self.weight = weight

    def __repr__(self):
        return 'WeighedHost [host: %r, weight: %s]' % (self.obj, self.weight)


def weigh(weighers, host_states, spec_obj):
    """WeighedHosts, heaviest first."""
    weighed = [WeighedHost(h) for h in host_states]
    for weigher in weighers:
        multiplier = weigher.weight_multiplier()
        if not multiplier or not weigher.applies_to(spec_obj):
            continue
        raw = weigher.weigh_objects(host_states, spec_obj)
        for item, value in zip(weighed, normalize(raw)):
            item.weight += multiplier * value
    return sorted(weighed, key=lambda w: -w.weight)


def all_weighers():
    from nova.scheduler.weights import affinity
    from nova.scheduler.weights import resources
    return {cls.__name__: cls for cls in (
        resources.RAMWeigher, resources.DiskWeigher, resources.CPUWeigher,
        resources.IoOpsWeigher, affinity.ServerGroupSoftAffinityWeigher,
        affinity.ServerGroupSoftAntiAffinityWeigher)}
