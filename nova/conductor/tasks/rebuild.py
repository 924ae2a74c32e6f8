"""Rebuild (same host, maybe a new image) and evacuate (``recreate``: a
new host because the old one is down).

Rebuild keeps the instance's allocation.  With a new image the scheduler
checks that the current host still accepts it (ImagePropertiesFilter and
the others, restricted to that host; nothing is claimed): an image the
host cannot run ends the rebuild before the guest is touched, with the
server in ERROR, a "No valid host" fault and its previous image_ref.

Evacuate records an 'evacuation' migration, then finds a destination as
live migration does (nova/conductor/tasks/live_migrate.py): a host named
with ``force`` (or before 2.29) bypasses the scheduler but is claimed in
placement here; otherwise the scheduler chooses (within
``requested_destination`` when a host was named) and claims.  The
instance then holds allocations on both hosts: the source's are dropped
by the source compute when it starts again and removes the evacuated
guest (nova/compute/flows/move.py, ``destroy_evacuated_instances``).
"""

from oslo_log import log as logging

from nova.conductor.tasks import base
from nova.conductor.tasks import live_migrate
from nova import exception
from nova import objects

LOG = logging.getLogger(__name__)

# Errors that end a rebuild before any compute is asked to do anything.
_NOT_STARTED = (exception.NoValidHost, exception.ComputeServiceUnavailable,
                exception.MigrationPreCheckError,
                exception.ComputeHostNotFound)


def _evacuation_destination(tasks, ctxt, instance, host, request_spec,
                            source_allocs):
    if host:
        live_migrate._check_host_up(ctxt, host)
        return host, live_migrate.claim_on_destination(
            tasks, ctxt, instance, host, source_allocs)
    return live_migrate.scheduled_destination(tasks, ctxt, instance,
                                              request_spec)


def _check_image_on_host(tasks, ctxt, instance, request_spec):
    """The scheduler's filters, on the current host only, for the new
    image (the API put it in the request spec); no claim is made (no
    instance uuid is given)."""
    spec = base.request_spec(ctxt, instance, request_spec)
    spec.ignore_hosts = None
    spec.flavor = instance.flavor
    spec.num_instances = 1
    spec.retry = None
    spec.requested_destination = {'host': instance.host,
                                  'node': instance.node}
    tasks.select(ctxt, spec, [], alternates=False)


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
            migration = objects.Migration(
                ctxt, source_compute=instance.host,
                source_node=instance.node, dest_compute=host,
                old_instance_type_id=instance.flavor.id,
                new_instance_type_id=instance.flavor.id,
                instance_uuid=instance.uuid, status='accepted',
                migration_type='evacuation')
            migration.create()
            host, node = _evacuation_destination(
                tasks, ctxt, instance, host, request_spec, source_allocs)
            migration.dest_compute = host
            migration.dest_node = node
            migration.save()
        else:
            if image_ref and orig_image_ref and image_ref != orig_image_ref:
                _check_image_on_host(tasks, ctxt, instance, request_spec)
            host = instance.host
            node = instance.node
        tasks.compute.rebuild_instance(
            ctxt, instance, new_pass, injected_files, image_ref,
            orig_image_ref, orig_sys_metadata, bdms, recreate=recreate,
            on_shared_storage=on_shared_storage, host=host,
            preserve_ephemeral=preserve_ephemeral, migration=migration,
            node=node, request_spec=request_spec)
    except Exception as error:
        if isinstance(error, _NOT_STARTED):
            LOG.warning('Rebuild of %s not started: %s', instance.uuid,
                        error)
        else:
            LOG.exception('Rebuild of %s failed', instance.uuid)
        if migration is not None and migration.obj_attr_is_set('id'):
            migration.status = 'error'
            migration.save()
        base.restore_allocations(tasks.placement, instance, source_allocs)
        if not recreate and orig_image_ref and image_ref != orig_image_ref:
            # The guest was never touched: it still runs the old image.
            instance.image_ref = orig_image_ref
        base.set_vm_state_and_fault(ctxt, instance, error)
