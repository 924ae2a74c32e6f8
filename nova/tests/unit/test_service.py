"""The Service framework over the in-memory transport and SQLite."""

import datetime
import subprocess
import sys
import textwrap
import threading
import time

import oslo_messaging as messaging
import pytest
from oslo_utils import timeutils

import nova.conf
from nova.conductor import rpcapi as conductor_rpcapi
from nova import context
from nova.db import engine as db_engine
from nova import exception
import nova.manager
from nova import objects
from nova.objects import base as objects_base
from nova.objects import service as service_obj
from nova import rpc
from nova import service
from nova import servicegroup
from nova.tests.fixtures.database import nova_databases  # noqa: F401
from nova.tests.fixtures.rpc import fake_rpc  # noqa: F401

CONF = nova.conf.CONF

objects.register_all()


@pytest.fixture
def conf():
    CONF.set_override('host', 'unit-host')
    CONF.set_override('periodic_fuzzy_delay', 0)
    CONF.set_override('compute_driver', 'fake.FakeDriver')
    yield CONF
    for name in ('host', 'periodic_fuzzy_delay', 'compute_driver'):
        CONF.clear_override(name)


@pytest.fixture
def conductor(conf, nova_databases, fake_rpc):
    svc = service.Service.create(binary='nova-conductor', topic='conductor',
                                 report_interval=0)
    svc.start()
    yield svc
    svc.stop()


def test_start_registers_service_row(conductor):
    ctxt = context.get_admin_context()
    ref = objects.Service.get_by_host_and_binary(ctxt, 'unit-host',
                                                 'nova-conductor')
    assert ref is not None
    assert ref.topic == 'conductor'
    assert ref.version == service_obj.SERVICE_VERSION
    assert ref.id == conductor.service_ref.id


def test_restart_reuses_row(conductor):
    again = service.Service.create(binary='nova-conductor',
                                   topic='conductor', report_interval=0)
    again.start()
    try:
        rows = objects.ServiceList.get_by_binary(
            context.get_admin_context(), 'nova-conductor')
        assert len(rows) == 1
    finally:
        again.stop()


def test_heartbeat_bumps_report_count(conductor):
    beat = servicegroup.api.Heartbeat(conductor, interval=1)
    before = conductor.service_ref.report_count
    beat.report_state()
    beat.report_state()
    ref = objects.Service.get_by_id(context.get_admin_context(),
                                    conductor.service_ref.id)
    assert ref.report_count == before + 2
    assert ref.last_seen_up is not None


def test_object_indirection_through_conductor(conductor):
    """What nova-compute's remotable calls become: conductor runs the
    method against the database and sends back the object, or the
    changes a method made to it."""
    ctxt = context.get_admin_context()
    api = conductor_rpcapi.ConductorAPI()
    versions = objects_base.obj_tree_get_versions('Service')
    ref = api.object_class_action_versions(
        ctxt, 'Service', 'get_by_host_and_binary', versions,
        ('unit-host', 'nova-conductor'), {})
    assert isinstance(ref, service_obj.Service)
    assert ref.binary == 'nova-conductor'

    ref.disabled_reason = 'maintenance'
    updates, result = api.object_action(ctxt, ref, 'save', (), {})
    assert result is None
    # The caller already holds the new value; it gets back what the save
    # itself changed, and learns nothing is pending any more.
    assert 'updated_at' in updates
    assert not updates['obj_what_changed']
    fresh = objects.Service.get_by_id(ctxt, ref.id)
    assert fresh.disabled_reason == 'maintenance'


def test_domain_errors_cross_rpc(conductor):
    ctxt = context.get_admin_context()
    api = conductor_rpcapi.ConductorAPI()
    with pytest.raises(exception.ServiceNotFound):
        api.object_class_action_versions(
            ctxt, 'Service', 'get_by_id',
            objects_base.obj_tree_get_versions('Service'), (424242,), {})


def test_compute_service_keeps_node_record(conductor):
    compute = service.Service.create(binary='nova-compute', topic='compute',
                                     report_interval=0,
                                     periodic_enable=False)
    compute.start()
    try:
        ctxt = context.get_admin_context()
        node = objects.ComputeNode.get_by_host_and_nodename(
            ctxt, 'unit-host', 'unit-host')
        assert node.hypervisor_type == 'fake'
        assert node.service_id == compute.service_ref.id
        assert node.memory_mb_used == CONF.reserved_host_memory_mb
        assert node.free_ram_mb == node.memory_mb - node.memory_mb_used
        assert node.cpu_allocation_ratio == 16.0
        # A second update with nothing changed writes nothing.
        before = node.updated_at
        compute.manager.update_available_resource(ctxt)
        after = objects.ComputeNode.get_by_id(ctxt, node.id)
        assert after.updated_at == before
    finally:
        compute.stop()


def test_disabled_db_access_raises():
    db_engine.disable_db_access('nova-compute')
    try:
        with pytest.raises(exception.DBNotAllowed):
            with db_engine.main_session():
                pass
    finally:
        db_engine._DISABLED_BY = None


def _service(**kwargs):
    svc = service_obj.Service()
    svc.forced_down = kwargs.get('forced_down', False)
    svc.last_seen_up = kwargs.get('last_seen_up')
    svc.updated_at = kwargs.get('updated_at')
    svc.created_at = kwargs.get('created_at')
    return svc


def test_is_up_follows_service_down_time(conf):
    CONF.set_override('service_down_time', 60)
    try:
        api = servicegroup.API()
        now = timeutils.utcnow()
        assert api.is_up(_service(last_seen_up=now))
        assert api.is_up(_service(
            last_seen_up=now - datetime.timedelta(seconds=50)))
        assert not api.is_up(_service(
            last_seen_up=now - datetime.timedelta(seconds=70)))
        # No heartbeat yet: fall back to updated_at, then created_at.
        assert api.is_up(_service(updated_at=now))
        assert not api.is_up(_service(
            created_at=now - datetime.timedelta(seconds=120)))
        assert not api.is_up(_service(last_seen_up=now, forced_down=True))
    finally:
        CONF.clear_override('service_down_time')


@pytest.mark.parametrize('url', ['not-a-url', 'foo://host/'])
def test_bad_transport_url_is_one_line_error(tmp_path, url):
    import subprocess
    import sys
    conf = tmp_path / 'nova.conf'
    conf.write_text('[DEFAULT]\ntransport_url = %s\n' % url)
    result = subprocess.run(
        [sys.executable, '-m', 'nova.cmd.scheduler', '--config-file',
         str(conf)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert 'transport_url' in lines[0]


class SlowManager(nova.manager.Manager):
    """A manager with one RPC method that takes a while."""

    target = messaging.Target(version='1.0')

    def __init__(self, *args, **kwargs):
        super().__init__(service_name='slow', *args, **kwargs)
        self.started = threading.Event()

    def slow(self, context, seconds):
        self.started.set()
        time.sleep(seconds)
        return 'finished after %s' % seconds


def test_graceful_stop_finishes_in_flight_calls(conf, nova_databases,
                                                fake_rpc):
    """SIGTERM's path (Service.stop with graceful=True) lets a call that
    is already running complete and answer its caller."""
    svc = service.Service('unit-host', 'nova-slow', 'slow',
                          'nova.tests.unit.test_service.SlowManager',
                          report_interval=0, periodic_enable=False)
    svc.start()
    client = rpc.get_client(messaging.Target(topic='slow', version='1.0'))
    answers = []
    caller = threading.Thread(target=lambda: answers.append(
        client.prepare(timeout=30).call(context.get_admin_context(), 'slow',
                                        seconds=1.5)))
    caller.start()
    assert svc.manager.started.wait(10)
    svc.stop(graceful=True)
    caller.join(30)
    assert answers == ['finished after 1.5']


def test_upgrade_levels_cap_rpc_clients(conf, fake_rpc):
    from nova.compute import rpcapi as compute_rpcapi
    CONF.set_override('conductor', 'pike', group='upgrade_levels')
    CONF.set_override('scheduler', '4.0', group='upgrade_levels')
    try:
        assert conductor_rpcapi.ConductorAPI().client.version_cap == '3.0'
        from nova.scheduler import rpcapi as scheduler_rpcapi
        assert scheduler_rpcapi.SchedulerAPI().client.version_cap == '4.0'
        assert compute_rpcapi.ComputeAPI().client.version_cap is None
    finally:
        CONF.clear_override('conductor', group='upgrade_levels')
        CONF.clear_override('scheduler', group='upgrade_levels')


def test_upgrade_levels_auto_follows_oldest_compute(conf, nova_databases,
                                                    fake_rpc):
    """'auto' caps compute RPC at what the oldest running nova-compute
    speaks; with none running there is no cap."""
    from nova.compute import rpcapi as compute_rpcapi
    CONF.set_override('compute', 'auto', group='upgrade_levels')
    try:
        assert compute_rpcapi.ComputeAPI().client.version_cap is None
        ref = objects.Service(context.get_admin_context(), host='c1',
                              binary='nova-compute', topic='compute',
                              report_count=0, disabled=False,
                              forced_down=False)
        ref.create()
        expected = service_obj.SERVICE_VERSION_HISTORY[-1]['compute_rpc']
        assert compute_rpcapi.ComputeAPI().client.version_cap == expected
    finally:
        CONF.clear_override('compute', group='upgrade_levels')


RUN_ONE = textwrap.dedent('''
    import gc, os, signal, threading
    from nova import service

    class Probe(object):
        """Stands in for a Service: asks to be stopped once started and
        reports what the collector sees by then."""

        def start(self):
            self.before = gc.get_freeze_count()
            threading.Timer(0.2, os.kill,
                            (os.getpid(), signal.SIGTERM)).start()

        def stop(self, graceful=True):
            print(self.before, gc.get_freeze_count(), gc.get_threshold()[0])

    raise SystemExit(service._run_one(Probe()))
''')


def test_a_running_service_keeps_the_collector_off_what_it_loaded():
    """Once started, a daemon's long-lived objects are frozen: full
    collections under load then walk only what requests left behind."""
    done = subprocess.run([sys.executable, '-c', RUN_ONE],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    before, after, gen0 = map(int, done.stdout.split())
    assert before == 0
    assert after > 1000
    assert gen0 >= 50000
