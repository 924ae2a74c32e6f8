"""Build flow: schedule, create the instance in its cell, start the build
on the chosen compute; reschedule to an alternate when a compute fails.
"""

from oslo_log import log as logging

import nova.conf
from nova.compute import vm_states
from nova.conductor.tasks import base
from nova import exception
from nova import objects
from nova.scheduler import utils as scheduler_utils

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


def _filter_properties(spec, host_list):
    return {'retry': {'num_attempts': 1,
                      'hosts': [[host_list[0]['service_host'],
                                 host_list[0]['nodename']]]},
            'limits': host_list[0].get('limits') or {},
            'scheduler_hints': dict(spec.scheduler_hints or {})
            if 'scheduler_hints' in spec else {}}


def bury_in_cell0(tasks, ctxt, build_request, spec, error, tags=None):
    """The instance could not be scheduled: create it in cell0 in ERROR
    with a fault, map it there and drop the build request."""
    cell = base.cell0(ctxt)
    instance = build_request.instance
    with base.targeted(ctxt, cell) as cctxt:
        instance._context = cctxt
        _mark_all_changed(instance)
        instance.vm_state = vm_states.ERROR
        instance.task_state = None
        try:
            instance.create()
        except exception.InstanceExists:
            pass
        try:
            objects.InstanceAction.action_start(cctxt, instance.uuid,
                                                'create', want_result=False)
        except exception.NovaException:
            LOG.debug('Could not record the create action of %s',
                      instance.uuid)
        fault = objects.InstanceFault.from_exception(cctxt, instance.uuid,
                                                     error)
        fault.create()
    try:
        build_request.destroy_and_map(cell)
    except exception.BuildRequestNotFound:
        try:
            _point_mapping(ctxt, instance.uuid, cell)
        except exception.InstanceMappingNotFound:
            pass
    LOG.info('Instance %s could not be scheduled and is in cell0: %s',
             instance.uuid, error)


def _mark_all_changed(instance):
    """A BuildRequest's instance comes back with no pending changes, but
    every field it carries is new to the cell database: mark them all so
    ``create()`` writes them (user, project, flavor sizes, states...)."""
    instance._changed_fields = {
        name for name in instance.fields
        if name != 'id' and instance.obj_attr_is_set(name)}


def _point_mapping(ctxt, instance_uuid, cell):
    mapping = objects.InstanceMapping.get_by_instance_uuid(ctxt,
                                                           instance_uuid)
    mapping.cell_mapping = cell
    mapping.save()
    return mapping


def schedule_and_build_instances(tasks, ctxt, build_requests, request_specs,
                                 image, admin_password, injected_files,
                                 requested_networks, block_device_mapping,
                                 tags=None):
    uuids = [br.instance_uuid for br in build_requests]
    spec0 = request_specs[0]
    spec0.num_instances = len(build_requests)
    try:
        host_lists = tasks.select(ctxt, spec0, uuids, new_instances=True)
    except exception.NoValidHost as error:
        for br, spec in zip(build_requests, request_specs):
            bury_in_cell0(tasks, ctxt, br, spec, error, tags)
        return
    except Exception as error:
        LOG.exception('Scheduling failed for %s', uuids)
        for br, spec in zip(build_requests, request_specs):
            bury_in_cell0(tasks, ctxt, br, spec, error, tags)
        return
    for br, spec, host_list in zip(build_requests, request_specs,
                                   host_lists):
        try:
            _create_and_build(tasks, ctxt, br, spec, host_list, image,
                              admin_password, injected_files,
                              requested_networks, block_device_mapping)
        except Exception as error:
            LOG.exception('Build of %s failed in conductor',
                          br.instance_uuid)
            tasks.placement.delete_allocation_for_instance(
                br.instance_uuid)
            try:
                bury_in_cell0(tasks, ctxt, br, spec, error, tags)
            except Exception:
                LOG.exception('Could not bury %s in cell0',
                              br.instance_uuid)


def _requested_zone(spec):
    """The zone the user asked for, None when none was."""
    if spec is not None and 'availability_zone' in spec:
        return spec.availability_zone or None
    return None


def _create_and_build(tasks, ctxt, build_request, spec, host_list, image,
                      admin_password, injected_files, requested_networks,
                      block_device_mapping):
    chosen = host_list[0]
    cell = tasks.cell_for_selection(ctxt, chosen)
    instance = build_request.instance
    with base.targeted(ctxt, cell) as cctxt:
        instance._context = cctxt
        # A server that asked for no zone is recorded in its host's (as
        # upstream since Rocky; listings filter on it).
        if not instance.obj_attr_is_set('availability_zone') or \
                not instance.availability_zone:
            instance.availability_zone = (_requested_zone(spec) or
                                          base.zone_of(ctxt, chosen))
        _mark_all_changed(instance)
        instance.create_with_action('create')
        group = spec.instance_group if 'instance_group' in spec else None
        if group is not None and group.obj_attr_is_set('uuid'):
            objects.InstanceGroup.add_members(ctxt, group.uuid,
                                              [instance.uuid])
        try:
            # One API database transaction: mapped to the cell and no
            # longer a build request, or (deleted meanwhile) neither.
            build_request.destroy_and_map(cell)
        except exception.BuildRequestNotFound:
            # Deleted by the user while we scheduled: undo what we made.
            LOG.info('Build request of %s vanished (deleted meanwhile); '
                     'cleaning up', instance.uuid)
            instance.destroy()
            tasks.placement.delete_allocation_for_instance(instance.uuid)
            try:
                objects.InstanceMapping.get_by_instance_uuid(
                    ctxt, instance.uuid).destroy()
            except exception.InstanceMappingNotFound:
                pass
            return
        tasks.compute.build_and_run_instance(
            cctxt, instance, chosen['service_host'], image=image,
            request_spec=spec,
            filter_properties=_filter_properties(spec, host_list),
            admin_password=admin_password, injected_files=injected_files,
            requested_networks=requested_networks,
            security_groups=list(spec.security_groups or [])
            if 'security_groups' in spec else [],
            block_device_mapping=block_device_mapping,
            node=chosen['nodename'], limits=chosen.get('limits'),
            host_list=host_list[1:])


def build_instances(tasks, ctxt, instances, image, filter_properties,
                    admin_password, injected_files, requested_networks,
                    security_groups, block_device_mapping,
                    request_spec=None, host_lists=None):
    """A compute failed the build: free that host's allocation and move on
    to the next alternate that placement accepts, else ERROR."""
    filter_properties = dict(filter_properties or {})
    for index, instance in enumerate(instances):
        alternates = list((host_lists or [[]])[index] or []) \
            if host_lists else []
        tasks.placement.delete_allocation_for_instance(instance.uuid)
        try:
            scheduler_utils.populate_retry(filter_properties, instance.uuid,
                                           CONF.scheduler.max_attempts)
        except exception.MaxRetriesExceeded as error:
            _fail_build(ctxt, instance, error)
            continue
        chosen = None
        while alternates:
            candidate = alternates.pop(0)
            if tasks.placement.claim_resources(
                    instance.uuid, candidate['allocation_request'],
                    instance.project_id, instance.user_id):
                chosen = candidate
                break
            LOG.info('Alternate %s refused by placement for %s',
                     candidate['service_host'], instance.uuid)
        if chosen is None:
            _fail_build(ctxt, instance, exception.MaxRetriesExceeded(
                reason='Exhausted all hosts available for retrying build '
                       'failures for instance %s.' % instance.uuid))
            continue
        scheduler_utils.add_retry_host(filter_properties,
                                       chosen['service_host'],
                                       chosen['nodename'])
        instance.host = None
        instance.node = None
        if not _requested_zone(request_spec):
            # The alternate may be in another zone than the failed host.
            instance.availability_zone = base.zone_of(ctxt, chosen)
        instance.save()
        tasks.compute.build_and_run_instance(
            ctxt, instance, chosen['service_host'], image=image,
            request_spec=request_spec, filter_properties=filter_properties,
            admin_password=admin_password, injected_files=injected_files,
            requested_networks=requested_networks,
            security_groups=security_groups,
            block_device_mapping=block_device_mapping,
            node=chosen['nodename'], limits=chosen.get('limits'),
            host_list=alternates)


def _fail_build(ctxt, instance, error):
    base.set_vm_state_and_fault(ctxt, instance, error)
