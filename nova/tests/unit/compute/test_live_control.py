"""The compute side of force-complete and abort of a live migration
(nova.compute.flows.live_control) with the fake driver and a real SQLite
cell database (the ``nova_databases`` fixture)."""

import pytest

from nova.compute.flows import live_control
from nova.compute import power_state
from nova import context as nova_context
from nova import exception
from nova import objects
from nova.tests.fixtures.database import nova_databases  # noqa: F401
from nova.virt import fake

UUID = '5e7e0000-0000-4000-8000-00000000a001'


class _Compute(live_control.LiveControlFlow):
    """The flow as the manager mixes it in: a host and a driver."""

    host = 'host1'

    def __init__(self):
        self.driver = fake.FakeDriver(None)
        self.driver.init_host(self.host)


@pytest.fixture
def migrating(nova_databases):  # noqa: F811
    objects.register_all()
    ctxt = nova_context.get_admin_context()
    ctxt.request_id = 'req-live-control'
    instance = objects.Instance(
        ctxt, uuid=UUID, user_id='alice', project_id='proj1', host='host1',
        node='node1', vm_state='active', task_state='migrating',
        power_state=power_state.RUNNING, memory_mb=512, vcpus=1)
    instance.create()
    migration = objects.Migration(
        ctxt, instance_uuid=UUID, migration_type='live-migration',
        status='running', source_compute='host1', dest_compute='host2',
        source_node='node1', dest_node='node2')
    migration.create()
    objects.InstanceAction.action_start(ctxt, UUID, 'live_migration_cancel',
                                        want_result=False)
    compute = _Compute()
    compute.driver._guests[UUID] = fake.FakeGuest(
        'instance-1', UUID, power_state.RUNNING)
    return ctxt, compute, instance, migration


def _events(ctxt):
    action = objects.InstanceAction.get_by_request_id(
        ctxt, UUID, 'req-live-control')
    return [(e.event, e.result) for e in
            objects.InstanceActionEventList.get_by_action(ctxt, action.id)]


def test_abort_cancels_the_migration_and_clears_the_task(migrating):
    ctxt, compute, instance, migration = migrating
    compute.live_migration_abort(ctxt, instance, migration.id)
    assert objects.Migration.get_by_id(ctxt, migration.id).status == \
        'cancelled'
    found = objects.Instance.get_by_uuid(ctxt, UUID)
    assert (found.vm_state, found.task_state, found.host) == (
        'active', None, 'host1')
    assert found.power_state == power_state.RUNNING
    assert _events(ctxt) == [('compute_live_migration_abort', 'Success')]
    assert compute.driver._guests[UUID].console[-1].endswith('aborted')


def test_abort_of_a_migration_no_longer_running_fails(migrating):
    ctxt, compute, instance, migration = migrating
    migration.status = 'completed'
    migration.save()
    with pytest.raises(exception.InvalidMigrationState):
        compute.live_migration_abort(ctxt, instance, migration.id)
    assert objects.Instance.get_by_uuid(ctxt, UUID).task_state == \
        'migrating'
    assert _events(ctxt) == [('compute_live_migration_abort', 'Error')]


def test_force_complete_reaches_the_driver(migrating):
    ctxt, compute, instance, migration = migrating
    compute.live_migration_force_complete(ctxt, instance, migration)
    assert 'forced to complete' in compute.driver._guests[UUID].console[-1]
    assert _events(ctxt) == [
        ('compute_live_migration_force_complete', 'Success')]


def test_a_driver_without_support_leaves_an_error_event(migrating):
    ctxt, compute, instance, migration = migrating
    compute.driver = _Bare()
    with pytest.raises(NotImplementedError):
        compute.live_migration_force_complete(ctxt, instance, migration)
    with pytest.raises(NotImplementedError):
        compute.live_migration_abort(ctxt, instance, migration.id)
    assert sorted(_events(ctxt)) == [
        ('compute_live_migration_abort', 'Error'),
        ('compute_live_migration_force_complete', 'Error')]
    assert objects.Migration.get_by_id(ctxt, migration.id).status == \
        'running'


class _Bare(fake.FakeDriver.__mro__[1]):
    """The ComputeDriver contract's defaults, nothing overridden."""

    def __init__(self):
        super().__init__(None)
