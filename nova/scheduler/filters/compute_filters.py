"""Filters on the compute service and node: up/enabled, zone,
capabilities, retries, explicit host lists."""

from oslo_log import log as logging

import nova.conf
from nova.scheduler import filters
from nova.scheduler import utils

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


class ComputeFilter(filters.BaseHostFilter):
    """Only hosts whose nova-compute is up and not disabled."""

    run_filter_once_per_request = True

    def filter_all(self, host_states, spec_obj):
        # A thousand hosts per request, nearly all up and enabled: the
        # host manager's plain flags say so without reading each
        # Service's versioned fields; the others are judged (and their
        # reason logged) by host_passes.
        return [h for h in host_states
                if (h.service_up and h.service_disabled is False)
                or self.host_passes(h, spec_obj)]

    def host_passes(self, host_state, spec_obj):
        service = host_state.service
        if service is None:
            return False
        if service.disabled:
            LOG.debug('%s is disabled (%s)', host_state,
                      service.disabled_reason)
            return False
        if not host_state.service_up:
            LOG.warning('%s has not been heard from in a while',
                        host_state)
            return False
        return True


class AvailabilityZoneFilter(filters.BaseHostFilter):
    """The host's zone (from its aggregates, else the default zone) must
    be the requested one."""

    run_filter_once_per_request = True

    def applies_to(self, spec_obj):
        return bool(utils.requested(spec_obj, 'availability_zone'))

    def host_passes(self, host_state, spec_obj):
        wanted = utils.requested(spec_obj, 'availability_zone')
        if not wanted:
            return True
        return wanted in utils.zones_of(host_state)


class ComputeCapabilitiesFilter(filters.BaseHostFilter):
    """Flavor extra specs ``capabilities:<attr>`` (or unscoped keys that
    name a host attribute) must match the host."""

    run_filter_once_per_request = True

    def _host_value(self, host_state, key):
        path = key.split(':')
        value = getattr(host_state, path[0], None)
        if value is None:
            value = host_state.stats.get(path[0])
        for part in path[1:]:
            if isinstance(value, dict):
                value = value.get(part)
            else:
                return None
        return value

    def applies_to(self, spec_obj):
        return bool(utils.flavor_extra_specs(spec_obj))

    def host_passes(self, host_state, spec_obj):
        specs = utils.flavor_extra_specs(spec_obj)
        for key, requirement in specs.items():
            scope = key.split(':', 1)
            if len(scope) > 1:
                if scope[0] != 'capabilities':
                    continue
                key = scope[1]
            value = self._host_value(host_state, key)
            if value is None:
                if len(scope) > 1:
                    return False
                continue
            if not filters.extra_spec_matches(value, requirement):
                LOG.debug('%s fails capability %s=%s', host_state, key,
                          requirement)
                return False
        return True


class RetryFilter(filters.BaseHostFilter):
    """Skip the hosts a build already failed on."""

    def applies_to(self, spec_obj):
        return bool(utils.requested(spec_obj, 'retry'))

    def host_passes(self, host_state, spec_obj):
        retry = utils.requested(spec_obj, 'retry')
        if not retry:
            return True
        tried = [list(h) for h in retry.get('hosts', [])]
        return [host_state.host, host_state.nodename] not in tried


class IgnoreForceHostsFilter(filters.BaseHostFilter):
    """ignore_hosts / force_hosts / force_nodes / requested_destination of
    the request (always applied, whatever enabled_filters says)."""

    _FIELDS = ('ignore_hosts', 'force_hosts', 'force_nodes',
               'requested_destination')

    def applies_to(self, spec_obj):
        return any(utils.requested(spec_obj, field) for field in self._FIELDS)

    def host_passes(self, host_state, spec_obj):
        ignore = utils.requested(spec_obj, 'ignore_hosts')
        if ignore and host_state.host in ignore:
            return False
        force_hosts = utils.requested(spec_obj, 'force_hosts')
        if force_hosts and host_state.host not in force_hosts:
            return False
        force_nodes = utils.requested(spec_obj, 'force_nodes')
        if force_nodes and host_state.nodename not in force_nodes:
            return False
        dest = utils.requested(spec_obj, 'requested_destination')
        if dest:
            if dest.get('host') and dest['host'] != host_state.host:
                return False
            if dest.get('node') and dest['node'] != host_state.nodename:
                return False
        return True


class NumInstancesFilter(filters.BaseHostFilter):
    """At most ``max_instances_per_host`` instances on a host."""

    def host_passes(self, host_state, spec_obj):
        return (host_state.num_instances <
                CONF.filter_scheduler.max_instances_per_host)


class IoOpsFilter(filters.BaseHostFilter):
    """At most ``max_io_ops_per_host`` concurrent I/O-heavy tasks."""

    def host_passes(self, host_state, spec_obj):
        return (host_state.num_io_ops <
                CONF.filter_scheduler.max_io_ops_per_host)
