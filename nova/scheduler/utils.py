"""Helpers shared by the scheduler, conductor and compute for scheduling:
resources of a request, retry bookkeeping, the shape of host selections.

A *selection* (what select_destinations returns per instance, chosen host
first then the alternates) is a plain dict so it crosses RPC as is::

    {'service_host': 'cmp1', 'nodename': 'cmp1',
     'compute_node_uuid': '...', 'cell_uuid': '...',
     'allocation_request': {'allocations': [...]}, 'limits': {},
     'availability_zone': 'az1'}

The host's availability zone travels with it (as in upstream's Selection
1.1), so conductor records it on the instance without reading the
aggregates again.
"""

import nova.conf
from nova.compute import vm_states  # noqa: F401  (kept for callers)

CONF = nova.conf.CONF


def requested(spec_obj, field):
    """The request spec's ``field``, None when it is not set."""
    return getattr(spec_obj, field) if field in spec_obj else None


def group_with_policy(spec_obj, policy):
    """The request's server group if it has ``policy``, else None."""
    group = requested(spec_obj, 'instance_group')
    if group is None or policy not in (group.policies or []):
        return None
    return group


def flavor_extra_specs(spec_obj):
    """The extra specs of the request's flavor ({} when it has none)."""
    return getattr(spec_obj.flavor, 'extra_specs', None) or {}


def resources_from_flavor(flavor):
    """Placement resources of one instance of ``flavor``."""
    disk = flavor.root_gb + flavor.ephemeral_gb
    swap = getattr(flavor, 'swap', 0) or 0
    if swap:
        disk += (swap + 1023) // 1024
    resources = {'VCPU': flavor.vcpus, 'MEMORY_MB': flavor.memory_mb,
                 'DISK_GB': disk}
    return {rc: amount for rc, amount in resources.items() if amount}


def resources_from_request_spec(spec_obj):
    return resources_from_flavor(spec_obj.flavor)


def zones_of(host_state):
    """The availability zones of the host, from the aggregates its state
    carries: a set, ``{[DEFAULT] default_availability_zone}`` when it is
    in none."""
    zones = {(agg.metadata or {}).get('availability_zone')
             for agg in host_state.aggregates or ()}
    zones.discard(None)
    zones.discard('')
    return zones or {CONF.default_availability_zone}


def host_zone(host_state):
    """The host's zone as ``nova.objects.aggregate.host_zones`` reads it
    from the database: its zones sorted and joined with commas."""
    return ','.join(sorted(zones_of(host_state)))


def selection(host_state, allocation_request=None):
    return {'service_host': host_state.host,
            'nodename': host_state.nodename,
            'compute_node_uuid': host_state.uuid,
            'cell_uuid': host_state.cell_uuid,
            'allocation_request': allocation_request,
            'limits': dict(host_state.limits or {}),
            'availability_zone': host_zone(host_state)}


def legacy_destination(sel):
    return {'host': sel['service_host'], 'nodename': sel['nodename'],
            'limits': sel.get('limits') or {}}


def populate_retry(filter_properties, instance_uuid, max_attempts):
    """Count one more attempt in ``filter_properties['retry']``; raise
    MaxRetriesExceeded past ``max_attempts``."""
    from nova import exception
    retry = filter_properties.setdefault('retry',
                                         {'num_attempts': 0, 'hosts': []})
    retry['num_attempts'] += 1
    if retry['num_attempts'] > max_attempts:
        raise exception.MaxRetriesExceeded(
            reason='Exceeded maximum number of retries. Exhausted all '
                   'hosts available for retrying build failures for '
                   'instance %s.' % instance_uuid)
    return retry


def add_retry_host(filter_properties, host, node):
    retry = filter_properties.get('retry')
    if not retry:
        return
    hosts = retry.setdefault('hosts', [])
    if [host, node] not in hosts:
        hosts.append([host, node])


def group_policies(spec_obj):
    group = requested(spec_obj, 'instance_group')
    if group is None:
        return set()
    return set(group.policies or [])
