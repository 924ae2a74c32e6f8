"""Servers a stopped nova-compute left mid-task, and builds past
``instance_build_timeout`` (nova.compute.flows.recovery), with the fake
driver and a real SQLite cell database (the ``nova_databases`` fixture).
"""

import datetime

import pytest

import nova.conf
from nova.compute.flows import delete
from nova.compute.flows import power
from nova.compute.flows import recovery
from nova.compute import power_state
from nova import context as nova_context
from nova.db import engine
from nova.db.main import models
from nova import exception
from nova import objects
from nova.tests.fixtures.database import nova_databases  # noqa: F401
from nova.virt import fake

CONF = nova.conf.CONF
HOST = 'host1'


class _Placement(object):
    """What the delete flow asks of placement, remembered."""

    def __init__(self):
        self.deleted = []

    def delete_allocation_for_instance(self, uuid):
        self.deleted.append(uuid)
        return True


class _Tracker(object):
    def __init__(self):
        self.reportclient = _Placement()


class _ComputeRPC(object):
    """The casts to other computes, remembered."""

    def __init__(self):
        self.confirms = []

    def confirm_resize(self, context, instance, migration, host):
        self.confirms.append((instance.uuid, migration.id, host))


class _Compute(recovery.RecoveryFlow, power.PowerFlow, delete.DeleteFlow):
    """The flows as the manager mixes them in: a host, a driver, a
    resource tracker's placement client, the compute RPC client."""

    host = HOST

    def __init__(self):
        self.driver = fake.FakeDriver(None)
        self.driver.init_host(self.host)
        self.rt = _Tracker()
        self.compute_rpcapi = _ComputeRPC()


@pytest.fixture
def cloud(nova_databases):  # noqa: F811
    objects.register_all()
    ctxt = nova_context.get_admin_context()
    return ctxt, _Compute()


def _age(ctxt, model, column, key, value, seconds):
    """Move ``column`` of the row of ``model`` whose ``key`` is ``value``
    ``seconds`` into the past."""
    table = model.__table__
    with engine.main_session(ctxt) as session:
        session.execute(table.update().where(table.c[key] == value).values(
            {column: datetime.datetime.utcnow() -
             datetime.timedelta(seconds=seconds)}))


def _server(ctxt, compute, name, vm_state, task_state, host=HOST,
            guest=power_state.RUNNING, age=0):
    """A server row on ``host`` (with a guest on the fake hypervisor
    unless ``guest`` is None), created ``age`` seconds ago."""
    instance = objects.Instance(
        ctxt, user_id='alice', project_id='proj1', host=host, node=host,
        display_name=name, vm_state=vm_state, task_state=task_state,
        power_state=guest or power_state.NOSTATE, memory_mb=64, vcpus=1)
    instance.create()
    if age:
        _age(ctxt, models.Instance, 'created_at', 'uuid', instance.uuid, age)
    if guest is not None:
        compute.driver._guests[instance.uuid] = fake.FakeGuest(
            instance.name, instance.uuid, guest)
    return instance.uuid


def _get(ctxt, uuid):
    return objects.Instance.get_by_uuid(ctxt, uuid,
                                        expected_attrs=['fault'])


def test_start_up_settles_what_a_stop_interrupted(cloud):
    ctxt, compute = cloud
    building = _server(ctxt, compute, 'building', 'building', 'spawning')
    deleting = _server(ctxt, compute, 'deleting', 'active', 'deleting')
    stopping = _server(ctxt, compute, 'stopping', 'active', 'powering-off')
    rebooting = _server(ctxt, compute, 'rebooting', 'active',
                        'reboot_started_hard', guest=power_state.SHUTDOWN)
    resizing = _server(ctxt, compute, 'resizing', 'active',
                       'resize_migrating')
    idle = _server(ctxt, compute, 'idle', 'active', None)
    elsewhere = _server(ctxt, compute, 'elsewhere', 'building', 'spawning',
                        host='host2', guest=None)

    compute.recover_interrupted(ctxt)

    found = _get(ctxt, building)
    assert (found.vm_state, found.task_state) == ('error', None)
    assert 'was interrupted: nova-compute on host1 stopped' in \
        found.fault.message
    assert building not in compute.driver._guests
    # A server in ERROR keeps its allocation until it is deleted.
    assert building not in compute.rt.reportclient.deleted

    with pytest.raises(exception.InstanceNotFound):
        _get(ctxt, deleting)
    assert compute.rt.reportclient.deleted == [deleting]
    assert deleting not in compute.driver._guests

    found = _get(ctxt, stopping)
    assert (found.vm_state, found.task_state, found.power_state) == (
        'stopped', None, power_state.SHUTDOWN)
    found = _get(ctxt, rebooting)
    assert (found.vm_state, found.task_state, found.power_state) == (
        'active', None, power_state.RUNNING)

    for uuid, state in ((resizing, ('active', 'resize_migrating')),
                        (idle, ('active', None)),
                        (elsewhere, ('building', 'spawning'))):
        found = _get(ctxt, uuid)
        assert (found.vm_state, found.task_state) == state
        assert found.fault is None


def test_one_server_that_cannot_be_settled_does_not_stop_the_others(cloud):
    ctxt, compute = cloud
    first = _server(ctxt, compute, 'first', 'active', 'powering-on',
                    guest=power_state.SHUTDOWN)
    second = _server(ctxt, compute, 'second', 'building', 'spawning')
    broken = compute.driver.power_on

    def refuse(context, instance, *args, **kwargs):
        if instance.uuid == first:
            raise RuntimeError('hypervisor said no')
        return broken(context, instance, *args, **kwargs)
    compute.driver.power_on = refuse
    compute.recover_interrupted(ctxt)
    # The retried start failed: its task is cleared with a fault.
    found = _get(ctxt, first)
    assert found.task_state is None
    assert 'hypervisor said no' in found.fault.message
    assert _get(ctxt, second).vm_state == 'error'


def _overridden(name, value):
    """A fixture setting ``[DEFAULT] <name>`` to ``value`` for a test."""
    @pytest.fixture
    def fixture():
        CONF.set_override(name, value)
        yield value
        CONF.clear_override(name)
    return fixture


build_timeout = _overridden('instance_build_timeout', 60)
confirm_window = _overridden('resize_confirm_window', 60)


def test_builds_past_the_timeout_go_to_error(cloud, build_timeout):
    ctxt, compute = cloud
    old = _server(ctxt, compute, 'old', 'building', 'spawning', age=120)
    young = _server(ctxt, compute, 'young', 'building', 'spawning', age=5)
    old_elsewhere = _server(ctxt, compute, 'other', 'building', 'spawning',
                            host='host2', guest=None, age=120)
    old_active = _server(ctxt, compute, 'active', 'active', None, age=120)

    compute.check_instance_build_time(ctxt)

    found = _get(ctxt, old)
    assert (found.vm_state, found.task_state) == ('error', None)
    assert 'timed out after 60 seconds' in found.fault.message
    for uuid, state in ((young, 'building'), (old_elsewhere, 'building'),
                        (old_active, 'active')):
        assert _get(ctxt, uuid).vm_state == state


def test_no_timeout_by_default(cloud):
    ctxt, compute = cloud
    assert CONF.instance_build_timeout == 0
    old = _server(ctxt, compute, 'old', 'building', 'spawning', age=10 ** 6)
    compute.check_instance_build_time(ctxt)
    assert _get(ctxt, old).vm_state == 'building'


@pytest.mark.parametrize('timeout, spacing', [(0, 60), (3, 1), (10, 5),
                                              (600, 60)])
def test_build_check_spacing(timeout, spacing):
    CONF.set_override('instance_build_timeout', timeout)
    try:
        assert recovery.build_check_spacing() == spacing
    finally:
        CONF.clear_override('instance_build_timeout')


def test_created_at_is_what_the_timeout_reads(cloud):
    """The helper really ages the row (else the timeout test proves
    nothing)."""
    ctxt, compute = cloud
    uuid = _server(ctxt, compute, 'aged', 'building', 'spawning', age=3600)
    created = _get(ctxt, uuid).created_at.replace(tzinfo=None)
    assert datetime.datetime.utcnow() - created > datetime.timedelta(
        seconds=3000)


def _resized(ctxt, compute, name, vm_state='resized', task_state=None,
             dest=HOST, age=120):
    """A server moved from host0 to ``dest``, its migration finished
    ``age`` seconds ago."""
    uuid = _server(ctxt, compute, name, vm_state, task_state, host=dest)
    migration = objects.Migration(
        ctxt, instance_uuid=uuid, migration_type='resize',
        status='finished', source_compute='host0', dest_compute=dest,
        source_node='host0', dest_node=dest)
    migration.create()
    _age(ctxt, models.Migration, 'updated_at', 'id', migration.id, age)
    return uuid, migration.id


def _migration_status(ctxt, migration_id):
    return objects.Migration.get_by_id(ctxt, migration_id).status


def test_resizes_left_unconfirmed_past_the_window_are_confirmed(
        cloud, confirm_window):
    ctxt, compute = cloud
    old, old_id = _resized(ctxt, compute, 'old')
    young, young_id = _resized(ctxt, compute, 'young', age=5)
    broken, broken_id = _resized(ctxt, compute, 'broken', vm_state='error')
    gone, gone_id = _resized(ctxt, compute, 'gone', vm_state='active')
    reverting, reverting_id = _resized(ctxt, compute, 'reverting',
                                       task_state='resize_reverting')
    elsewhere, elsewhere_id = _resized(ctxt, compute, 'elsewhere',
                                       dest='host2')

    compute.confirm_old_resizes(ctxt)

    # The source is told to drop its copy, as a user's confirm does.
    assert compute.compute_rpcapi.confirms == [(old, old_id, 'host0')]
    assert _migration_status(ctxt, old_id) == 'confirming'
    assert [a.action for a in objects.InstanceActionList.get_by_instance_uuid(
        ctxt, old)] == ['confirmResize']
    # No longer waiting for a confirm: its migration is put in error.
    for migration_id in (broken_id, gone_id):
        assert _migration_status(ctxt, migration_id) == 'error'
    # Too young, a revert under way, another host's: left alone.
    for migration_id in (young_id, reverting_id, elsewhere_id):
        assert _migration_status(ctxt, migration_id) == 'finished'


def test_no_auto_confirm_by_default(cloud):
    ctxt, compute = cloud
    assert CONF.resize_confirm_window == 0
    _uuid, migration_id = _resized(ctxt, compute, 'old', age=10 ** 6)
    compute.confirm_old_resizes(ctxt)
    assert compute.compute_rpcapi.confirms == []
    assert _migration_status(ctxt, migration_id) == 'finished'
