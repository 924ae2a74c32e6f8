"""Delete, soft delete and restore."""

import sys

from oslo_log import log as logging

from nova.compute.flows import base
from nova.compute import power_state
from nova.compute import task_states
from nova.compute import vm_states
from nova import exception
from nova import objects

LOG = logging.getLogger(__name__)


TERMINATE_EVENT = 'compute_terminate_instance'


def _start_event(context, instance, host):
    """Start the delete's action event; False when there is no action
    (internal requests) or it cannot be recorded."""
    try:
        objects.InstanceActionEvent.event_start(
            context, instance.uuid, TERMINATE_EVENT, want_result=False,
            host=host)
    except exception.InstanceActionNotFound:
        return False
    except exception.NovaException as e:
        LOG.debug('Could not start event %s: %s', TERMINATE_EVENT, e)
        return False
    return True


def _event_failed(context, instance, error):
    _, _, tb = sys.exc_info()
    try:
        objects.InstanceActionEvent.event_finish_with_failure(
            context, instance.uuid, TERMINATE_EVENT, exc_val=error,
            exc_tb=tb, want_result=False)
    except exception.NovaException:
        LOG.debug('Could not finish event %s of %s', TERMINATE_EVENT,
                  instance.uuid)


def _mark_queued_for_delete(context, instance):
    try:
        objects.InstanceMapping.mark_queued_for_delete(context,
                                                       instance.uuid)
    except exception.NovaException:
        LOG.debug('No instance mapping to mark for %s', instance.uuid)


class DeleteFlow(base.FlowBase):

    def terminate_instance(self, context, instance, bdms=None):
        """Destroy the guest, then in one conductor call: the final
        states, the soft delete, the event's end and the mapping marked
        queued for delete; then free the allocations."""
        recorded = _start_event(context, instance, self.host)
        try:
            try:
                self.driver.destroy(context, instance, [])
                instance.power_state = power_state.NOSTATE
                instance.vm_state = vm_states.DELETED
                instance.task_state = None
                instance.terminated_at = base.now()
                instance.destroy_and_record_event(TERMINATE_EVENT)
            except Exception as error:
                if recorded:
                    _event_failed(context, instance, error)
                raise
        except exception.InstanceNotFound:
            LOG.info('Instance %s already deleted', instance.uuid)
            _mark_queued_for_delete(context, instance)
        except Exception as error:
            LOG.exception('Delete of %s failed', instance.uuid)
            base.set_error(context, instance, error, self.host)
            return
        self.rt.reportclient.delete_allocation_for_instance(instance.uuid)

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
