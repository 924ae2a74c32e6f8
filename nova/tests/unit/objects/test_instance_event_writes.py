"""Instance writes that also record an action event in the same transaction
(``save_and_record_event``, ``destroy_and_record_event``: one conductor
call each from nova-compute), on SQLite."""

import pytest

from nova.compute import task_states
from nova.compute import vm_states
from nova import exception
from nova.objects import instance_action
from nova.objects import instance_mapping
from nova.tests.unit.objects import test_instance

# The SQLite database fixtures of the Instance tests.
template_dbs = test_instance.template_dbs
db = test_instance.db
ctxt = test_instance.ctxt
Instance = test_instance.Instance
make_instance = test_instance.make_instance

IA = instance_action.InstanceAction


def _events(ctxt, inst):
    action = IA.get_by_request_id(ctxt, inst.uuid, ctxt.request_id)
    return {e.event: e for e in
            instance_action.InstanceActionEventList.get_by_action(
                ctxt, action.id)}


def test_build_start_and_finish(ctxt):
    inst = make_instance(ctxt, task_state=task_states.SCHEDULING)
    IA.action_start(ctxt, inst.uuid, 'create')
    inst.task_state = task_states.SPAWNING
    assert inst.save_and_record_event(
        'compute_build', 'start', host='h1',
        expected_task_state=[task_states.SCHEDULING, None]) is True
    assert inst.obj_what_changed() == set()
    event = _events(ctxt, inst)['compute_build']
    assert event.host == 'h1' and event.finish_time is None
    assert Instance.get_by_uuid(ctxt, inst.uuid).task_state == 'spawning'

    inst.vm_state = vm_states.ACTIVE
    inst.task_state = None
    assert inst.save_and_record_event(
        'compute_build', 'finish',
        expected_task_state=task_states.SPAWNING) is True
    event = _events(ctxt, inst)['compute_build']
    assert event.result == 'Success' and event.finish_time is not None
    got = Instance.get_by_uuid(ctxt, inst.uuid)
    assert (got.vm_state, got.task_state) == ('active', None)


def test_failed_state_check_writes_no_event(ctxt):
    inst = make_instance(ctxt, task_state=task_states.DELETING)
    IA.action_start(ctxt, inst.uuid, 'create')
    inst.task_state = task_states.SPAWNING
    with pytest.raises(exception.UnexpectedDeletingTaskStateError):
        inst.save_and_record_event(
            'compute_build', 'start',
            expected_task_state=[task_states.SCHEDULING, None])
    assert _events(ctxt, inst) == {}
    assert Instance.get_by_uuid(ctxt, inst.uuid).task_state == 'deleting'


def test_without_action_the_save_still_happens(ctxt):
    inst = make_instance(ctxt)
    inst.display_name = 'renamed'
    assert inst.save_and_record_event('compute_x', 'start') is False
    assert Instance.get_by_uuid(ctxt, inst.uuid).display_name == 'renamed'
    with pytest.raises(ValueError):
        inst.save_and_record_event('compute_x', 'middle')


def test_destroy_with_final_states_event_and_mapping(ctxt):
    inst = make_instance(ctxt)
    mapping = instance_mapping.InstanceMapping(
        ctxt, instance_uuid=inst.uuid, project_id=ctxt.project_id,
        user_id=ctxt.user_id)
    mapping.create()
    IA.action_start(ctxt, inst.uuid, 'delete')
    instance_action.InstanceActionEvent.event_start(
        ctxt, inst.uuid, 'compute_terminate_instance', host='host1')
    inst.vm_state = vm_states.DELETED
    inst.task_state = None
    assert inst.destroy_and_record_event('compute_terminate_instance')
    assert inst.deleted is True and inst.obj_what_changed() == set()
    with pytest.raises(exception.InstanceNotFound):
        Instance.get_by_uuid(ctxt, inst.uuid)
    gone = Instance.get_by_uuid(ctxt.elevated(read_deleted='yes'),
                                inst.uuid)
    assert gone.vm_state == 'deleted'
    event = _events(ctxt, inst)['compute_terminate_instance']
    assert event.result == 'Success'
    assert instance_mapping.InstanceMapping.get_by_instance_uuid(
        ctxt, inst.uuid).queued_for_delete is True


def test_destroy_refused_writes_nothing(ctxt):
    inst = make_instance(ctxt, host='a')
    other = Instance.get_by_uuid(ctxt, inst.uuid)
    other.host = 'b'
    other.save()
    IA.action_start(ctxt, inst.uuid, 'delete')
    instance_action.InstanceActionEvent.event_start(
        ctxt, inst.uuid, 'compute_terminate_instance')
    inst.vm_state = vm_states.DELETED
    with pytest.raises(exception.ObjectActionError):
        inst.destroy_and_record_event('compute_terminate_instance')
    got = Instance.get_by_uuid(ctxt, inst.uuid)
    assert got.vm_state == 'building' and got.host == 'b'
    assert _events(ctxt, inst)['compute_terminate_instance'].result is None


def test_create_with_action(ctxt):
    inst = Instance(ctxt, user_id=ctxt.user_id, project_id=ctxt.project_id,
                    vm_state=vm_states.BUILDING,
                    flavor=test_instance.make_flavor(ctxt))
    inst.create_with_action('create')
    assert 'id' in inst and inst.obj_what_changed() == set()
    action = IA.get_by_request_id(ctxt, inst.uuid, ctxt.request_id)
    assert action.action == 'create' and action.user_id == ctxt.user_id


def test_create_with_action_for_an_existing_uuid_writes_nothing(ctxt):
    inst = make_instance(ctxt)
    again = Instance(ctxt, uuid=inst.uuid, user_id=ctxt.user_id,
                     project_id=ctxt.project_id,
                     flavor=test_instance.make_flavor(ctxt))
    with pytest.raises(exception.InstanceExists):
        again.create_with_action('create')
    assert IA.get_by_request_id(ctxt, inst.uuid, ctxt.request_id) is None
