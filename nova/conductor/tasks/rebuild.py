"""Rebuild (same host, new image) and evacuate (``recreate``: a new host
because the old one is down)."""

from oslo_log import log as logging

from nova.conductor.tasks import base
from nova import exception
from nova import objects

LOG = logging.getLogger(__name__)


def rebuild_instance(tasks, ctxt, instance, new_pass, injected_files,
                     image_ref, orig_image_ref, orig_sys_metadata, bdms,
                     recreate=False, on_shared_storage=False,
                     preserve_ephemeral=False, host=None,
                     request_spec=None):
    node = None
    migration = None
    source_allocs = tasks.placement.get_allocations_for_consumer(
        instance.uuid)
    try:
        if recreate:
            spec = request_spec or objects.RequestSpec.get_by_instance_uuid(
                ctxt, instance.uuid)
            spec.ignore_hosts = [instance.host]
            spec.flavor = instance.flavor
            spec.num_instances = 1
            spec.requested_destination = {'host': host} if host else None
            host_lists = tasks.select(ctxt, spec, [instance.uuid],
                                      alternates=False)
            host = host_lists[0][0]['service_host']
            node = host_lists[0][0]['nodename']
            migration = objects.Migration(
                ctxt, source_compute=instance.host,
                source_node=instance.node, dest_compute=host, dest_node=node,
                old_instance_type_id=instance.flavor.id,
                new_instance_type_id=instance.flavor.id,
                instance_uuid=instance.uuid, status='accepted',
                migration_type='evacuation')
            migration.create()
        else:
            host = instance.host
            node = instance.node
        tasks.compute.rebuild_instance(
            ctxt, instance, new_pass, injected_files, image_ref,
            orig_image_ref, orig_sys_metadata, bdms, recreate=recreate,
            on_shared_storage=on_shared_storage, host=host,
            preserve_ephemeral=preserve_ephemeral, migration=migration,
            node=node, request_spec=request_spec)
    except exception.NoValidHost as error:
        LOG.warning('No host to evacuate %s to: %s', instance.uuid, error)
        base.restore_allocations(tasks.placement, instance, source_allocs)
        instance.task_state = None
        instance.save()
        objects.InstanceFault.from_exception(ctxt, instance.uuid,
                                             error).create()
    except Exception as error:
        LOG.exception('Rebuild of %s failed', instance.uuid)
        if migration is not None and migration.obj_attr_is_set('id'):
            migration.status = 'failed'
            migration.save()
        base.restore_allocations(tasks.placement, instance, source_allocs)
        base.set_vm_state_and_fault(ctxt, instance, error,
                                    vm_state=instance.vm_state)
