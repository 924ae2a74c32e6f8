"""Build: claim on this host, late server-group check, spawn; on failure
hand the instance back to conductor to try an alternate host."""

import sys

from oslo_log import log as logging

import nova.conf
from nova.compute.flows import base
from nova.compute import power_state
from nova.compute import task_states
from nova.compute import vm_states
from nova import exception
from nova import objects

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


EVENT = 'compute_build_and_run_instance'


def _event_failed(context, instance, error):
    """Finish the build's action event as Error (with the traceback)."""
    _, _, tb = sys.exc_info()
    try:
        objects.InstanceActionEvent.event_finish_with_failure(
            context, instance.uuid, EVENT, exc_val=error, exc_tb=tb,
            want_result=False)
    except exception.NovaException:
        LOG.debug('Could not finish event %s of %s', EVENT, instance.uuid)


class BuildFlow(base.FlowBase):

    def build_and_run_instance(self, context, instance, image, request_spec,
                               filter_properties, admin_password=None,
                               injected_files=None, requested_networks=None,
                               security_groups=None,
                               block_device_mapping=None, node=None,
                               limits=None, host_list=None):
        node = node or self.driver.get_available_nodes()[0]
        recorded = []
        try:
            try:
                self._build(context, instance, image, request_spec,
                            admin_password, injected_files, node, recorded)
            except Exception as error:
                if recorded:
                    _event_failed(context, instance, error)
                raise
        except exception.RescheduledException as error:
            self._reschedule(context, instance, error, image, request_spec,
                             filter_properties, admin_password,
                             injected_files, requested_networks,
                             security_groups, block_device_mapping,
                             host_list)
        except (exception.InstanceNotFound,
                exception.UnexpectedDeletingTaskStateError):
            LOG.info('Instance %s was deleted during its build',
                     instance.uuid)
            self._cleanup_guest(context, instance)
        except Exception as error:
            LOG.exception('Build of %s failed', instance.uuid)
            self._cleanup_guest(context, instance)
            self.rt.reportclient.delete_allocation_for_instance(
                instance.uuid)
            base.set_error(context, instance, error, self.host)

    def _build(self, context, instance, image, request_spec, admin_password,
               injected_files, node, recorded):
        """Claim, spawn, ACTIVE.  The action event (compute_<name>) is
        started with the first save and finished with the last one: one
        conductor call each.  ``recorded`` gets True appended once the
        event is started (so a failure can finish it as Error)."""
        instance.host = self.host
        instance.node = node
        instance.launched_on = self.host
        instance.vm_state = vm_states.BUILDING
        instance.task_state = task_states.SPAWNING
        if instance.save_and_record_event(
                EVENT, 'start', host=self.host,
                expected_task_state=[task_states.SCHEDULING, None]):
            recorded.append(True)
        try:
            self._check_group_policy(context, instance, request_spec)
            with self.rt.instance_claim(context, instance, node):
                self.driver.spawn(context, instance, image or {},
                                  injected_files or [], admin_password,
                                  allocations=None, network_info=[])
        except (exception.InstanceNotFound,
                exception.UnexpectedDeletingTaskStateError):
            raise
        except exception.BuildAbortException:
            raise
        except Exception as error:
            self._cleanup_guest(context, instance)
            raise exception.RescheduledException(
                instance_uuid=instance.uuid,
                reason=error.format_message()
                if hasattr(error, 'format_message') else str(error))
        now = base.now()
        instance.power_state = power_state.RUNNING
        instance.vm_state = vm_states.ACTIVE
        instance.task_state = None
        instance.launched_at = now
        if recorded:
            instance.save_and_record_event(
                EVENT, 'finish', expected_task_state=task_states.SPAWNING)
        else:
            instance.save(expected_task_state=task_states.SPAWNING)
        LOG.info('Instance %s spawned on %s', instance.uuid, self.host)

    def _check_group_policy(self, context, instance, request_spec):
        """Late check: a concurrent build may have broken the group's
        (anti-)affinity since the scheduler decided."""
        group = (request_spec.instance_group
                 if request_spec is not None and
                 'instance_group' in request_spec else None)
        if group is None or not group.obj_attr_is_set('uuid'):
            return
        policies = set(group.policies or [])
        if not policies & {'affinity', 'anti-affinity'}:
            return
        fresh = objects.InstanceGroup.get_by_uuid(context, group.uuid)
        hosts = fresh.get_hosts(exclude=[instance.uuid])
        if 'anti-affinity' in policies and self.host in hosts:
            raise exception.RescheduledException(
                instance_uuid=instance.uuid,
                reason='Anti-affinity instance group policy was violated.')
        if 'affinity' in policies and hosts and self.host not in hosts:
            raise exception.RescheduledException(
                instance_uuid=instance.uuid,
                reason='Affinity instance group policy was violated.')

    def _cleanup_guest(self, context, instance):
        try:
            self.driver.destroy(context, instance, [])
        except Exception:
            LOG.exception('Could not clean up the guest of %s',
                          instance.uuid)

    def _reschedule(self, context, instance, error, image, request_spec,
                    filter_properties, admin_password, injected_files,
                    requested_networks, security_groups,
                    block_device_mapping, host_list):
        LOG.info('Rescheduling %s away from %s: %s', instance.uuid,
                 self.host, error)
        base.add_fault(context, instance, error, self.host)
        instance.task_state = task_states.SCHEDULING
        instance.host = None
        instance.node = None
        instance.save()
        self.compute_task_api.build_instances(
            context, [instance], image, filter_properties, admin_password,
            injected_files, requested_networks, security_groups,
            block_device_mapping, request_spec=request_spec,
            host_lists=[host_list or []])
