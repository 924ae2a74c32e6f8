"""What every conductor flow shares: clients, cells, faults, cleanup."""

import time

from oslo_log import log as logging

import nova.conf
from nova.compute import rpcapi as compute_rpcapi
from nova.compute import vm_states
from nova import context as nova_context
from nova import exception
from nova import objects
from nova.objects import aggregate as aggregate_obj
from nova.scheduler.client import report
from nova.scheduler import rpcapi as scheduler_rpcapi
from nova.scheduler import utils as scheduler_utils

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

# Seconds a cell mapping read from the API database is reused.
CELL_CACHE_TTL = 60


class TaskContext(object):
    """The clients of the flows (replaceable in tests)."""

    def __init__(self, scheduler=None, compute=None, placement=None):
        self.scheduler = scheduler or scheduler_rpcapi.SchedulerAPI()
        self.compute = compute or compute_rpcapi.ComputeAPI()
        self.placement = placement or report.SchedulerReportClient()
        self._cells = {}

    def cell_for_host(self, ctxt, host):
        mapping = objects.HostMapping.get_by_host(ctxt, host)
        return mapping.cell_mapping

    def cell_by_uuid(self, ctxt, cell_uuid):
        """The cell mapping ``cell_uuid``, read at most once a minute.

        Cell mappings change only through nova-manage (a new database URL
        or transport URL is rare and takes effect within CELL_CACHE_TTL);
        every build would otherwise read one from the API database.
        """
        now = time.monotonic()
        cached = self._cells.get(cell_uuid)
        if cached is not None and now - cached[1] < CELL_CACHE_TTL:
            return cached[0]
        cell = objects.CellMapping.get_by_uuid(ctxt, cell_uuid)
        self._cells[cell_uuid] = (cell, now)
        return cell

    def cell_for_selection(self, ctxt, selection):
        """The cell of a host the scheduler chose: the scheduler already
        names it (``cell_uuid``); a host mapping is read only when it
        does not."""
        cell_uuid = selection.get('cell_uuid')
        if cell_uuid:
            return self.cell_by_uuid(ctxt, cell_uuid)
        return self.cell_for_host(ctxt, selection['service_host'])

    def select(self, ctxt, spec_obj, instance_uuids, alternates=True,
               new_instances=False):
        kwargs = {'new_instances': True} if new_instances else {}
        return self.scheduler.select_destinations(
            ctxt, spec_obj, instance_uuids, return_objects=True,
            return_alternates=alternates, **kwargs)


def zone_of(ctxt, selection):
    """The availability zone of a host the scheduler chose: the one the
    selection names (the scheduler knows every host's aggregates), read
    from the API database only for a selection that names none (sent by
    a scheduler older than this field)."""
    zone = selection.get('availability_zone')
    if zone:
        return zone
    host = selection['service_host']
    return aggregate_obj.host_zones(ctxt, [host]).get(
        host, CONF.default_availability_zone)


def request_spec(ctxt, instance, spec=None, flavor=None):
    """The RequestSpec a move schedules with: ``spec`` when the caller
    sent one, else the stored one, else one made from the instance
    (servers whose request spec was never kept); without the hosts the
    server was forced onto at its creation (as upstream)."""
    if spec is None:
        try:
            spec = objects.RequestSpec.get_by_instance_uuid(ctxt,
                                                            instance.uuid)
        except exception.RequestSpecNotFound:
            spec = objects.RequestSpec.from_components(
                ctxt, instance.uuid, flavor or instance.flavor,
                project_id=instance.project_id, user_id=instance.user_id)
    spec.reset_forced_destinations()
    return spec


def set_vm_state_and_fault(ctxt, instance, error, vm_state=vm_states.ERROR,
                           task_state=None, host=None):
    """Put ``instance`` in ``vm_state`` with a fault describing ``error``.
    """
    LOG.warning('Setting instance %(uuid)s to %(state)s: %(error)s',
                {'uuid': instance.uuid, 'state': vm_state, 'error': error})
    instance.vm_state = vm_state
    instance.task_state = task_state
    instance.save()
    fault = objects.InstanceFault.from_exception(ctxt, instance.uuid, error,
                                                 host=host)
    fault.create()


def flavor_resources(flavor):
    return scheduler_utils.resources_from_flavor(flavor)


def cell0(ctxt):
    return objects.CellMapping.get_by_uuid(ctxt,
                                           objects.CellMapping.CELL0_UUID)


def targeted(ctxt, cell):
    return nova_context.target_cell(ctxt, cell)


def restore_allocations(placement, instance, allocations):
    """Put back the consumer's allocations as they were before a failed
    move (never leave the doubled allocation behind)."""
    try:
        placement.set_allocations(instance.uuid, allocations,
                                  instance.project_id, instance.user_id)
    except exception.NovaException:
        LOG.exception('Could not restore allocations of %s', instance.uuid)
