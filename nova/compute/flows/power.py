"""Power actions and the periodic power-state sync."""

from oslo_log import log as logging

from nova.compute.flows import base
from nova.compute import power_state
from nova.compute import task_states
from nova.compute import vm_states

LOG = logging.getLogger(__name__)


class PowerFlow(base.FlowBase):

    def _power_action(self, context, instance, name, work, vm_state,
                      expected):
        try:
            with base.action_event(context, instance, name, self.host):
                work()
                self._finish(instance, vm_state, expected)
        except Exception as error:
            self._fail(context, instance, error)

    def reboot_instance(self, context, instance, block_device_info=None,
                        reboot_type='SOFT'):
        expected = ([task_states.REBOOTING, task_states.REBOOT_PENDING,
                     task_states.REBOOT_STARTED]
                    if reboot_type == 'SOFT' else
                    [task_states.REBOOTING_HARD,
                     task_states.REBOOT_PENDING_HARD,
                     task_states.REBOOT_STARTED_HARD])
        self._power_action(
            context, instance, 'reboot_instance',
            lambda: self.driver.reboot(context, instance, [], reboot_type),
            vm_states.ACTIVE, expected + [None])

    def stop_instance(self, context, instance, clean_shutdown=True):
        self._power_action(context, instance, 'stop_instance',
                           lambda: self._power_off(instance, clean_shutdown),
                           vm_states.STOPPED,
                           [task_states.POWERING_OFF, None])

    def start_instance(self, context, instance):
        self._power_action(
            context, instance, 'start_instance',
            lambda: self.driver.power_on(context, instance, []),
            vm_states.ACTIVE, [task_states.POWERING_ON, None])

    def pause_instance(self, context, instance):
        self._power_action(context, instance, 'pause_instance',
                           lambda: self.driver.pause(instance),
                           vm_states.PAUSED, [task_states.PAUSING, None])

    def unpause_instance(self, context, instance):
        self._power_action(context, instance, 'unpause_instance',
                           lambda: self.driver.unpause(instance),
                           vm_states.ACTIVE, [task_states.UNPAUSING, None])

    def suspend_instance(self, context, instance):
        self._power_action(
            context, instance, 'suspend_instance',
            lambda: self.driver.suspend(context, instance),
            vm_states.SUSPENDED, [task_states.SUSPENDING, None])

    def resume_instance(self, context, instance):
        self._power_action(
            context, instance, 'resume_instance',
            lambda: self.driver.resume(context, instance, []),
            vm_states.ACTIVE, [task_states.RESUMING, None])

    def rescue_instance(self, context, instance, rescue_password,
                        rescue_image_ref=None, clean_shutdown=True):
        self._power_action(
            context, instance, 'rescue_instance',
            lambda: self.driver.rescue(context, instance, [], {},
                                       rescue_password),
            vm_states.RESCUED, [task_states.RESCUING, None])

    def unrescue_instance(self, context, instance):
        self._power_action(
            context, instance, 'unrescue_instance',
            lambda: self.driver.unrescue(instance, []),
            vm_states.ACTIVE, [task_states.UNRESCUING, None])

    def trigger_crash_dump(self, context, instance):
        with base.action_event(context, instance, 'trigger_crash_dump',
                               self.host):
            self.driver.trigger_crash_dump(instance)

    def set_admin_password(self, context, instance, new_pass):
        with base.action_event(context, instance, 'set_admin_password',
                               self.host):
            try:
                self.driver.set_admin_password(instance, new_pass)
            finally:
                instance.task_state = None
                instance.save()

    def sync_power_states(self, context):
        """Make each instance's power_state match the hypervisor; a
        running instance whose guest is gone or off becomes STOPPED."""
        from nova import objects
        instances = objects.InstanceList.get_by_host(context, self.host,
                                                     expected_attrs=[])
        for instance in instances:
            if instance.task_state is not None:
                continue
            state = self._power_state(instance)
            if state == instance.power_state:
                continue
            LOG.info('Power state of %(uuid)s was %(old)s, hypervisor says '
                     '%(new)s', {'uuid': instance.uuid,
                                 'old': instance.power_state, 'new': state})
            instance.power_state = state
            if (instance.vm_state == vm_states.ACTIVE and
                    state in (power_state.SHUTDOWN, power_state.NOSTATE,
                              power_state.CRASHED)):
                instance.vm_state = vm_states.STOPPED
            try:
                instance.save(expected_task_state=[None])
            except Exception as e:
                LOG.debug('Power sync of %s skipped: %s', instance.uuid, e)
