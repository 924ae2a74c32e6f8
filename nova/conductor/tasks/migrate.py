"""Cold migration and resize: pick a destination, record the migration,
hand over to the destination compute (prep_resize).

Allocations: the scheduler's claim adds the destination's resources to
the instance's existing (source) allocations, so the instance holds both
until the resize is confirmed (source dropped) or reverted (destination
dropped).  Any failure here puts the source allocations back.
"""

from oslo_log import log as logging

import nova.conf
from nova.conductor.tasks import base
from nova import exception
from nova import objects

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


def migrate_server(tasks, ctxt, instance, scheduler_hint, flavor,
                   clean_shutdown=True, request_spec=None, host_list=None):
    is_resize = flavor is not None and flavor.flavorid != \
        instance.flavor.flavorid
    flavor = flavor or instance.flavor
    spec = base.request_spec(ctxt, instance, request_spec, flavor)
    spec.flavor = flavor
    spec.num_instances = 1
    spec.retry = None
    same_host_ok = (is_resize and CONF.allow_resize_to_same_host)
    if not same_host_ok:
        spec.ignore_hosts = [instance.host]
    source_allocs = tasks.placement.get_allocations_for_consumer(
        instance.uuid)
    # The migration is recorded before scheduling, as upstream does: a
    # move no host can take then leaves a migration in 'error' for the
    # operator to see (os-migrations, server migration list).
    migration = objects.Migration(
        ctxt, source_compute=instance.host, source_node=instance.node,
        dest_compute=None, dest_node=None, dest_host=None,
        old_instance_type_id=instance.flavor.id,
        new_instance_type_id=flavor.id, instance_uuid=instance.uuid,
        status='pre-migrating',
        migration_type='resize' if is_resize else 'migration')
    try:
        migration.create()
        try:
            host_lists = tasks.select(ctxt, spec, [instance.uuid])
        except exception.NoValidHost as error:
            _fail(migration)
            _abort(ctxt, instance, error, tasks, source_allocs, fault=False)
            raise
        chosen = host_lists[0][0]
        migration.dest_compute = chosen['service_host']
        migration.dest_node = chosen['nodename']
        migration.save()
        tasks.compute.prep_resize(
            ctxt, instance, spec.image if 'image' in spec else None,
            flavor, chosen['service_host'], migration, request_spec=spec,
            filter_properties={'limits': chosen.get('limits') or {}},
            node=chosen['nodename'], clean_shutdown=clean_shutdown,
            host_list=host_lists[0][1:])
    except exception.NoValidHost:
        raise
    except Exception as error:
        _fail(migration)
        _abort(ctxt, instance, error, tasks, source_allocs)
        raise
    return migration


def _fail(migration):
    """Mark a recorded migration failed (nothing to do if it was never
    written)."""
    if migration.obj_attr_is_set('id'):
        migration.status = 'error'
        migration.save()


def _abort(ctxt, instance, error, tasks, source_allocs, fault=True):
    base.restore_allocations(tasks.placement, instance, source_allocs)
    instance.task_state = None
    instance.save()
    if fault:
        objects.InstanceFault.from_exception(ctxt, instance.uuid,
                                             error).create()
