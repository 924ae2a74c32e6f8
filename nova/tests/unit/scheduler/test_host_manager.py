"""The host manager's refresh: heartbeats taken in without reloading the
service, other changes reloaded, services whose heartbeat aged out seen
down, deleted and re-created services seen, on SQLite and MariaDB."""

import datetime
import uuid

import pytest
import sqlalchemy as sa

import nova.conf
from nova import context as nova_context
from nova.db import engine
from nova.db.main import models
from nova import objects
from nova.scheduler.filters import compute_filters
from nova.conductor.tasks import base as conductor_tasks
from nova.objects import aggregate as aggregate_obj
from nova.scheduler import host_manager
from nova.scheduler import utils as scheduler_utils
from nova.tests.fixtures.database import nova_databases  # noqa: F401

CONF = nova.conf.CONF
SERVICES = models.Service.__table__
NODES = models.ComputeNode.__table__


def _now():
    return datetime.datetime.utcnow().replace(microsecond=0)


@pytest.fixture
def cell(nova_databases):
    objects.register_all()
    ctxt = nova_context.get_admin_context()
    cell = objects.CellMapping(ctxt, uuid=str(uuid.uuid4()), name='cell1',
                               transport_url='fake:///',
                               database_connection=nova_databases['main'])
    cell.create()
    return ctxt, cell


def _add_host(host, when):
    with engine.main_session() as session:
        service_id = session.execute(SERVICES.insert().values(
            host=host, binary='nova-compute', topic='compute',
            report_count=1, disabled=False, forced_down=False, version=1,
            uuid=str(uuid.uuid4()), created_at=when, updated_at=when,
            last_seen_up=when, deleted=0)).inserted_primary_key[0]
        node_uuid = str(uuid.uuid4())
        session.execute(NODES.insert().values(
            uuid=node_uuid, host=host, hypervisor_hostname=host,
            service_id=service_id, vcpus=4, memory_mb=4096, local_gb=40,
            vcpus_used=0, memory_mb_used=0, local_gb_used=0,
            hypervisor_type='fake', hypervisor_version=1, cpu_info='{}',
            cpu_allocation_ratio=1.0, ram_allocation_ratio=1.0,
            disk_allocation_ratio=1.0,
            created_at=when, updated_at=when, deleted=0))
    return service_id, node_uuid


def _save(ctxt, service_id, **values):
    """Change a service as nova does: through Service.save()."""
    service = objects.Service.get_by_id(ctxt, service_id)
    for key, value in values.items():
        setattr(service, key, value)
    service.save()
    return service


def _heartbeat(ctxt, service_id):
    service = objects.Service.get_by_id(ctxt, service_id)
    service.report_count += 1
    service.save()
    return service


def _state(manager, ctxt, node_uuid):
    states = manager.get_host_states_by_uuids(ctxt, [node_uuid])
    return states[0] if states else None


@pytest.mark.parametrize('nova_databases', ['sqlite', 'mysql'],
                         indirect=True)
def test_refresh_follows_heartbeats_and_changes(cell):
    ctxt, _cell = cell
    long_ago = _now() - datetime.timedelta(minutes=10)
    service_id, node_uuid = _add_host('h1', long_ago)
    manager = host_manager.HostManager()

    state = _state(manager, ctxt, node_uuid)
    assert state.service.host == 'h1' and not state.service_up
    loaded = state.service

    # A heartbeat: the host is up, the Service object is the same one
    # (a heartbeat is not a change to reload it for).
    _heartbeat(ctxt, service_id)
    state = _state(manager, ctxt, node_uuid)
    assert state.service_up and state.service is loaded

    # Disabling reloads the object (the filters read ``disabled``).
    _save(ctxt, service_id, disabled=True, disabled_reason='maintenance')
    state = _state(manager, ctxt, node_uuid)
    assert state.service is not loaded
    assert state.service.disabled
    assert state.service.disabled_reason == 'maintenance'
    assert state.service_disabled is True
    compute_filter = compute_filters.ComputeFilter()
    assert compute_filter.filter_all([state], None) == []
    _save(ctxt, service_id, disabled=False, disabled_reason=None)
    state = _state(manager, ctxt, node_uuid)
    assert state.service_disabled is False
    assert compute_filter.filter_all([state], None) == [state]

    # Forced down: down whatever its heartbeat says.
    _save(ctxt, service_id, forced_down=True)
    _heartbeat(ctxt, service_id)
    assert not _state(manager, ctxt, node_uuid).service_up
    _save(ctxt, service_id, forced_down=False)
    assert _state(manager, ctxt, node_uuid).service_up

    # Deleted and created again on the same host: the new one counts.
    now = _now()
    with engine.main_session() as session:
        session.execute(SERVICES.update().where(SERVICES.c.id == service_id)
                        .values(deleted=service_id, deleted_at=now,
                                updated_at=now))
        new_id = session.execute(SERVICES.insert().values(
            host='h1', binary='nova-compute', topic='compute',
            report_count=1, disabled=False, forced_down=False, version=1,
            uuid=str(uuid.uuid4()), created_at=now, updated_at=now,
            last_seen_up=now, deleted=0)).inserted_primary_key[0]
    state = _state(manager, ctxt, node_uuid)
    assert state.service.id == new_id
    assert state.service_up and not state.service.disabled


@pytest.mark.parametrize('nova_databases', ['sqlite', 'mysql'],
                         indirect=True)
def test_heartbeat_ages_out_and_comes_back(cell):
    """Up and down follow the heartbeat alone, both ways, and as
    servicegroup judges it (a row that never reported counts from its
    updated_at, then created_at)."""
    ctxt, _cell = cell
    now = _now()
    down_time = datetime.timedelta(seconds=CONF.service_down_time)
    fresh_id, fresh_node = _add_host('fresh', now)
    stale_id, stale_node = _add_host('stale', now - 2 * down_time)
    ahead_id, ahead_node = _add_host('ahead', now + 2 * down_time)
    never_id, never_node = _add_host('never', now)
    with engine.main_session() as session:
        session.execute(SERVICES.update()
                        .where(SERVICES.c.id == never_id)
                        .values(last_seen_up=None))
    manager = host_manager.HostManager()
    up = {state.host: state.service_up
          for state in manager.get_host_states_by_uuids(
              ctxt, [fresh_node, stale_node, ahead_node, never_node])}
    assert up == {'fresh': True, 'stale': False, 'ahead': False,
                  'never': True}
    assert objects.Service.get_by_id(ctxt, never_id).last_seen_up is None

    # The fresh one stops reporting (its heartbeat is now old); the stale
    # one reports again.  Neither save changes what the scheduler loads.
    with engine.main_session() as session:
        session.execute(SERVICES.update()
                        .where(SERVICES.c.id == fresh_id)
                        .values(last_seen_up=now - 2 * down_time))
    loaded = manager._services[(_cell.uuid, 'stale')]
    _heartbeat(ctxt, stale_id)
    states = manager.get_host_states_by_uuids(ctxt, [fresh_node, stale_node])
    up = {state.host: state.service_up for state in states}
    assert up == {'fresh': False, 'stale': True}
    assert states[1].service is loaded


@pytest.mark.parametrize('nova_databases', ['sqlite'], indirect=True)
def test_changed_at_moves_on_changes_not_heartbeats(cell):
    ctxt, _cell = cell
    long_ago = _now() - datetime.timedelta(minutes=10)
    service_id, _node = _add_host('h1', long_ago)

    def changed_at():
        with engine.main_session() as session:
            return session.execute(
                sa.select(SERVICES.c.changed_at)
                .where(SERVICES.c.id == service_id)).scalar()

    assert changed_at() is None
    service = _heartbeat(ctxt, service_id)
    assert changed_at() is None
    assert service.last_seen_up.replace(tzinfo=None) > long_ago
    _save(ctxt, service_id, disabled=True)
    assert changed_at() is not None

    created = objects.Service(ctxt, host='h2', binary='nova-compute',
                              topic='compute', report_count=0)
    created.create()
    with engine.main_session() as session:
        assert session.execute(
            sa.select(SERVICES.c.changed_at)
            .where(SERVICES.c.id == created.id)).scalar() is not None


def _summary(ram_used):
    return {'resources': {'VCPU': {'capacity': 4, 'used': 0},
                          'MEMORY_MB': {'capacity': 4096, 'used': ram_used},
                          'DISK_GB': {'capacity': 40, 'used': 0}}}


def _request(node_uuid, ram):
    return {'allocations': {node_uuid: {'resources': {
        'VCPU': 1, 'MEMORY_MB': ram, 'DISK_GB': 1}}}}


@pytest.mark.parametrize('nova_databases', ['sqlite'], indirect=True)
def test_concurrent_requests_keep_their_own_host_states(cell):
    """Two requests scheduled at once over the same host each keep what
    they were given: the second one's allocation request (for its own
    flavor), usage and instances do not replace the first's before it
    claims, and what a request consumes stays in that request."""
    ctxt, _cell = cell
    _service_id, node_uuid = _add_host('h1', _now())
    manager = host_manager.HostManager()
    small = manager.get_host_states_by_uuids(
        ctxt, [node_uuid], {node_uuid: _summary(512)},
        allocation_requests={node_uuid: _request(node_uuid, 512)})[0]
    small.instances = {'an-instance': object()}
    large = manager.get_host_states_by_uuids(
        ctxt, [node_uuid], {node_uuid: _summary(1024)},
        allocation_requests={node_uuid: _request(node_uuid, 2048)})[0]

    assert small.allocation_request == _request(node_uuid, 512)
    assert large.allocation_request == _request(node_uuid, 2048)
    assert (small.free_ram_mb, large.free_ram_mb) == (3584, 3072)
    assert list(small.instances) == ['an-instance'] and large.instances == {}

    spec = objects.RequestSpec(flavor=objects.Flavor(
        vcpus=1, memory_mb=1024, root_gb=1, ephemeral_gb=0))
    large.consume_from_request(spec)
    assert (small.free_ram_mb, large.free_ram_mb) == (3584, 2048)
    # The next request starts from placement's numbers, not from what an
    # earlier request consumed.
    again = manager.get_host_states_by_uuids(
        ctxt, [node_uuid], {node_uuid: _summary(1024)})[0]
    assert again.free_ram_mb == 3072 and again.allocation_request is None
    assert again.host == 'h1' and again.service_up


def _zone_passes(state, zone):
    spec = objects.RequestSpec(availability_zone=zone)
    return compute_filters.AvailabilityZoneFilter().host_passes(state, spec)


@pytest.mark.parametrize('nova_databases', ['sqlite', 'mysql'],
                         indirect=True)
def test_aggregates_are_kept_until_a_write_moves_their_generation(cell):
    """Requests share the aggregates read once; each aggregate write (by
    any process: these go through the database only) is seen by the next
    request, and until one happens no request reads them again."""
    ctxt, _cell = cell
    _service_id, node_uuid = _add_host('h1', _now())
    zone = objects.Aggregate(ctxt, name='zone',
                             metadata={'availability_zone': 'az1'})
    zone.create()
    zone.add_host('h1')
    manager = host_manager.HostManager()
    state = _state(manager, ctxt, node_uuid)
    assert [a.name for a in state.aggregates] == ['zone']
    assert _zone_passes(state, 'az1') and not _zone_passes(state, 'az2')

    sent = []
    api_engine = engine.get_engine(engine.api_url())

    def record(_conn, _cursor, statement, *_args):
        sent.append(statement)

    sa.event.listen(api_engine, 'before_cursor_execute', record)
    try:
        kept = manager.prepare(ctxt)
        assert manager.prepare(ctxt) is kept
        assert not [s for s in sent if 'aggregate_hosts' in s], sent
        # Another process changes the zone: the next request sees it.
        objects.Aggregate.get_by_id(ctxt, zone.id).update_metadata(
            {'availability_zone': 'az2'})
        del sent[:]
        state = _state(manager, ctxt, node_uuid)
        assert [s for s in sent if 'aggregate_hosts' in s], sent
    finally:
        sa.event.remove(api_engine, 'before_cursor_execute', record)
    assert _zone_passes(state, 'az2') and not _zone_passes(state, 'az1')

    objects.Aggregate.get_by_id(ctxt, zone.id).delete_host('h1')
    state = _state(manager, ctxt, node_uuid)
    assert state.aggregates == []
    assert _zone_passes(state, CONF.default_availability_zone)


def test_selection_names_the_zone_the_database_gives_the_host(cell):
    """The zone a selection carries (from the aggregates the scheduler
    keeps) is the one conductor would otherwise read from the database,
    for a host in several zones, one zone, an aggregate without a zone,
    and none; conductor reads it only from a selection without one."""
    ctxt, _cell = cell
    nodes = {host: _add_host(host, _now())[1]
             for host in ('h1', 'h2', 'h3', 'h4')}
    for name, zone, hosts in (('a', 'az1', ['h1', 'h2']),
                              ('b', 'az0', ['h2']),
                              ('c', None, ['h3'])):
        agg = objects.Aggregate(
            ctxt, name=name,
            metadata={'availability_zone': zone} if zone else {})
        agg.create()
        for host in hosts:
            agg.add_host(host)
    manager = host_manager.HostManager()
    read = aggregate_obj.host_zones(ctxt, list(nodes))
    for host, node_uuid in nodes.items():
        chosen = scheduler_utils.selection(_state(manager, ctxt, node_uuid))
        expected = read.get(host, CONF.default_availability_zone)
        assert chosen['availability_zone'] == expected
        assert conductor_tasks.zone_of(ctxt, chosen) == expected
        older = dict(chosen)
        del older['availability_zone']
        assert conductor_tasks.zone_of(ctxt, older) == expected
    assert [read.get(h) for h in sorted(nodes)] == [
        'az1', 'az0,az1', None, None]


@pytest.mark.parametrize('nova_databases', ['sqlite', 'mysql'],
                         indirect=True)
def test_hint_filters_get_the_hinted_instances_of_each_host(cell):
    """A same_host or different_host hint reads the hinted instances
    only, each set on the host state of the node that runs it; the
    other instances of the hosts are not read."""
    from nova.scheduler import filter_scheduler
    from nova.scheduler.filters import affinity_filter
    ctxt, cell_mapping = cell
    nodes = {host: _add_host(host, _now())[1] for host in ('h1', 'h2')}
    placed = {}
    with nova_context.target_cell(ctxt, cell_mapping) as cctxt:
        for index, host in enumerate(['h1', 'h1', 'h2', 'h2', 'h2']):
            inst = objects.Instance(cctxt, uuid=str(uuid.uuid4()),
                                    host=host, node=host,
                                    project_id=ctxt.project_id,
                                    user_id=ctxt.user_id,
                                    vm_state='active')
            inst.create()
            placed.setdefault(host, []).append(inst.uuid)
    hinted = [placed['h1'][0], placed['h2'][1], str(uuid.uuid4())]
    spec = objects.RequestSpec(scheduler_hints={'same_host': hinted[:1],
                                                'different_host': hinted})
    filters = [affinity_filter.SameHostFilter(),
               affinity_filter.DifferentHostFilter(),
               compute_filters.ComputeFilter()]
    assert filter_scheduler.instances_needed(filters, spec) == sorted(hinted)
    assert filter_scheduler.instances_needed(
        filters, objects.RequestSpec(scheduler_hints={})) == []

    manager = host_manager.HostManager()
    states = manager.get_host_states_by_uuids(ctxt, list(nodes.values()))
    manager.load_instances(ctxt, states, hinted)
    by_host = {s.host: s for s in states}
    assert list(by_host['h1'].instances) == placed['h1'][:1]
    assert list(by_host['h2'].instances) == placed['h2'][1:2]
    same = affinity_filter.SameHostFilter()
    assert [s.host for s in same.filter_all(states, spec)] == ['h1']
    different = affinity_filter.DifferentHostFilter()
    spec = objects.RequestSpec(scheduler_hints={
        'different_host': hinted[:1]})
    manager.load_instances(ctxt, states, hinted[:1])
    assert [s.host for s in different.filter_all(states, spec)] == ['h2']


@pytest.mark.parametrize('nova_databases', ['sqlite'], indirect=True)
def test_group_hosts_one_per_live_member_and_none_once_deleted(cell):
    ctxt, cell_mapping = cell
    _add_host('h1', _now())
    members = []
    with nova_context.target_cell(ctxt, cell_mapping) as cctxt:
        for host in ('h1', 'h1', 'h2'):
            inst = objects.Instance(cctxt, uuid=str(uuid.uuid4()), host=host,
                                    node=host, project_id=ctxt.project_id,
                                    user_id=ctxt.user_id)
            inst.create()
            members.append(inst.uuid)
    group = objects.InstanceGroup(ctxt, name='g', policies=['anti-affinity'],
                                  project_id='p', user_id='u')
    group.create()
    objects.InstanceGroup.add_members(ctxt, group.uuid,
                                      members + [str(uuid.uuid4())])
    manager = host_manager.HostManager()
    assert sorted(manager.group_hosts(ctxt, group)) == ['h1', 'h1', 'h2']
    assert sorted(manager.group_hosts(ctxt, group, exclude=members[:1])) \
        == ['h1', 'h2']
    objects.InstanceGroup.get_by_uuid(ctxt, group.uuid).destroy()
    assert manager.group_hosts(ctxt, group) == []
