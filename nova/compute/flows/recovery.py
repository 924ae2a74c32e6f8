"""Servers nova-compute left mid-operation or waiting, so none stays stuck.

A task's state is written before the work and cleared after it; a
nova-compute that stops in between (a crash, a host reboot, a deploy)
leaves the server showing a task nobody will finish.  At start-up
(:meth:`RecoveryFlow.recover_interrupted`), for the servers of this host:

* a build (vm_state ``building``) cannot resume: its partial guest is
  destroyed and the server goes to ERROR with a fault saying why; it
  keeps its allocation, as every server in ERROR does, until deleted;
* a delete is finished (guest, records, allocations);
* a power action (stop, start, reboot, pause, suspend and their
  reverse) is run again: the user asked for it and it is idempotent.

Moves, snapshots, rescues and shelving are left to their own clean-ups
(the migration records say what happened to them).

While running, as upstream (each option's 0, the default, disables it):

* :meth:`RecoveryFlow.check_instance_build_time` puts in ERROR the
  builds of this host older than ``[DEFAULT] instance_build_timeout``;
* :meth:`RecoveryFlow.confirm_old_resizes` confirms the resizes and cold
  migrations to this host left unconfirmed for ``[DEFAULT]
  resize_confirm_window`` seconds, as a user's confirm would.
"""

from oslo_log import log as logging
from oslo_utils import timeutils

import nova.conf
from nova.compute.flows import base
from nova.compute import task_states
from nova.compute import vm_states
from nova import exception
from nova import objects

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

# The power action to run again for each interrupted task, with its
# arguments.
_RETRIED = {
    task_states.POWERING_OFF: ('stop_instance', {}),
    task_states.POWERING_ON: ('start_instance', {}),
    task_states.PAUSING: ('pause_instance', {}),
    task_states.UNPAUSING: ('unpause_instance', {}),
    task_states.SUSPENDING: ('suspend_instance', {}),
    task_states.RESUMING: ('resume_instance', {}),
}
for _task in (task_states.REBOOTING, task_states.REBOOT_PENDING,
              task_states.REBOOT_STARTED):
    _RETRIED[_task] = ('reboot_instance', {'reboot_type': 'SOFT'})
for _task in (task_states.REBOOTING_HARD, task_states.REBOOT_PENDING_HARD,
              task_states.REBOOT_STARTED_HARD):
    _RETRIED[_task] = ('reboot_instance', {'reboot_type': 'HARD'})

_BUILD_TASKS = (task_states.SCHEDULING, task_states.BLOCK_DEVICE_MAPPING,
                task_states.NETWORKING, task_states.SPAWNING)


def _half_of(seconds):
    """Seconds between two looks for something past ``seconds``: half of
    it, between 1 and 60 (the periodic tasks' usual tick)."""
    return min(60, max(1, seconds // 2)) if seconds else 60


def build_check_spacing():
    return _half_of(CONF.instance_build_timeout)


def confirm_check_spacing():
    return _half_of(CONF.resize_confirm_window)


class RecoveryFlow(base.FlowBase):

    def recover_interrupted(self, context):
        """Settle the servers of this host that a stop of nova-compute
        left mid-task (see the module's docstring)."""
        instances = objects.InstanceList.get_by_host(
            context, self.host, expected_attrs=['flavor'])
        for instance in instances:
            try:
                self._recover(context, instance)
            except Exception:
                LOG.exception('Could not settle %s, left %s/%s by a stop '
                              'of nova-compute', instance.uuid,
                              instance.vm_state, instance.task_state)

    def _recover(self, context, instance):
        task = instance.task_state
        if task == task_states.DELETING:
            LOG.info('Finishing the delete of %s, interrupted by a stop '
                     'of nova-compute', instance.uuid)
            self.terminate_instance(context, instance)
        elif (instance.vm_state == vm_states.BUILDING or
              task in _BUILD_TASKS):
            LOG.warning('Build of %s was interrupted by a stop of '
                        'nova-compute; setting it to ERROR', instance.uuid)
            self._destroy_partial_guest(context, instance)
            base.set_error(context, instance, exception.BuildInterrupted(
                instance_uuid=instance.uuid, host=self.host), self.host)
        elif task in _RETRIED:
            name, kwargs = _RETRIED[task]
            LOG.info('Running %s of %s again, interrupted by a stop of '
                     'nova-compute', name, instance.uuid)
            getattr(self, name)(context, instance, **kwargs)

    def _destroy_partial_guest(self, context, instance):
        if instance.uuid not in set(self.driver.list_instance_uuids()):
            return
        try:
            self.driver.destroy(context, instance, [])
        except Exception:
            LOG.exception('Could not destroy the partial guest of %s',
                          instance.uuid)

    def check_instance_build_time(self, context):
        """Builds on this host older than ``instance_build_timeout``
        (from their creation) go to ERROR with a fault.  A spawn still
        running then fails at its end (the task it expects is gone) and
        cleans up after itself."""
        timeout = CONF.instance_build_timeout
        if not timeout:
            return
        building = objects.InstanceList.get_by_filters(
            context, {'host': self.host, 'vm_state': vm_states.BUILDING},
            expected_attrs=[])
        for instance in building:
            if not timeutils.is_older_than(instance.created_at, timeout):
                continue
            LOG.warning('Build of %s took more than %d s; setting it to '
                        'ERROR', instance.uuid, timeout)
            base.set_error(context, instance, exception.InstanceBuildTimeout(
                instance_uuid=instance.uuid, timeout=timeout), self.host)

    def confirm_old_resizes(self, context):
        """Confirm the moves to this host finished more than
        ``resize_confirm_window`` seconds ago: as the API's confirm does,
        an action, the migration 'confirming', the source told to drop
        its copy.  A server no longer waiting for it (in ERROR, or not
        RESIZED with no task under way) has its migration put in error
        instead; one with a task under way (a revert, a user's confirm)
        is left to it."""
        window = CONF.resize_confirm_window
        if not window:
            return
        migrations = objects.MigrationList.get_by_filters(
            context, {'dest_compute': self.host, 'status': 'finished'})
        for migration in migrations:
            finished = migration.updated_at or migration.created_at
            if not timeutils.is_older_than(finished, window):
                continue
            try:
                self._confirm_old_resize(context, migration)
            except Exception:
                LOG.exception('Could not confirm the resize of %s; will '
                              'try again', migration.instance_uuid)

    def _confirm_old_resize(self, context, migration):
        try:
            instance = objects.Instance.get_by_uuid(
                context, migration.instance_uuid, expected_attrs=['flavor'])
        except exception.InstanceNotFound:
            instance = None
        if instance is None or instance.vm_state == vm_states.ERROR or (
                instance.vm_state != vm_states.RESIZED and
                instance.task_state is None):
            LOG.warning('Resize of %s no longer waits for a confirm; '
                        'setting its migration to error',
                        migration.instance_uuid)
            migration.status = 'error'
            migration.save()
            return
        if instance.task_state is not None:
            return
        LOG.info('Confirming the resize of %s, unconfirmed for more than '
                 '%d s', instance.uuid, CONF.resize_confirm_window)
        objects.InstanceAction.action_start(
            context, instance.uuid, 'confirmResize', want_result=False)
        migration.status = 'confirming'
        migration.save()
        self.compute_rpcapi.confirm_resize(context, instance, migration,
                                           migration.source_compute)
