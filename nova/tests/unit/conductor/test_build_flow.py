"""Conductor's reschedule path with fake clients (no RPC, no database)."""

from unittest import mock

import pytest

import nova.conf
from nova.conductor.tasks import base
from nova.conductor.tasks import build
from nova import exception
from nova import objects

CONF = nova.conf.CONF


class FakePlacement(object):
    def __init__(self, refuse=()):
        self.refuse = set(refuse)
        self.deleted = []
        self.claimed = []

    def delete_allocation_for_instance(self, uuid):
        self.deleted.append(uuid)
        return True

    def claim_resources(self, uuid, request, project_id, user_id):
        if request['host'] in self.refuse:
            return False
        self.claimed.append((uuid, request['host']))
        return True


def _alt(host, zone='nova'):
    return {'service_host': host, 'nodename': host,
            'allocation_request': {'host': host}, 'limits': {},
            'availability_zone': zone}


def _instance():
    inst = mock.Mock(uuid='inst-1', project_id='p', user_id='u',
                     availability_zone='az1')
    return inst


def test_reschedule_frees_failed_host_and_uses_next_alternate():
    placement = FakePlacement(refuse={'h2'})
    compute = mock.Mock()
    tasks = base.TaskContext(scheduler=mock.Mock(), compute=compute,
                             placement=placement)
    inst = _instance()
    build.build_instances(
        tasks, mock.Mock(), [inst], {}, {'retry': {'num_attempts': 1,
                                                    'hosts': [['h1', 'h1']]}},
        None, [], None, [], [], request_spec=None,
        host_lists=[[_alt('h2'), _alt('h3')]])
    assert placement.deleted == ['inst-1']
    assert placement.claimed == [('inst-1', 'h3')]
    args, kwargs = compute.build_and_run_instance.call_args
    assert args[2] == 'h3'
    assert kwargs['host_list'] == []
    assert kwargs['filter_properties']['retry']['hosts'] == [
        ['h1', 'h1'], ['h3', 'h3']]


def test_no_alternate_left_means_error_with_fault():
    placement = FakePlacement()
    tasks = base.TaskContext(scheduler=mock.Mock(), compute=mock.Mock(),
                             placement=placement)
    inst = _instance()
    with mock.patch.object(base, 'set_vm_state_and_fault') as fail:
        build.build_instances(tasks, mock.Mock(), [inst], {}, {}, None, [],
                              None, [], [], host_lists=[[]])
    error = fail.call_args[0][2]
    assert isinstance(error, exception.MaxRetriesExceeded)
    assert str(error).startswith('No valid host was found') is False
    assert placement.deleted == ['inst-1']
    assert not tasks.compute.build_and_run_instance.called


def test_max_attempts_stops_rescheduling():
    CONF.set_override('max_attempts', 2, group='scheduler')
    try:
        placement = FakePlacement()
        tasks = base.TaskContext(scheduler=mock.Mock(), compute=mock.Mock(),
                                 placement=placement)
        with mock.patch.object(base, 'set_vm_state_and_fault') as fail:
            build.build_instances(
                tasks, mock.Mock(), [_instance()], {},
                {'retry': {'num_attempts': 2, 'hosts': []}}, None, [], None,
                [], [], host_lists=[[_alt('h9')]])
        assert fail.called
        assert placement.claimed == []
    finally:
        CONF.clear_override('max_attempts', group='scheduler')


@pytest.mark.parametrize('requested, recorded', [(None, 'az2'),
                                                 ('az1', 'az1')])
def test_reschedule_records_the_alternate_zone_unless_one_was_asked(
        requested, recorded):
    """A server that asked for no zone was recorded in its first host's;
    rescheduled to an alternate in another zone, it is recorded in that
    one (from the selection, no database read).  A zone the user asked
    for stays."""
    placement = FakePlacement()
    compute = mock.Mock()
    tasks = base.TaskContext(scheduler=mock.Mock(), compute=compute,
                             placement=placement)
    inst = _instance()
    objects.register_all()
    spec = objects.RequestSpec(availability_zone=requested)
    build.build_instances(
        tasks, mock.Mock(), [inst], {}, {}, None, [], None, [], [],
        request_spec=spec, host_lists=[[_alt('h2', zone='az2')]])
    assert inst.availability_zone == recorded
    assert inst.save.called
    assert compute.build_and_run_instance.call_args[0][2] == 'h2'
