"""Host weighers: each gives every host a raw weight; weights are
normalized to [0, 1] per weigher, multiplied by the weigher's multiplier
and summed.  The heaviest host wins."""

import operator


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


class AttributeWeigher(BaseHostWeigher):
    """Weighs by one attribute of the host state (``attribute``): read in
    one pass rather than a method call per host, as a scheduling request
    weighs up to a thousand hosts."""

    attribute = None

    def _weigh_object(self, host_state, spec_obj):
        return getattr(host_state, self.attribute)

    def weigh_objects(self, host_states, spec_obj):
        read = operator.attrgetter(self.attribute)
        return [read(h) for h in host_states]


class WeighedHost(object):
    def __init__(self, host_state, weight=0.0):
        self.obj = host_state
        self.weight = weight

    def __repr__(self):
        return 'WeighedHost [host: %r, weight: %s]' % (self.obj, self.weight)


def weigh(weighers, host_states, spec_obj):
    """WeighedHosts, heaviest first."""
    totals = [0.0] * len(host_states)
    for weigher in weighers:
        multiplier = weigher.weight_multiplier()
        if not multiplier or not weigher.applies_to(spec_obj):
            continue
        raw = weigher.weigh_objects(host_states, spec_obj)
        low, high = (min(raw), max(raw)) if raw else (0, 0)
        if high == low:
            continue        # every host 0.0 after normalization
        scale = multiplier / (high - low)
        totals = [total + (value - low) * scale
                  for total, value in zip(totals, raw)]
    weighed = [WeighedHost(h, total)
               for h, total in zip(host_states, totals)]
    weighed.sort(key=lambda w: -w.weight)
    return weighed


def all_weighers():
    from nova.scheduler.weights import affinity
    from nova.scheduler.weights import resources
    return {cls.__name__: cls for cls in (
        resources.RAMWeigher, resources.DiskWeigher, resources.CPUWeigher,
        resources.IoOpsWeigher, affinity.ServerGroupSoftAffinityWeigher,
        affinity.ServerGroupSoftAntiAffinityWeigher)}
