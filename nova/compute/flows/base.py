"""Shared by every compute flow: action events, state changes, faults."""

import contextlib
import sys

from oslo_log import log as logging
from oslo_utils import timeutils

import nova.conf
from nova import exception
from nova import objects

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


@contextlib.contextmanager
def action_event(ctxt, instance, name, host):
    """Record ``compute_<name>`` on the instance's current action (the
    one the API started for this request); failures finish it as Error.
    Without an action (internal requests) the work runs unrecorded."""
    event = 'compute_%s' % name
    recorded = True
    try:
        objects.InstanceActionEvent.event_start(ctxt, instance.uuid, event,
                                                want_result=False,
                                                host=host)
    except exception.InstanceActionNotFound:
        recorded = False
    except exception.NovaException as e:
        LOG.debug('Could not start event %s: %s', event, e)
        recorded = False
    try:
        yield
    except Exception as error:
        if recorded:
            _, _, tb = sys.exc_info()
            try:
                objects.InstanceActionEvent.event_finish_with_failure(
                    ctxt, instance.uuid, event, exc_val=error, exc_tb=tb,
                    want_result=False)
            except exception.NovaException:
                LOG.debug('Could not finish event %s', event)
        raise
    else:
        if recorded:
            try:
                objects.InstanceActionEvent.event_finish(
                    ctxt, instance.uuid, event, want_result=False)
            except exception.NovaException:
                LOG.debug('Could not finish event %s', event)


def add_fault(ctxt, instance, error, host):
    try:
        objects.InstanceFault.from_exception(ctxt, instance.uuid, error,
                                             host=host).create()
    except exception.NovaException:
        LOG.exception('Could not record the fault of %s', instance.uuid)


def set_error(ctxt, instance, error, host, task_state=None):
    """vm_state ERROR plus a fault (the outcome of a failed operation)."""
    from nova.compute import vm_states
    instance.vm_state = vm_states.ERROR
    instance.task_state = task_state
    try:
        instance.save()
    except exception.InstanceNotFound:
        return
    add_fault(ctxt, instance, error, host)


def now():
    return timeutils.utcnow()


class FlowBase(object):
    """Helpers the mixins use through ``self`` (set up by the manager)."""

    def _power_off(self, instance, clean_shutdown=True):
        """Power the guest off.  With ``clean_shutdown`` (the API's
        default) the guest is asked to shut down and given ``[DEFAULT]
        shutdown_timeout`` seconds, asked again every ``[compute]
        shutdown_retry_interval``, before it is switched off, as
        upstream; without, or with a timeout of 0, it is switched off at
        once."""
        self.driver.power_off(instance, *self._shutdown_times(
            clean_shutdown))

    @staticmethod
    def _shutdown_times(clean_shutdown):
        """(timeout, retry interval) of a power off (0, 0: at once)."""
        if clean_shutdown and CONF.shutdown_timeout:
            return (CONF.shutdown_timeout,
                    CONF.compute.shutdown_retry_interval)
        return 0, 0

    def _power_state(self, instance):
        from nova.compute import power_state
        try:
            return self.driver.get_info(instance).state
        except exception.InstanceNotFound:
            return power_state.NOSTATE

    def _finish(self, instance, vm_state, expected_task_state,
                power=True, **changes):
        """Final state of an operation: vm_state, power_state, no task."""
        instance.vm_state = vm_state
        instance.task_state = None
        if power:
            instance.power_state = self._power_state(instance)
        for key, value in changes.items():
            setattr(instance, key, value)
        instance.save(expected_task_state=expected_task_state)

    def _fail(self, ctxt, instance, error, keep_vm_state=True):
        """An operation failed: clear the task, record a fault; the
        instance stays as it was (ERROR when ``keep_vm_state`` is False).
        """
        LOG.warning('%(uuid)s: operation failed: %(error)s',
                    {'uuid': instance.uuid, 'error': error})
        if keep_vm_state:
            instance.task_state = None
            try:
                instance.power_state = self._power_state(instance)
                instance.save()
            except exception.InstanceNotFound:
                return
            add_fault(ctxt, instance, error, self.host)
        else:
            set_error(ctxt, instance, error, self.host)
