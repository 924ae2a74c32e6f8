"""Conductor's live migration and rebuild/evacuate tasks on SQLite, with
an in-memory placement and recording scheduler/compute clients (the
functional proof with real daemons is test_move_flows)."""

from unittest import mock

import pytest

from nova.compute import power_state
from nova.compute import vm_states
from nova.conductor.tasks import base
from nova.conductor.tasks import live_migrate
from nova.conductor.tasks import migrate
from nova.conductor.tasks import rebuild
from nova import exception
from nova import objects
from nova.scheduler.client import report
from nova.tests.unit.objects.test_instance import ctxt, db, make_instance, template_dbs  # noqa: F401,E501

SRC_RP, DEST_RP = 'rp-src', 'rp-dest'
ONE = {'VCPU': 1, 'MEMORY_MB': 512, 'DISK_GB': 1}


class Placement(object):
    """Allocations per consumer; a provider in ``full`` refuses claims."""

    def __init__(self, allocations, full=()):
        self.allocations = allocations
        self.full = set(full)

    def get_allocations_for_consumer(self, uuid):
        return {rp: dict(r) for rp, r in
                self.allocations.get(uuid, {}).items()}

    def set_allocations(self, uuid, allocations, project_id, user_id):
        if self.full & (set(allocations) -
                        set(self.allocations.get(uuid, {}))):
            return False
        self.allocations[uuid] = allocations
        return True


class Scheduler(object):
    def __init__(self, host=None, error=None):
        self.host, self.error, self.calls = host, error, []

    def select_destinations(self, ctxt, spec, uuids, **kwargs):
        self.calls.append((dict(requested_destination=spec.
                                requested_destination,
                                ignore_hosts=spec.ignore_hosts,
                                force_hosts=spec.force_hosts), uuids))
        if self.error:
            raise self.error
        return [[{'service_host': self.host, 'nodename': self.host}]]


def _tasks(placement, scheduler=None):
    return base.TaskContext(scheduler=scheduler or Scheduler(),
                            compute=mock.Mock(), placement=placement)


@pytest.fixture
def inst(ctxt):  # noqa: F811
    objects.register_all()
    instance = make_instance(ctxt, vm_state=vm_states.ACTIVE,
                             power_state=power_state.RUNNING,
                             task_state='migrating', host='src', node='src')
    objects.RequestSpec.from_components(
        ctxt, instance.uuid, instance.flavor, project_id='p',
        user_id='u').create()
    return instance


def _dest_node():
    return mock.patch.object(
        objects.ComputeNodeList, 'get_all_by_host',
        return_value=[mock.Mock(uuid=DEST_RP, hypervisor_hostname='dest')])


def _up():
    return mock.patch.object(live_migrate, '_check_host_up')


def _record(ctxt, uuid, kind):  # noqa: F811
    return [m for m in objects.MigrationList.get_by_filters(
        ctxt, {'instance_uuid': uuid, 'migration_type': kind})]


def test_forced_live_migration_bypasses_scheduler_and_claims(ctxt, inst):  # noqa: F811,E501
    placement = Placement({inst.uuid: {SRC_RP: ONE}})
    tasks = _tasks(placement)
    with _up(), _dest_node():
        live_migrate.live_migrate_instance(
            tasks, ctxt, inst, {'host': 'dest'}, None, None, None)
    assert tasks.scheduler.calls == []
    assert placement.allocations[inst.uuid] == {SRC_RP: ONE, DEST_RP: ONE}
    assert tasks.compute.live_migration.call_args[0][2] == 'dest'
    (record,) = _record(ctxt, inst.uuid, 'live-migration')
    assert (record.dest_compute, record.dest_node, record.status) == (
        'dest', 'dest', 'accepted')


def test_forced_live_migration_without_room_is_refused(ctxt, inst):  # noqa: F811,E501
    placement = Placement({inst.uuid: {SRC_RP: ONE}}, full=[DEST_RP])
    tasks = _tasks(placement)
    with _up(), _dest_node(), pytest.raises(
            exception.MigrationPreCheckError):
        live_migrate.live_migrate_instance(
            tasks, ctxt, inst, {'host': 'dest'}, None, None, None,
            reraise=True)
    assert placement.allocations[inst.uuid] == {SRC_RP: ONE}
    assert not tasks.compute.live_migration.called
    fresh = objects.Instance.get_by_uuid(ctxt, inst.uuid)
    assert (fresh.vm_state, fresh.task_state, fresh.host) == (
        vm_states.ACTIVE, None, 'src')
    assert [m.status for m in _record(ctxt, inst.uuid,
                                      'live-migration')] == ['error']


def test_scheduled_live_migration_ignores_the_source(ctxt, inst):  # noqa: F811,E501
    placement = Placement({inst.uuid: {SRC_RP: ONE}})
    tasks = _tasks(placement, Scheduler(host='other'))
    spec = objects.RequestSpec.get_by_instance_uuid(ctxt, inst.uuid)
    spec.requested_destination = {'host': 'other'}
    with _up():
        live_migrate.live_migrate_instance(tasks, ctxt, inst, {'host': None},
                                           None, None, spec)
    (checked, uuids), = tasks.scheduler.calls
    assert checked == {'requested_destination': {'host': 'other'},
                       'ignore_hosts': ['src'], 'force_hosts': None}
    assert uuids == [inst.uuid]
    assert tasks.compute.live_migration.call_args[0][2] == 'other'


def test_forced_evacuate_claims_and_records(ctxt, inst):  # noqa: F811
    placement = Placement({inst.uuid: {SRC_RP: ONE}})
    tasks = _tasks(placement)
    with _up(), _dest_node():
        rebuild.rebuild_instance(tasks, ctxt, inst, 'pw', None, None, None,
                                 None, None, recreate=True, host='dest')
    assert tasks.scheduler.calls == []
    assert placement.allocations[inst.uuid] == {SRC_RP: ONE, DEST_RP: ONE}
    kwargs = tasks.compute.rebuild_instance.call_args[1]
    assert (kwargs['host'], kwargs['node']) == ('dest', 'dest')
    assert kwargs['migration'].migration_type == 'evacuation'


def test_rebuild_to_an_image_the_host_refuses(ctxt, inst):  # noqa: F811
    placement = Placement({inst.uuid: {SRC_RP: ONE}})
    refused = exception.NoValidHost(reason='ImagePropertiesFilter removed '
                                           'the last of them.')
    tasks = _tasks(placement, Scheduler(error=refused))
    inst.image_ref = 'img-new'
    inst.save()
    rebuild.rebuild_instance(tasks, ctxt, inst, None, [], 'img-new',
                             'img-1', {}, [], host='src')
    (checked, uuids), = tasks.scheduler.calls
    assert uuids == []  # a check: nothing is claimed
    assert checked['requested_destination'] == {'host': 'src',
                                                 'node': 'src'}
    assert not tasks.compute.rebuild_instance.called
    fresh = objects.Instance.get_by_uuid(ctxt, inst.uuid,
                                         expected_attrs=['fault'])
    assert (fresh.vm_state, fresh.image_ref) == (vm_states.ERROR, 'img-1')
    assert fresh.fault.message.startswith('No valid host was found')
    assert placement.allocations[inst.uuid] == {SRC_RP: ONE}


def test_cold_migration_records_its_destination(ctxt, inst):  # noqa: F811
    placement = Placement({inst.uuid: {SRC_RP: ONE}})
    tasks = _tasks(placement, Scheduler(host='dest'))
    migration = migrate.migrate_server(tasks, ctxt, inst, {}, None)
    (record,) = _record(ctxt, inst.uuid, 'migration')
    assert record.id == migration.id
    assert (record.source_compute, record.dest_compute, record.dest_node,
            record.status) == ('src', 'dest', 'dest', 'pre-migrating')
    kwargs = tasks.compute.prep_resize.call_args
    assert kwargs[0][4] == 'dest'


def test_cold_migration_no_host_leaves_an_error_migration(ctxt, inst):  # noqa: F811,E501
    """As upstream: the migration is written before scheduling, so a move
    no host can take stays visible as 'error'; the server is untouched
    and keeps its allocation."""
    placement = Placement({inst.uuid: {SRC_RP: ONE}})
    refused = exception.NoValidHost(reason='RamFilter removed the last '
                                           'of them.')
    tasks = _tasks(placement, Scheduler(error=refused))
    with pytest.raises(exception.NoValidHost):
        migrate.migrate_server(tasks, ctxt, inst, {}, None)
    (record,) = _record(ctxt, inst.uuid, 'migration')
    assert (record.status, record.dest_compute) == ('error', None)
    assert not tasks.compute.prep_resize.called
    fresh = objects.Instance.get_by_uuid(ctxt, inst.uuid)
    assert (fresh.vm_state, fresh.task_state, fresh.host) == (
        vm_states.ACTIVE, None, 'src')
    assert placement.allocations[inst.uuid] == {SRC_RP: ONE}


def test_a_server_forced_onto_its_host_still_moves(ctxt):  # noqa: F811
    """Created with ``zone:host``: its stored request spec names that
    host; a move must not be held to it (a cold migration, which leaves
    the current host out, would find none), as upstream."""
    objects.register_all()
    instance = make_instance(ctxt, vm_state=vm_states.ACTIVE,
                             power_state=power_state.RUNNING,
                             host='src', node='src')
    objects.RequestSpec.from_components(
        ctxt, instance.uuid, instance.flavor, project_id='p', user_id='u',
        force_hosts=['src'], force_nodes=['src']).create()
    scheduler = Scheduler(host='dest')
    tasks = _tasks(Placement({instance.uuid: {SRC_RP: ONE}}), scheduler)
    migrate.migrate_server(tasks, ctxt, instance, {}, None)
    sent, _uuids = scheduler.calls[0]
    assert sent['force_hosts'] is None
    assert sent['ignore_hosts'] == ['src']
    spec = base.request_spec(ctxt, instance)
    assert (spec.force_hosts, spec.force_nodes) == (None, None)


def test_merge_keeps_both_providers():
    assert report.merge_allocations({SRC_RP: ONE}, {DEST_RP: ONE}) == {
        SRC_RP: ONE, DEST_RP: ONE}
