"""Resize and cold migration (prep_resize on the destination,
resize_instance on the source, finish_resize on the destination,
confirm/revert), live migration and rebuild/evacuate.

Allocations (doubled, see nova/scheduler/client/report.py): while the
move is in flight the instance holds resources on both nodes.  Confirm
keeps only the destination (new flavor), revert only the source (old
flavor); each failure puts the source allocation back.
"""

from oslo_log import log as logging

from nova.compute.flows import base
from nova.compute import power_state
from nova.compute import task_states
from nova.compute import vm_states
import nova.conf
from nova import exception
from nova import objects
from nova.scheduler import utils as scheduler_utils

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


def _node_uuid(context, host, node):
    return objects.ComputeNode.get_by_host_and_nodename(context, host,
                                                        node).uuid


def _with_flavors(context, instance):
    """Load flavor/old_flavor/new_flavor through conductor when the caller
    sent the instance without them (lazy loading would reach for the
    database, which nova-compute has none of)."""
    missing = [a for a in ('flavor', 'old_flavor', 'new_flavor')
               if not instance.obj_attr_is_set(a)]
    if not missing:
        return instance
    fresh = objects.Instance.get_by_uuid(context, instance.uuid,
                                         expected_attrs=missing)
    for attr in missing:
        setattr(instance, attr, getattr(fresh, attr))
        instance.obj_reset_changes([attr])
    return instance


class MoveFlow(base.FlowBase):

    def _keep_only(self, context, instance, host, node, flavor):
        """The instance's allocations become exactly ``flavor`` on
        (host, node)."""
        rp = _node_uuid(context, host, node)
        self.rt.reportclient.set_allocations(
            instance.uuid, {rp: scheduler_utils.resources_from_flavor(
                flavor)}, instance.project_id, instance.user_id)

    def _move_failed(self, context, instance, migration, error):
        LOG.warning('Move of %s failed: %s', instance.uuid, error)
        migration.status = 'error'
        migration.save()
        try:
            self._keep_only(context, instance, migration.source_compute,
                            migration.source_node, instance.flavor)
        except Exception:
            LOG.exception('Could not restore allocations of %s',
                          instance.uuid)
        self._fail(context, instance, error)

    # -- resize / cold migrate ---------------------------------------------

    def prep_resize(self, context, instance, image, flavor, migration,
                    request_spec=None, filter_properties=None, node=None,
                    clean_shutdown=True, host_list=None):
        _with_flavors(context, instance)
        try:
            with base.action_event(context, instance, 'prep_resize',
                                   self.host):
                node = node or migration.dest_node
                same_host = migration.source_compute == self.host
                if not same_host or (
                        flavor.memory_mb > instance.flavor.memory_mb):
                    self.rt._check_fits(node, flavor,
                                        exclude=instance.uuid)
                instance.old_flavor = instance.flavor
                instance.new_flavor = flavor
                instance.save()
                migration.dest_compute = self.host
                migration.dest_node = node
                # The address the source copies the disk to, as the
                # API shows it (``dest_host`` of os-migrations).
                migration.dest_host = CONF.my_ip
                migration.status = 'pre-migrating'
                migration.save()
            self.compute_rpcapi.resize_instance(
                context, instance, migration, image, flavor,
                clean_shutdown=clean_shutdown)
        except Exception as error:
            self._move_failed(context, instance, migration, error)

    def resize_instance(self, context, instance, migration, image, flavor,
                        clean_shutdown=True):
        _with_flavors(context, instance)
        try:
            with base.action_event(context, instance, 'resize_instance',
                                   self.host):
                migration.status = 'migrating'
                migration.save()
                instance.task_state = task_states.RESIZE_MIGRATING
                instance.save(expected_task_state=[task_states.RESIZE_PREP,
                                                   None])
                timeout, retry = self._shutdown_times(clean_shutdown)
                disk_info = self.driver.migrate_disk_and_power_off(
                    context, instance, migration.dest_compute, flavor, [],
                    timeout=timeout, retry_interval=retry)
                migration.status = 'post-migrating'
                migration.save()
                instance.host = migration.dest_compute
                instance.node = migration.dest_node
                instance.task_state = task_states.RESIZE_MIGRATED
                instance.save(
                    expected_task_state=task_states.RESIZE_MIGRATING)
            self.compute_rpcapi.finish_resize(context, instance, migration,
                                              image,
                                              migration.dest_compute,
                                              disk_info=disk_info)
        except Exception as error:
            self._move_failed(context, instance, migration, error)

    def finish_resize(self, context, instance, migration, image=None,
                      disk_info=None):
        _with_flavors(context, instance)
        try:
            with base.action_event(context, instance, 'finish_resize',
                                   self.host):
                new = instance.new_flavor or instance.flavor
                instance.flavor = new
                instance.instance_type_id = new.id
                instance.vcpus = new.vcpus
                instance.memory_mb = new.memory_mb
                instance.root_gb = new.root_gb
                instance.ephemeral_gb = new.ephemeral_gb
                instance.task_state = task_states.RESIZE_FINISH
                instance.save(expected_task_state=[
                    task_states.RESIZE_MIGRATED])
                self.driver.finish_migration(
                    context, migration, instance, disk_info, [], image or {},
                    migration.old_instance_type_id !=
                    migration.new_instance_type_id,
                    power_on=instance.vm_state != vm_states.STOPPED)
                migration.status = 'finished'
                migration.save()
                self._finish(instance, vm_states.RESIZED,
                             task_states.RESIZE_FINISH)
        except Exception as error:
            self._move_failed(context, instance, migration, error)

    def confirm_resize(self, context, instance, migration):
        """Source side: drop the old copy and the source allocation."""
        _with_flavors(context, instance)
        with base.action_event(context, instance, 'confirm_resize',
                               self.host):
            self.driver.confirm_migration(context, migration, instance, [])
            migration.status = 'confirmed'
            migration.save()
            self._keep_only(context, instance, migration.dest_compute,
                            migration.dest_node, instance.flavor)
            instance.old_flavor = None
            instance.new_flavor = None
            state = instance.power_state
            instance.vm_state = (vm_states.STOPPED
                                 if state == power_state.SHUTDOWN
                                 else vm_states.ACTIVE)
            instance.task_state = None
            instance.save()

    def revert_resize(self, context, instance, migration):
        """Destination side: remove the new copy, then the source takes
        the instance back."""
        _with_flavors(context, instance)
        try:
            with base.action_event(context, instance, 'revert_resize',
                                   self.host):
                self.driver.destroy(context, instance, [])
                migration.status = 'reverting'
                migration.save()
            self.compute_rpcapi.finish_revert_resize(
                context, instance, migration, migration.source_compute)
        except Exception as error:
            self._fail(context, instance, error)

    def finish_revert_resize(self, context, instance, migration):
        _with_flavors(context, instance)
        with base.action_event(context, instance, 'finish_revert_resize',
                               self.host):
            old = instance.old_flavor or instance.flavor
            instance.flavor = old
            instance.instance_type_id = old.id
            instance.vcpus = old.vcpus
            instance.memory_mb = old.memory_mb
            instance.root_gb = old.root_gb
            instance.ephemeral_gb = old.ephemeral_gb
            instance.old_flavor = None
            instance.new_flavor = None
            instance.host = migration.source_compute
            instance.node = migration.source_node
            instance.save()
            self.driver.finish_revert_migration(context, instance, [])
            self._keep_only(context, instance, migration.source_compute,
                            migration.source_node, old)
            migration.status = 'reverted'
            migration.save()
            self._finish(instance, vm_states.ACTIVE, None)

    # -- live migration ------------------------------------------------------

    def check_can_live_migrate_destination(self, context, instance,
                                           block_migration=False,
                                           disk_over_commit=False):
        self.rt._check_fits(self.driver.get_available_nodes()[0],
                            instance.flavor, exclude=instance.uuid)
        return self.driver.check_can_live_migrate_destination(
            context, instance, block_migration, disk_over_commit)

    def live_migration(self, context, instance, dest, block_migration,
                       migration, migrate_data=None):
        """Source side."""
        _with_flavors(context, instance)
        try:
            with base.action_event(context, instance, 'live_migration',
                                   self.host):
                migration.status = 'running'
                migration.save()
                self.driver.live_migration(context, instance, dest)
                instance.host = dest
                instance.node = migration.dest_node
                instance.save()
                migration.status = 'completed'
                migration.save()
            self.compute_rpcapi.post_live_migration_at_destination(
                context, instance, block_migration, dest,
                migration=migration)
        except Exception as error:
            self._move_failed(context, instance, migration, error)

    def post_live_migration_at_destination(self, context, instance,
                                           block_migration=False,
                                           migration=None):
        _with_flavors(context, instance)
        with base.action_event(context, instance,
                               'post_live_migration_at_destination',
                               self.host):
            self.driver.post_live_migration_at_destination(
                context, instance, [], block_migration)
            node = (migration.dest_node if migration is not None
                    else self.driver.get_available_nodes()[0])
            self._keep_only(context, instance, self.host, node,
                            instance.flavor)
            # A paused guest arrives paused: the vm_state stays.
            self._finish(instance, instance.vm_state,
                         [task_states.MIGRATING, None], host=self.host,
                         node=node)

    # -- rebuild / evacuate --------------------------------------------------

    def rebuild_instance(self, context, instance, new_pass, injected_files,
                         image_ref, orig_image_ref, orig_sys_metadata, bdms,
                         recreate=False, on_shared_storage=False,
                         preserve_ephemeral=False, migration=None,
                         scheduled_node=None, limits=None,
                         request_spec=None):
        _with_flavors(context, instance)
        node = scheduled_node or self.driver.get_available_nodes()[0]
        # A stopped server is rebuilt (or evacuated) and left stopped.
        stopped = instance.vm_state == vm_states.STOPPED
        try:
            with base.action_event(context, instance, 'rebuild_instance',
                                   self.host):
                if not recreate:
                    self.driver.destroy(context, instance, [])
                if image_ref:
                    instance.image_ref = image_ref
                instance.task_state = task_states.REBUILD_SPAWNING
                instance.host = self.host
                instance.node = node
                instance.save()
                with self.rt.instance_claim(context, instance, node):
                    self.driver.spawn(context, instance, {},
                                      injected_files or [], new_pass,
                                      allocations=None, network_info=[])
                if stopped:
                    self.driver.power_off(instance)
                if recreate and migration is not None:
                    # The source's allocation stays until the source
                    # compute starts again and removes the old guest
                    # (destroy_evacuated_instances).
                    migration.status = 'done'
                    migration.save()
                self._finish(instance, vm_states.STOPPED if stopped
                             else vm_states.ACTIVE,
                             task_states.REBUILD_SPAWNING,
                             launched_at=base.now())
        except Exception as error:
            if migration is not None:
                migration.status = 'failed'
                migration.save()
            base.set_error(context, instance, error, self.host)

    def destroy_evacuated_instances(self, context):
        """At start-up: guests evacuated from this host while it was
        down are destroyed here, their allocations on this host's
        provider dropped, and their migrations marked 'completed'."""
        migrations = objects.MigrationList.get_by_filters(context, {
            'source_compute': self.host, 'status': ['accepted', 'done'],
            'migration_type': 'evacuation'})
        if not migrations:
            return
        local = set(self.driver.list_instance_uuids())
        for migration in migrations:
            try:
                self._clean_up_evacuated(context, migration, local)
            except Exception:
                LOG.exception('Could not clean up %s, evacuated from this '
                              'host', migration.instance_uuid)

    def _clean_up_evacuated(self, context, migration, local):
        try:
            instance = objects.Instance.get_by_uuid(
                context, migration.instance_uuid, expected_attrs=['flavor'])
        except exception.InstanceNotFound:
            instance = None
        if instance is not None and instance.host == self.host:
            return  # the evacuation never left this host
        if migration.instance_uuid in local:
            LOG.info('Destroying %s: evacuated to %s while this host '
                     'was down', migration.instance_uuid,
                     migration.dest_compute)
            stub = instance or objects.Instance(
                uuid=migration.instance_uuid)
            self.driver.destroy(context, stub, [])
        if instance is not None:
            self.rt.reportclient.remove_provider_from_consumer(
                instance.uuid,
                _node_uuid(context, self.host, migration.source_node),
                instance.project_id, instance.user_id)
        migration.status = 'completed'
        migration.save()
