"""Live migration: pre-checks, a destination, then the source compute
drives the move (``live_migration``).

The API decides how the destination is found (nova/compute/api_actions.py):

* scheduled: no ``host`` hint.  The scheduler picks a host (the request
  spec's ``requested_destination`` narrows it to the host a user named
  without ``force``) and claims the destination's share in placement on
  top of the source's (the doubled allocation of a move in flight);
* forced (a ``host`` hint: os-migrateLive with ``force``, 2.30): the
  scheduler and its filters are bypassed, but the destination must still
  be up and not the source, and its share is claimed in placement here,
  so placement never shows less in use than there is and a destination
  without room refuses the move.

The migration record is written first ('accepted').  Any failure leaves
the server in its vm_state on its source with no task, the allocations as
they were before, a fault, and the record in 'error'; the error is raised
again for a synchronous caller (the API before 2.34), only logged for a
cast.  The compute side (nova/compute/flows/move.py) keeps the
destination's allocation alone once the guest has moved.
"""

from oslo_log import log as logging

from nova.compute import power_state
from nova.conductor.tasks import base
from nova import exception
from nova import objects
from nova.scheduler.client import report
from nova import servicegroup

LOG = logging.getLogger(__name__)

# What a pre-check may raise: the API turns these into 400s.
PRECHECK_ERRORS = (exception.NoValidHost,
                   exception.ComputeServiceUnavailable,
                   exception.MigrationPreCheckError,
                   exception.InstanceInvalidState)


def _check_host_up(ctxt, host):
    try:
        service = objects.Service.get_by_compute_host(ctxt, host)
    except exception.NotFound:
        service = None
    if service is None or not servicegroup.API().is_up(service):
        raise exception.ComputeServiceUnavailable(host=host)
    return service


def _check_instance(ctxt, instance):
    if instance.power_state not in (power_state.RUNNING, power_state.PAUSED):
        raise exception.InstanceInvalidState(
            instance_uuid=instance.uuid, attr='power_state',
            state=power_state.STATE_MAP.get(instance.power_state,
                                            instance.power_state),
            method='live migrate')
    _check_host_up(ctxt, instance.host)


def scheduled_destination(tasks, ctxt, instance, request_spec):
    """(host, node) the scheduler picks for moving ``instance`` off its
    host with its current flavor (live migration, evacuation)."""
    spec = base.request_spec(ctxt, instance, request_spec)
    spec.ignore_hosts = [instance.host]
    spec.flavor = instance.flavor
    spec.num_instances = 1
    spec.retry = None
    chosen = tasks.select(ctxt, spec, [instance.uuid],
                          alternates=False)[0][0]
    return chosen['service_host'], chosen['nodename']


def claim_on_destination(tasks, ctxt, instance, host, source_allocs):
    """A forced move's claim: the instance's resources on ``host``'s
    provider, added to what it holds on the source.  Returns the node
    name; MigrationPreCheckError when placement has no room there."""
    nodes = objects.ComputeNodeList.get_all_by_host(ctxt, host)
    if not nodes:
        raise exception.ComputeHostNotFound(host=host)
    node = nodes[0]
    wanted = report.merge_allocations(
        source_allocs, {node.uuid: base.flavor_resources(instance.flavor)})
    if not tasks.placement.set_allocations(
            instance.uuid, wanted, instance.project_id, instance.user_id):
        raise exception.MigrationPreCheckError(
            reason='not enough free resources on host %s for instance %s '
                   'in placement' % (host, instance.uuid))
    return node.hypervisor_hostname


def _forced_destination(tasks, ctxt, instance, host, source_allocs):
    if host == instance.host:
        raise exception.MigrationPreCheckError(
            reason='instance %s is already on host %s' % (instance.uuid,
                                                          host))
    _check_host_up(ctxt, host)
    return host, claim_on_destination(tasks, ctxt, instance, host,
                                      source_allocs)


def live_migrate_instance(tasks, ctxt, instance, scheduler_hint,
                          block_migration, disk_over_commit, request_spec,
                          reraise=False):
    source_allocs = tasks.placement.get_allocations_for_consumer(
        instance.uuid)
    forced_host = (scheduler_hint or {}).get('host')
    vm_state = instance.vm_state
    migration = objects.Migration(
        ctxt, source_compute=instance.host, source_node=instance.node,
        dest_compute=forced_host, dest_node=None, dest_host=None,
        old_instance_type_id=instance.flavor.id,
        new_instance_type_id=instance.flavor.id,
        instance_uuid=instance.uuid, status='accepted',
        migration_type='live-migration')
    migration.create()
    try:
        _check_instance(ctxt, instance)
        if forced_host:
            dest, node = _forced_destination(tasks, ctxt, instance,
                                             forced_host, source_allocs)
        else:
            dest, node = scheduled_destination(tasks, ctxt, instance,
                                                request_spec)
        migration.dest_compute = dest
        migration.dest_node = node
        migration.save()
        tasks.compute.check_can_live_migrate_destination(
            ctxt, instance, dest, block_migration, disk_over_commit)
        tasks.compute.live_migration(ctxt, instance, dest, block_migration,
                                     instance.host, migration)
    except Exception as error:
        LOG.warning('Live migration of %s failed: %s', instance.uuid, error)
        migration.status = 'error'
        migration.save()
        base.restore_allocations(tasks.placement, instance, source_allocs)
        instance.vm_state = vm_state
        instance.task_state = None
        instance.save()
        objects.InstanceFault.from_exception(ctxt, instance.uuid,
                                             error).create()
        if reraise:
            raise
    return migration
