"""Unshelve: a shelved instance still on its host is started there; an
offloaded one is scheduled again (with a new allocation) and spawned."""

from oslo_log import log as logging

from nova.compute import vm_states
from nova.conductor.tasks import base
from nova import exception
from nova import objects

LOG = logging.getLogger(__name__)


def unshelve_instance(tasks, ctxt, instance, request_spec=None):
    if instance.vm_state == vm_states.SHELVED:
        tasks.compute.unshelve_instance(ctxt, instance, instance.host,
                                        node=instance.node,
                                        request_spec=request_spec)
        return
    if instance.vm_state != vm_states.SHELVED_OFFLOADED:
        LOG.error('Unshelve of %s in state %s ignored', instance.uuid,
                  instance.vm_state)
        return
    try:
        spec = base.request_spec(ctxt, instance, request_spec)
        spec.flavor = instance.flavor
        spec.num_instances = 1
        spec.ignore_hosts = None
        host_lists = tasks.select(ctxt, spec, [instance.uuid],
                                  alternates=False)
        chosen = host_lists[0][0]
        tasks.compute.unshelve_instance(
            ctxt, instance, chosen['service_host'],
            image=spec.image if 'image' in spec else None,
            filter_properties={'limits': chosen.get('limits') or {}},
            node=chosen['nodename'], request_spec=spec)
    except exception.NoValidHost as error:
        LOG.warning('No host to unshelve %s on: %s', instance.uuid, error)
        instance.task_state = None
        instance.save()
        objects.InstanceFault.from_exception(ctxt, instance.uuid,
                                             error).create()
    except Exception as error:
        LOG.exception('Unshelve of %s failed', instance.uuid)
        tasks.placement.delete_allocation_for_instance(instance.uuid)
        base.set_vm_state_and_fault(ctxt, instance, error,
                                    vm_state=vm_states.SHELVED_OFFLOADED)
