"""Live migration: pre-checks, destination (given or scheduled), then the
source compute drives the move (``live_migration``)."""

from oslo_log import log as logging

from nova.compute import power_state
from nova.conductor.tasks import base
from nova import exception
from nova import objects
from nova import servicegroup

LOG = logging.getLogger(__name__)


def _check_host_up(ctxt, host):
    service = objects.Service.get_by_compute_host(ctxt, host)
    if service is None or not servicegroup.API().is_up(service):
        raise exception.ComputeServiceUnavailable(host=host)
    return service


def live_migrate_instance(tasks, ctxt, instance, scheduler_hint,
                          block_migration, disk_over_commit, request_spec):
    source_allocs = tasks.placement.get_allocations_for_consumer(
        instance.uuid)
    migration = None
    try:
        if instance.power_state != power_state.RUNNING:
            raise exception.InstanceNotRunning(instance_id=instance.uuid)
        _check_host_up(ctxt, instance.host)
        dest = (scheduler_hint or {}).get('host')
        node = None
        if dest:
            if dest == instance.host:
                raise exception.MigrationPreCheckError(
                    reason='the destination is the source host')
            _check_host_up(ctxt, dest)
            spec = request_spec or objects.RequestSpec.from_components(
                ctxt, instance.uuid, instance.flavor,
                project_id=instance.project_id, user_id=instance.user_id)
            spec.requested_destination = {'host': dest}
        else:
            spec = request_spec or objects.RequestSpec.get_by_instance_uuid(
                ctxt, instance.uuid)
        spec.ignore_hosts = [instance.host]
        spec.flavor = instance.flavor
        spec.num_instances = 1
        host_lists = tasks.select(ctxt, spec, [instance.uuid],
                                  alternates=False)
        dest = host_lists[0][0]['service_host']
        node = host_lists[0][0]['nodename']
        tasks.compute.check_can_live_migrate_destination(
            ctxt, instance, dest, block_migration, disk_over_commit)
        migration = objects.Migration(
            ctxt, source_compute=instance.host, source_node=instance.node,
            dest_compute=dest, dest_node=node, dest_host=None,
            old_instance_type_id=instance.flavor.id,
            new_instance_type_id=instance.flavor.id,
            instance_uuid=instance.uuid, status='queued',
            migration_type='live-migration')
        migration.create()
        tasks.compute.live_migration(ctxt, instance, dest, block_migration,
                                     instance.host, migration)
    except Exception as error:
        LOG.warning('Live migration of %s failed: %s', instance.uuid, error)
        if migration is not None and migration.obj_attr_is_set('id'):
            migration.status = 'error'
            migration.save()
        base.restore_allocations(tasks.placement, instance, source_allocs)
        instance.task_state = None
        instance.save()
        objects.InstanceFault.from_exception(ctxt, instance.uuid,
                                             error).create()
