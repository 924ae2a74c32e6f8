"""Delete, soft delete and restore."""

from oslo_log import log as logging

from nova.compute.flows import base
from nova.compute import power_state
from nova.compute import task_states
from nova.compute import vm_states
from nova import exception
from nova import objects

LOG = logging.getLogger(__name__)


class DeleteFlow(base.FlowBase):

    def terminate_instance(self, context, instance, bdms=None):
        try:
            with base.action_event(context, instance, 'terminate_instance',
                                   self.host):
                self.driver.destroy(context, instance, [])
                instance.power_state = power_state.NOSTATE
                instance.vm_state = vm_states.DELETED
                instance.task_state = None
                instance.terminated_at = base.now()
                instance.save()
                instance.destroy()
        except exception.InstanceNotFound:
            LOG.info('Instance %s already deleted', instance.uuid)
        except Exception as error:
            LOG.exception('Delete of %s failed', instance.uuid)
            base.set_error(context, instance, error, self.host)
            return
        self.rt.reportclient.delete_allocation_for_instance(instance.uuid)
        try:
            # One conductor call, one UPDATE.
            objects.InstanceMapping.mark_queued_for_delete(context,
                                                           instance.uuid)
        except (exception.InstanceMappingNotFound, exception.NovaException):
            LOG.debug('No instance mapping to mark for %s', instance.uuid)

    def soft_delete_instance(self, context, instance):
        with base.action_event(context, instance, 'soft_delete_instance',
                               self.host):
            try:
                self.driver.soft_delete(instance)
            except NotImplementedError:
                self.driver.power_off(instance)
            self._finish(instance, vm_states.SOFT_DELETED,
                         task_states.SOFT_DELETING)

    def restore_instance(self, context, instance):
        with base.action_event(context, instance, 'restore_instance',
                               self.host):
            try:
                self.driver.restore(instance)
            except NotImplementedError:
                self.driver.power_on(context, instance, [])
            self._finish(instance, vm_states.ACTIVE, task_states.RESTORING)
