"""InstanceAction and InstanceActionEvent on SQLite."""

import pytest

from nova import exception
from nova.objects import instance_action
from nova.tests.unit.objects.test_instance import ctxt, db, make_flavor, make_instance, template_dbs  # noqa: F401
from nova.tests.fixtures.database import nova_databases  # noqa: F401

IA = instance_action.InstanceAction
IAE = instance_action.InstanceActionEvent


def test_action_lifecycle(ctxt):
    inst = make_instance(ctxt)
    action = IA.action_start(ctxt, inst.uuid, 'reboot')
    assert action.request_id == ctxt.request_id
    assert action.finish_time is None
    IAE.event_start(ctxt, inst.uuid, 'compute_reboot', host='h1')
    IAE.event_finish_with_failure(ctxt, inst.uuid, 'compute_reboot',
                                  exc_val=ValueError('bad'), exc_tb='tb')
    IAE.event_start(ctxt, inst.uuid, 'other')
    done = IAE.event_finish(ctxt, inst.uuid, 'other')
    assert done.result == 'Success'
    got = IA.get_by_request_id(ctxt, inst.uuid, ctxt.request_id)
    assert got.message == 'Error'
    events = instance_action.InstanceActionEventList.get_by_action(
        ctxt, got.id)
    assert {e.event: e.result for e in events} == {
        'compute_reboot': 'Error', 'other': 'Success'}
    failed = [e for e in events if e.event == 'compute_reboot'][0]
    assert failed.traceback == 'tb' and failed.host == 'h1'
    assert IAE.get_by_id(ctxt, got.id, failed.id).event == 'compute_reboot'
    finished = IA.action_finish(ctxt, inst.uuid)
    assert finished.finish_time is not None


def test_list_newest_first_and_errors(ctxt):
    inst = make_instance(ctxt)
    ids = []
    for n in range(3):
        ctxt.request_id = 'req-%d' % n
        ids.append(IA.action_start(ctxt, inst.uuid, 'act%d' % n).id)
    actions = instance_action.InstanceActionList.get_by_instance_uuid(
        ctxt, inst.uuid)
    assert [a.request_id for a in actions] == ['req-2', 'req-1', 'req-0']
    page = instance_action.InstanceActionList.get_by_instance_uuid(
        ctxt, inst.uuid, limit=1, marker='req-2')
    assert [a.request_id for a in page] == ['req-1']
    with pytest.raises(exception.MarkerNotFound):
        instance_action.InstanceActionList.get_by_instance_uuid(
            ctxt, inst.uuid, marker='nope')
    ctxt.request_id = 'req-unknown'
    assert IA.get_by_request_id(ctxt, inst.uuid, 'req-unknown') is None
    with pytest.raises(exception.InstanceActionNotFound):
        IAE.event_start(ctxt, inst.uuid, 'e')


@pytest.mark.parametrize('nova_databases', ['sqlite', 'mysql', 'postgresql'],
                         indirect=True)
def test_events_and_destroy_on_each_backend(nova_databases):  # noqa: F811
    """The statements built once per process (events, destroy) on every
    backend: ids returned, the error path, the three host checks."""
    from nova import context as nova_context
    from nova.db import engine as db_engine
    from nova.objects import instance as instance_obj
    ctxt = nova_context.RequestContext('u', 'p', is_admin=True)
    try:
        inst = make_instance(ctxt, host='h1')
        IA.action_start(ctxt, inst.uuid, 'create')
        started = IAE.event_start(ctxt, inst.uuid, 'build', host='h1')
        IAE.event_start(ctxt, inst.uuid, 'spawn')
        failed = IAE.event_finish_with_failure(
            ctxt, inst.uuid, 'spawn', exc_val=ValueError('no'),
            exc_tb='trace', want_result=True)
        assert failed.result == 'Error' and failed.traceback == 'trace'
        done = IAE.event_finish(ctxt, inst.uuid, 'build')
        assert done.id == started.id and done.result == 'Success'
        assert IA.get_by_request_id(ctxt, inst.uuid,
                                    ctxt.request_id).message == 'Error'
        with pytest.raises(exception.InstanceActionEventNotFound):
            IAE.event_finish(ctxt, inst.uuid, 'never-started')
        other = nova_context.RequestContext('u', 'p', is_admin=True)
        with pytest.raises(exception.InstanceActionNotFound):
            IAE.event_start(other, inst.uuid, 'build')
        with pytest.raises(exception.InstanceActionNotFound):
            IAE.event_finish(other, inst.uuid, 'build')
        # Started twice: finishing always means the newest one.
        first = IAE.event_start(ctxt, inst.uuid, 'resize', host='h1')
        second = IAE.event_start(ctxt, inst.uuid, 'resize', host='h1')
        assert first.id < second.id
        assert IAE.event_finish(ctxt, inst.uuid, 'resize').id == second.id
        assert IAE.event_finish(ctxt, inst.uuid, 'resize').id == second.id

        stale = instance_obj.Instance.get_by_uuid(ctxt, inst.uuid)
        inst.host = 'h2'
        inst.save()
        with pytest.raises(exception.ObjectActionError):
            stale.destroy()  # host check by value
        inst.host = None
        inst.save()
        with pytest.raises(exception.ObjectActionError):
            stale.destroy()
        inst.destroy()  # host check "is null"
        assert inst.deleted and inst.id
        unhosted = make_instance(ctxt)
        bare = instance_obj.Instance(ctxt, uuid=unhosted.uuid)
        bare.destroy()  # no host check
        assert bare.id == unhosted.id
        with pytest.raises(exception.InstanceNotFound):
            bare.destroy()
        gone = instance_obj.Instance.get_by_uuid(
            ctxt.elevated(read_deleted='yes'), unhosted.uuid)
        assert gone.deleted and gone.cleaned is False
        # 'cleaned' is an integer column: filters by the boolean work.
        listed = instance_obj.InstanceList.get_by_filters(
            ctxt.elevated(read_deleted='yes'),
            {'cleaned': False, 'uuid': unhosted.uuid})
        assert [i.uuid for i in listed] == [unhosted.uuid]
        assert not instance_obj.InstanceList.get_by_filters(
            ctxt.elevated(read_deleted='yes'),
            {'cleaned': True, 'uuid': unhosted.uuid})
    finally:
        db_engine.dispose_all()
