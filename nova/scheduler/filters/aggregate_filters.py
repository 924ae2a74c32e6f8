"""Filters reading host aggregate metadata."""

from nova.scheduler import filters
from nova.scheduler import utils


def _aggregate_values(host_state, key):
    values = set()
    for agg in host_state.aggregates:
        value = (agg.metadata or {}).get(key)
        if value is not None:
            values.update(v.strip() for v in value.split(','))
    return values


class AggregateInstanceExtraSpecsFilter(filters.BaseHostFilter):
    """Flavor extra specs (unscoped or ``aggregate_instance_extra_specs:``)
    must be present in the host's aggregates' metadata."""

    run_filter_once_per_request = True

    def applies_to(self, spec_obj):
        return bool(utils.flavor_extra_specs(spec_obj))

    def host_passes(self, host_state, spec_obj):
        specs = utils.flavor_extra_specs(spec_obj)
        for key, requirement in specs.items():
            scope = key.split(':', 1)
            if len(scope) > 1:
                if scope[0] != 'aggregate_instance_extra_specs':
                    continue
                key = scope[1]
            values = _aggregate_values(host_state, key)
            if not values:
                return False
            if not any(filters.extra_spec_matches(v, requirement)
                       for v in values):
                return False
        return True


class AggregateMultiTenancyIsolation(filters.BaseHostFilter):
    """Hosts in aggregates with ``filter_tenant_id`` only take those
    projects."""

    def host_passes(self, host_state, spec_obj):
        tenants = _aggregate_values(host_state, 'filter_tenant_id')
        return not tenants or spec_obj.project_id in tenants


AggregateMultiTenancyIsolationFilter = AggregateMultiTenancyIsolation
