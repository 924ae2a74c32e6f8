"""Server actions: each checks the server's state (and lock), moves its
task_state with a compare-and-swap, records an instance action in the
server's cell and hands the work over with the RPC of the contract.

Casts go to the server's host (compute) or to conductor (resize, migrate,
live migrate, rebuild, evacuate, unshelve).  Calls (console output,
consoles, password, diagnostics) return the compute service's answer.
"""

from oslo_log import log as logging
from oslo_utils import uuidutils

import nova.conf
from nova.compute import api_common
from nova.compute import task_states
from nova.compute import vm_states
from nova import exception
from nova.i18n import _
from nova import objects
from nova import quota

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

check_state = api_common.check_instance_state
check_lock = api_common.check_instance_lock
check_host = api_common.check_instance_host
record = api_common.record_action
set_task = api_common.set_task_state

# Hard reboot may interrupt these (a soft reboot that hangs, a pause...).
HARD_REBOOT_TASK_STATES = [
    None, task_states.REBOOTING, task_states.REBOOT_PENDING,
    task_states.REBOOT_STARTED, task_states.REBOOTING_HARD,
    task_states.RESUMING, task_states.UNPAUSING, task_states.PAUSING,
    task_states.SUSPENDING]
SNAPSHOT_STATES = [vm_states.ACTIVE, vm_states.STOPPED, vm_states.PAUSED,
                   vm_states.SUSPENDED]
CONSOLE_TYPES = {'novnc': 'vnc', 'xvpvnc': 'vnc',
                 'spice-html5': 'spice'}


def _ctxt(instance, context):
    return instance._context or context


# The power actions differ only in these: (method, API action name,
# vm_states allowed, task_state set, compute RPC method, other instance
# changes saved with the task).  Each checks lock and state, sets the
# task, records the action and casts.
POWER_ACTIONS = (
    ('_power_stop', 'stop', [vm_states.ACTIVE, vm_states.ERROR],
     task_states.POWERING_OFF, 'stop_instance', {'progress': 0}),
    ('start', 'start', [vm_states.STOPPED], task_states.POWERING_ON,
     'start_instance', {}),
    ('pause', 'pause', [vm_states.ACTIVE], task_states.PAUSING,
     'pause_instance', {}),
    ('unpause', 'unpause', [vm_states.PAUSED], task_states.UNPAUSING,
     'unpause_instance', {}),
    ('suspend', 'suspend', [vm_states.ACTIVE], task_states.SUSPENDING,
     'suspend_instance', {}),
    ('resume', 'resume', [vm_states.SUSPENDED], task_states.RESUMING,
     'resume_instance', {}),
)


def _power_action(action, allowed, task_state, rpc_method, changes):
    """One power action of :data:`POWER_ACTIONS`; keyword arguments go to
    the RPC method (stop's ``clean_shutdown``)."""
    @check_lock
    @check_state(vm_state=allowed, action=action)
    def method(self, context, instance, **rpc_kwargs):
        set_task(instance, task_state, action=action, **changes)
        getattr(self.compute_rpcapi, rpc_method)(
            _ctxt(instance, context), instance, **rpc_kwargs)
    method.__doc__ = 'The %s action (casts %s).' % (action, rpc_method)
    return method


class ActionsMixin(object):
    """The actions of ``POST /servers/{id}/action`` and their kin."""

    # --- power ----------------------------------------------------------

    def reboot(self, context, instance, reboot_type):
        if reboot_type == 'SOFT':
            return self._soft_reboot(context, instance)
        return self._hard_reboot(context, instance)

    @check_lock
    @check_state(vm_state=vm_states.ALLOW_SOFT_REBOOT, task_state=[None],
                 action='reboot')
    def _soft_reboot(self, context, instance):
        set_task(instance, task_states.REBOOTING, action='reboot')
        self.compute_rpcapi.reboot_instance(
            _ctxt(instance, context), instance, block_device_info=None,
            reboot_type='SOFT')

    @check_lock
    @check_state(vm_state=vm_states.ALLOW_HARD_REBOOT,
                 task_state=HARD_REBOOT_TASK_STATES, action='reboot')
    def _hard_reboot(self, context, instance):
        set_task(instance, task_states.REBOOTING_HARD,
                 expected=HARD_REBOOT_TASK_STATES, action='reboot')
        self.compute_rpcapi.reboot_instance(
            _ctxt(instance, context), instance, block_device_info=None,
            reboot_type='HARD')

    # start, pause, unpause, suspend, resume and _power_stop are made from
    # POWER_ACTIONS (end of module).

    def stop(self, context, instance, clean_shutdown=True):
        self._power_stop(context, instance, do_cast=True,
                         clean_shutdown=clean_shutdown)

    @check_lock
    @check_state(vm_state=vm_states.ALLOW_TRIGGER_CRASH_DUMP,
                 action='trigger_crash_dump')
    def trigger_crash_dump(self, context, instance):
        record(context, instance, 'trigger_crash_dump')
        self.compute_rpcapi.trigger_crash_dump(_ctxt(instance, context),
                                               instance)

    # --- rescue -----------------------------------------------------------

    @check_lock
    @check_state(vm_state=[vm_states.ACTIVE, vm_states.STOPPED,
                           vm_states.ERROR], action='rescue')
    def rescue(self, context, instance, rescue_password=None,
               rescue_image_ref=None, clean_shutdown=True):
        if rescue_image_ref:
            self._get_image(context, rescue_image_ref)
        set_task(instance, task_states.RESCUING, action='rescue')
        self.compute_rpcapi.rescue_instance(
            _ctxt(instance, context), instance, rescue_password,
            rescue_image_ref=rescue_image_ref, clean_shutdown=clean_shutdown)

    @check_lock
    @check_state(vm_state=[vm_states.RESCUED], action='unrescue')
    def unrescue(self, context, instance):
        set_task(instance, task_states.UNRESCUING, action='unrescue')
        self.compute_rpcapi.unrescue_instance(_ctxt(instance, context),
                                              instance)

    # --- resize and migrations --------------------------------------------

    @staticmethod
    def _request_spec(context, instance):
        try:
            return objects.RequestSpec.get_by_instance_uuid(context,
                                                            instance.uuid)
        except exception.RequestSpecNotFound:
            return None

    def resize(self, context, instance, flavor_id=None, clean_shutdown=True,
               auto_disk_config=None):
        """Resize to ``flavor_id``, or cold-migrate when it is None (a
        refusal names the action the caller asked for)."""
        if flavor_id is None:
            return self._migrate(context, instance, None, clean_shutdown,
                                 auto_disk_config)
        return self._resize(context, instance, flavor_id, clean_shutdown,
                            auto_disk_config)

    @check_lock
    @check_state(vm_state=[vm_states.ACTIVE, vm_states.STOPPED],
                 action='migrate')
    def _migrate(self, *args):
        return self._resize_or_migrate(*args)

    @check_lock
    @check_state(vm_state=[vm_states.ACTIVE, vm_states.STOPPED],
                 action='resize')
    def _resize(self, *args):
        return self._resize_or_migrate(*args)

    def _resize_or_migrate(self, context, instance, flavor_id,
                           clean_shutdown, auto_disk_config):
        current = instance.flavor
        if flavor_id is None:
            new_flavor = current
            action = 'migrate'
        else:
            try:
                new_flavor = objects.Flavor.get_by_flavor_id(context,
                                                             flavor_id)
            except exception.FlavorNotFound:
                raise exception.InvalidServerRequest(
                    reason=_("Unable to locate requested flavor."))
            if new_flavor.disabled:
                raise exception.InvalidServerRequest(
                    reason=_("Unable to locate requested flavor."))
            if new_flavor.flavorid == current.flavorid:
                raise exception.CannotResizeToSameFlavor()
            if current.root_gb and new_flavor.root_gb == 0:
                raise exception.InvalidServerRequest(
                    reason=_("Resize to zero disk flavor is not allowed."))
            action = 'resize'
            deltas = {
                'cores': max(new_flavor.vcpus - current.vcpus, 0),
                'ram': max(new_flavor.memory_mb - current.memory_mb, 0)}
            deltas = {k: v for k, v in deltas.items() if v}
            if deltas:
                try:
                    quota.QUOTAS.check_deltas(context, deltas,
                                              instance.project_id,
                                              instance.user_id)
                except exception.OverQuota as e:
                    raise quota.too_many_instances(e, deltas)
        if auto_disk_config is not None:
            instance.auto_disk_config = auto_disk_config
        set_task(instance, task_states.RESIZE_PREP, progress=0, action=action)
        spec = self._request_spec(context, instance)
        filter_properties = {'ignore_hosts': []}
        if not CONF.allow_resize_to_same_host:
            filter_properties['ignore_hosts'].append(instance.host)
        self.compute_task_api.migrate_server(
            _ctxt(instance, context), instance,
            scheduler_hint={'filter_properties': filter_properties},
            live=False, rebuild=False, flavor=new_flavor,
            block_migration=None, disk_over_commit=None,
            clean_shutdown=clean_shutdown, request_spec=spec)

    def _finished_migration(self, context, instance, method):
        try:
            return objects.Migration.get_by_instance_and_status(
                _ctxt(instance, context), instance.uuid, 'finished')
        except exception.MigrationNotFound:
            # A resized server without a finished resize: the request is
            # wrong (400), not the server's state.
            raise exception.InvalidServerRequest(
                reason=_("Instance has not been resized."))

    @check_lock
    @check_state(vm_state=[vm_states.RESIZED], action='confirmResize')
    def confirm_resize(self, context, instance):
        migration = self._finished_migration(context, instance,
                                              'confirmResize')
        record(context, instance, 'confirmResize')
        migration.status = 'confirming'
        migration.save()
        self.compute_rpcapi.confirm_resize(
            _ctxt(instance, context), instance, migration,
            migration.source_compute)

    @check_lock
    @check_state(vm_state=[vm_states.RESIZED], action='revertResize')
    def revert_resize(self, context, instance):
        migration = self._finished_migration(context, instance,
                                              'revertResize')
        set_task(instance, task_states.RESIZE_REVERTING, action='revertResize')
        migration.status = 'reverting'
        migration.save()
        self.compute_rpcapi.revert_resize(
            _ctxt(instance, context), instance, migration,
            migration.dest_compute)

    @check_lock
    @check_state(vm_state=[vm_states.ACTIVE, vm_states.PAUSED],
                 action='os-migrateLive')
    def live_migrate(self, context, instance, block_migration,
                     disk_over_commit, host_name, force=None, async_=True):
        """Hand the live migration to conductor.  A host with ``force``
        (2.30) or named before 2.30 (``force`` None) is used as it is:
        conductor bypasses the scheduler.  A host with ``force`` False
        only narrows the scheduler's choice (the request spec's
        ``requested_destination``).  ``async_`` (2.34) casts; otherwise
        conductor's pre-check errors come back to the caller."""
        if host_name is not None:
            self._check_compute_host(context, instance, host_name)
        set_task(instance, task_states.MIGRATING, action='live-migration')
        spec = self._moved_spec(context, instance, host_name, force)
        if force is False:
            host_name = None
        ctxt = _ctxt(instance, context)
        if async_:
            self.compute_task_api.live_migrate_instance(
                ctxt, instance, scheduler_hint={'host': host_name},
                block_migration=block_migration,
                disk_over_commit=disk_over_commit, request_spec=spec)
            return
        self.compute_task_api.migrate_server(
            ctxt, instance, scheduler_hint={'host': host_name}, live=True,
            rebuild=False, flavor=None, block_migration=block_migration,
            disk_over_commit=disk_over_commit, request_spec=spec)

    def _moved_spec(self, context, instance, host_name, force):
        """The request spec of a live migration or evacuation; with a
        host the scheduler must check (``force`` False) it names it."""
        spec = self._request_spec(context, instance)
        if host_name and force is False:
            if spec is None:
                spec = objects.RequestSpec.from_components(
                    context, instance.uuid, instance.flavor,
                    project_id=instance.project_id,
                    user_id=instance.user_id)
            spec.requested_destination = {'host': host_name}
        return spec

    def _running_live_migration(self, context, instance, migration_id,
                                method):
        """The live migration ``migration_id`` of ``instance``; refused
        with a 400 when it is another kind of migration or not running."""
        migration = objects.Migration.get_by_id_and_instance(
            _ctxt(instance, context), migration_id, instance.uuid)
        if migration.migration_type != 'live-migration':
            raise exception.Invalid(_(
                "Migration %(id)s for server %(uuid)s is not "
                "live-migration.") % {'id': migration_id,
                                      'uuid': instance.uuid})
        if migration.status != 'running':
            raise exception.InvalidMigrationState(
                migration_id=migration_id, instance_uuid=instance.uuid,
                state=migration.status, method=method)
        return migration

    @check_lock
    @check_state(vm_state=[vm_states.ACTIVE, vm_states.PAUSED],
                 task_state=[task_states.MIGRATING], action='force_complete')
    def live_migrate_force_complete(self, context, instance, migration_id):
        migration = self._running_live_migration(
            context, instance, migration_id, 'force complete')
        record(context, instance, 'live_migration_force_complete')
        self.compute_rpcapi.live_migration_force_complete(
            _ctxt(instance, context), instance, migration)

    @check_lock
    @check_state(task_state=[task_states.MIGRATING],
                 action='abort live migration')
    def live_migrate_abort(self, context, instance, migration_id):
        migration = self._running_live_migration(
            context, instance, migration_id, 'abort live migration')
        record(context, instance, 'live_migration_cancel')
        self.compute_rpcapi.live_migration_abort(
            _ctxt(instance, context), instance, migration.id)

    def _check_compute_host(self, context, instance, host_name):
        try:
            objects.Service.get_by_compute_host(_ctxt(instance, context),
                                                host_name)
        except exception.NotFound:
            raise exception.ComputeHostNotFound(host=host_name)

    @check_lock
    @check_state(vm_state=[vm_states.ACTIVE, vm_states.STOPPED,
                           vm_states.ERROR], action='evacuate')
    def evacuate(self, context, instance, host, on_shared_storage,
                 admin_password=None, force=None):
        """Rebuild on another host.  As for live migration, a host with
        ``force`` (2.29) or named before 2.29 bypasses the scheduler;
        with ``force`` False the scheduler checks it."""
        if not self._host_is_down(instance):
            raise exception.ComputeServiceInUse(host=instance.host)
        if host is not None:
            self._check_compute_host(context, instance, host)
            if host == instance.host:
                raise exception.InvalidServerRequest(
                    reason=_("The target host can't be the same one."))
        set_task(instance, task_states.REBUILDING, action='evacuate')
        # Conductor records the evacuation's migration once it has a
        # destination (nova/conductor/tasks/rebuild.py).
        spec = self._moved_spec(context, instance, host, force)
        if force is False:
            host = None
        self.compute_task_api.rebuild_instance(
            _ctxt(instance, context), instance=instance,
            new_pass=admin_password, injected_files=None,
            image_ref=None, orig_image_ref=None, orig_sys_metadata=None,
            bdms=None, recreate=True, on_shared_storage=on_shared_storage,
            preserve_ephemeral=False, host=host, request_spec=spec)

    @check_lock
    @check_state(vm_state=[vm_states.ACTIVE, vm_states.STOPPED,
                           vm_states.ERROR], action='rebuild')
    def rebuild(self, context, instance, image_href, admin_password,
                name=None, description=None, metadata=None,
                access_ip_v4=None, access_ip_v6=None,
                preserve_ephemeral=False, auto_disk_config=None):
        try:
            image = self.image_api.get(context, image_href)
        except exception.ImageNotFound:
            raise exception.InvalidServerRequest(
                reason=_("Cannot find image for rebuild"))
        self._check_image_fits(image, instance.flavor)
        orig_image_ref = instance.image_ref
        orig_sys_metadata = dict(instance.system_metadata)
        if metadata is not None:
            instance.metadata = self._check_metadata(context, metadata)
        if name is not None:
            instance.display_name = name
        if description is not None:
            instance.display_description = description
        if access_ip_v4 is not None:
            instance.access_ip_v4 = access_ip_v4
        if access_ip_v6 is not None:
            instance.access_ip_v6 = access_ip_v6
        if auto_disk_config is not None:
            instance.auto_disk_config = auto_disk_config
        instance.image_ref = image['id']
        set_task(instance, task_states.REBUILDING, action='rebuild')
        spec = self._request_spec(context, instance)
        if spec is not None:
            spec.image = image
            spec.save()
        self.compute_task_api.rebuild_instance(
            _ctxt(instance, context), instance=instance,
            new_pass=admin_password, injected_files=[],
            image_ref=image['id'], orig_image_ref=orig_image_ref,
            orig_sys_metadata=orig_sys_metadata, bdms=[],
            preserve_ephemeral=preserve_ephemeral, host=instance.host,
            request_spec=spec)
        return instance

    # --- images ------------------------------------------------------------

    def _image_for(self, context, instance, name, properties):
        """Metadata of the image a snapshot/backup/shelve will upload."""
        create = getattr(self.image_api, 'create', None)
        meta = {'name': name, 'properties': dict(properties),
                'instance_uuid': instance.uuid}
        if create is not None:
            return create(context, meta)
        return dict(meta, id=uuidutils.generate_uuid())

    @check_lock
    @check_state(vm_state=SNAPSHOT_STATES, action='createImage')
    def snapshot(self, context, instance, name, extra_properties=None):
        image = self._image_for(context, instance, name,
                                dict(extra_properties or {},
                                     image_type='snapshot'))
        set_task(instance, task_states.IMAGE_SNAPSHOT, action='createImage')
        self.compute_rpcapi.snapshot_instance(_ctxt(instance, context),
                                              instance, image['id'])
        return image

    @check_lock
    @check_state(vm_state=[vm_states.ACTIVE, vm_states.STOPPED],
                 action='createBackup')
    def backup(self, context, instance, name, backup_type, rotation,
               extra_properties=None):
        props = dict(extra_properties or {}, image_type='backup',
                     backup_type=backup_type)
        image = self._image_for(context, instance, name, props)
        set_task(instance, task_states.IMAGE_BACKUP, action='createBackup')
        self.compute_rpcapi.backup_instance(
            _ctxt(instance, context), instance, image['id'], backup_type,
            rotation)
        return image

    # --- shelve ------------------------------------------------------------

    @check_lock
    @check_state(vm_state=SNAPSHOT_STATES, action='shelve')
    def shelve(self, context, instance, clean_shutdown=True):
        image = self._image_for(context, instance,
                                '%s-shelved' % instance.display_name,
                                {'image_type': 'snapshot'})
        set_task(instance, task_states.SHELVING, action='shelve')
        self.compute_rpcapi.shelve_instance(
            _ctxt(instance, context), instance, image_id=image['id'],
            clean_shutdown=clean_shutdown)

    @check_lock
    @check_state(vm_state=[vm_states.SHELVED], action='shelveOffload')
    def shelve_offload(self, context, instance, clean_shutdown=True):
        set_task(instance, task_states.SHELVING_OFFLOADING,
                 action='shelveOffload')
        self.compute_rpcapi.shelve_offload_instance(
            _ctxt(instance, context), instance,
            clean_shutdown=clean_shutdown)

    @check_lock
    @check_state(vm_state=[vm_states.SHELVED, vm_states.SHELVED_OFFLOADED],
                 action='unshelve', must_have_host=False)
    def unshelve(self, context, instance):
        set_task(instance, task_states.UNSHELVING, action='unshelve')
        self.compute_task_api.unshelve_instance(
            _ctxt(instance, context), instance,
            request_spec=self._request_spec(context, instance))

    # --- password, consoles, diagnostics -----------------------------------

    @check_lock
    @check_state(vm_state=[vm_states.ACTIVE], action='changePassword')
    def set_admin_password(self, context, instance, password):
        set_task(instance, task_states.UPDATING_PASSWORD,
                 action='changePassword')
        self.compute_rpcapi.set_admin_password(_ctxt(instance, context),
                                               instance, password)

    @check_host
    def get_console_output(self, context, instance, tail_length=None):
        """The console log: readable in any state once on a host (during
        a reboot, of a stopped server...)."""
        return self.compute_rpcapi.get_console_output(
            _ctxt(instance, context), instance, tail_length)

    @check_host
    def get_console(self, context, instance, protocol, console_type):
        """A console URL dict; vnc/spice through their compute calls."""
        if protocol == 'vnc':
            return self.compute_rpcapi.get_vnc_console(
                _ctxt(instance, context), instance, console_type)
        if protocol == 'spice':
            return self.compute_rpcapi.get_spice_console(
                _ctxt(instance, context), instance, console_type)
        raise exception.ConsoleTypeUnavailable(console_type=console_type)

    @check_host
    def get_diagnostics(self, context, instance):
        return self.compute_rpcapi.get_diagnostics(_ctxt(instance, context),
                                                   instance)

    # --- admin ------------------------------------------------------------

    @check_host
    def reset_state(self, context, instance, state):
        instance.vm_state = state
        instance.task_state = None
        instance.save(admin_state_reset=True)

    # --- security groups (names, kept in the request spec) ---------------

    def _security_group_spec(self, context, instance):
        spec = self._request_spec(context, instance)
        if spec is None:
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        return spec

    def security_groups(self, context, instance):
        spec = self._request_spec(context, instance)
        return list(spec.security_groups or []) if spec else []

    @check_host
    def add_security_group(self, context, instance, name):
        spec = self._security_group_spec(context, instance)
        groups = list(spec.security_groups or [])
        if name in groups:
            raise exception.InvalidServerRequest(reason=_(
                "Security group %(name)s is already associated with the "
                "instance %(instance)s") % {'name': name,
                                            'instance': instance.uuid})
        spec.security_groups = groups + [name]
        spec.save()

    @check_host
    def remove_security_group(self, context, instance, name):
        spec = self._security_group_spec(context, instance)
        groups = list(spec.security_groups or [])
        if name not in groups:
            raise exception.InvalidServerRequest(reason=_(
                "Security group %(name)s not associated with the instance "
                "%(instance)s") % {'name': name, 'instance': instance.uuid})
        groups.remove(name)
        spec.security_groups = groups
        spec.save()


for _name, _action, _allowed, _task, _rpc, _changes in POWER_ACTIONS:
    setattr(ActionsMixin, _name,
            _power_action(_action, _allowed, _task, _rpc, _changes))
