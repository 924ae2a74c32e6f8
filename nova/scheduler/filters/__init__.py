"""Host filters: each says yes or no to one host for one request.

A filter is a class with ``host_passes(host_state, spec_obj)``.  The
scheduler applies ``[filter_scheduler] enabled_filters`` in order; the
names resolve through ``all_filters()`` (the classes of this package).

Most requests ask nothing of most filters (no zone, no hints, no group,
no extra specs), and a scheduling request weighs up to a thousand hosts:
a filter whose ``applies_to(spec_obj)`` is False passes every host
without looking at any of them.
"""


class BaseHostFilter(object):
    """Base of every host filter."""

    # Whether to run again for each instance of a multi-instance request.
    run_filter_once_per_request = False

    def host_passes(self, host_state, spec_obj):
        raise NotImplementedError()

    def applies_to(self, spec_obj):
        """False when ``host_passes`` would pass every host for this
        request (it asks nothing of this filter)."""
        return True

    def instances_needed(self, spec_obj):
        """The uuids of the instances this filter looks for in a host
        state's ``instances`` for this request; the scheduler fills
        ``instances`` with those of them each host runs, and only when
        some filter names one (a thousand hosts' every instance would
        otherwise be read per request).  None of them by default."""
        return ()

    def filter_all(self, host_states, spec_obj):
        if not self.applies_to(spec_obj):
            return list(host_states)
        return [h for h in host_states if self.host_passes(h, spec_obj)]


def all_filters():
    """name -> class of every filter this package provides."""
    from nova.scheduler.filters import affinity_filter
    from nova.scheduler.filters import aggregate_filters
    from nova.scheduler.filters import compute_filters
    from nova.scheduler.filters import image_props_filter
    from nova.scheduler.filters import resource_filters
    classes = {}
    for module in (affinity_filter, aggregate_filters, compute_filters,
                   image_props_filter, resource_filters):
        for name in dir(module):
            obj = getattr(module, name)
            if (isinstance(obj, type) and issubclass(obj, BaseHostFilter)
                    and obj is not BaseHostFilter and
                    name.endswith('Filter') and not name.startswith('_')):
                classes[name] = obj
    return classes


def extra_spec_matches(value, requirement):
    """Compare a host value with a flavor extra spec requirement
    (``<in>``, ``<or>``, ``s==``, ``>=``, ``<=``, ``==``, plain string)."""
    words = requirement.split()
    if not words:
        return str(value) == requirement
    op = words[0]
    if op == '<in>':
        return len(words) > 1 and words[1] in str(value)
    if op == '<or>':
        return str(value) in words[1::2]
    if op in ('=', '>=', '<=', '==', '!=', '<', '>'):
        try:
            number = float(value)
            wanted = float(words[1])
        except (IndexError, TypeError, ValueError):
            return False
        return {'=': number >= wanted, '>=': number >= wanted,
                '<=': number <= wanted, '==': number == wanted,
                '!=': number != wanted, '<': number < wanted,
                '>': number > wanted}[op]
    if op in ('s==', 's!=', 's>=', 's<=', 's<', 's>'):
        if len(words) < 2:
            return False
        a, b = str(value), words[1]
        return {'s==': a == b, 's!=': a != b, 's>=': a >= b,
                's<=': a <= b, 's<': a < b, 's>': a > b}[op]
    return str(value) == requirement
