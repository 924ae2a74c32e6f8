"""Rules every server action of nova.compute.api.API shares.

* :func:`check_instance_state` refuses an action in the wrong vm_state or
  task_state (InstanceInvalidStateForAction, a 409 "Cannot 'pause' instance
  <uuid> while it is in vm_state stopped").
* :func:`check_instance_lock` refuses actions on a locked server to
  anyone but an administrator (InstanceIsLocked, 409).
* :func:`check_instance_host` refuses actions on a server that has no host
  yet (still being scheduled or built), 409.
* :func:`record_action` writes the InstanceAction of an action in the
  instance's cell.
* :func:`set_task_state` is the compare-and-swap every action does before
  it casts: ``save(expected_task_state=...)``; a concurrent change is a
  409 (UnexpectedTaskStateError).
"""

import functools

from nova.compute import task_states
from nova.compute import vm_states
from nova import exception
from nova import objects

# The task_state most actions accept: none running.
NO_TASK = (None,)


def _is_unscheduled(instance):
    return not instance.obj_attr_is_set('id') or not instance.host


def check_instance_state(vm_state=None, task_state=NO_TASK,
                         must_have_host=True, action=None):
    """Decorate ``method(self, context, instance, ...)``.

    ``vm_state``/``task_state`` are the states allowed (None: any).
    ``must_have_host`` also refuses servers not on a host yet.  ``action``
    is the name the error gives (the API's action name; default: the
    method's name).
    """
    def outer(func):
        method = action or func.__name__

        @functools.wraps(func)
        def inner(self, context, instance, *args, **kwargs):
            if vm_state is not None and instance.vm_state not in vm_state:
                raise exception.InstanceInvalidStateForAction(
                    attr='vm_state', instance_uuid=instance.uuid,
                    state=instance.vm_state, method=method)
            if (task_state is not None and
                    instance.task_state not in task_state):
                raise exception.InstanceInvalidStateForAction(
                    attr='task_state', instance_uuid=instance.uuid,
                    state=instance.task_state, method=method)
            if must_have_host and _is_unscheduled(instance):
                raise exception.InstanceNotScheduled(
                    instance_uuid=instance.uuid, method=method,
                    attr='host', state=None)
            return func(self, context, instance, *args, **kwargs)
        inner.allowed_vm_states = vm_state
        inner.allowed_task_states = task_state
        return inner
    return outer


def check_instance_lock(func):
    """Refuse the action on a locked server unless the caller is admin."""
    @functools.wraps(func)
    def inner(self, context, instance, *args, **kwargs):
        if instance.locked and not context.is_admin:
            raise exception.InstanceIsLocked(instance_uuid=instance.uuid,
                                             attr='locked', state=True,
                                             method=func.__name__)
        return func(self, context, instance, *args, **kwargs)
    return inner


def check_instance_host(func):
    """Refuse the action when the server has no host yet."""
    @functools.wraps(func)
    def inner(self, context, instance, *args, **kwargs):
        if _is_unscheduled(instance):
            raise exception.InstanceNotScheduled(
                instance_uuid=instance.uuid, method=func.__name__,
                attr='host', state=None)
        return func(self, context, instance, *args, **kwargs)
    return inner


def record_action(context, instance, action):
    """Start the InstanceAction ``action`` in the instance's cell."""
    return objects.InstanceAction.action_start(
        instance._context or context, instance.uuid, action,
        want_result=False)


def set_task_state(instance, new_task_state, expected=NO_TASK, action=None,
                   **changes):
    """Atomically move the instance to ``new_task_state`` (409 if another
    request changed its task_state meanwhile).  With ``action``, the
    InstanceAction of that name starts for the request in the same
    transaction: one commit instead of two, and nothing recorded when the
    move is refused."""
    for key, value in changes.items():
        setattr(instance, key, value)
    instance.task_state = new_task_state
    if action is None:
        instance.save(expected_task_state=list(expected))
    else:
        instance.save_and_record_action(action,
                                        expected_task_state=list(expected))


__all__ = ['check_instance_state', 'check_instance_lock',
           'check_instance_host', 'record_action', 'set_task_state',
           'task_states', 'vm_states']
