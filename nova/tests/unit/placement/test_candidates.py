"""The allocation-candidate SQL and the data layer's atomicity, on SQLite,
MariaDB and PostgreSQL."""

import threading
import uuid

import pytest
import sqlalchemy as sa

from nova.api.openstack.placement import exception
from nova.api.openstack.placement.objects import allocation
from nova.api.openstack.placement.objects import candidates
from nova.api.openstack.placement.objects import inventory
from nova.api.openstack.placement.objects import resource_class
from nova.api.openstack.placement.objects import resource_provider
from nova.api.openstack.placement.objects import tables
from nova.db import engine
from nova.tests.fixtures import database as db_fixtures
from nova.tests.fixtures.database import nova_databases  # noqa: F401

BACKENDS = pytest.mark.parametrize('nova_databases',
                                   db_fixtures.BACKENDS, indirect=True)
VCPU = resource_class.STANDARD_IDS['VCPU']
MEM = resource_class.STANDARD_IDS['MEMORY_MB']
DISK = resource_class.STANDARD_IDS['DISK_GB']


def _provider(name, inventories):
    rp_uuid = str(uuid.uuid4())
    with engine.api_session() as session:
        provider = resource_provider.create(session, rp_uuid, name)
        inventory.replace_all(session, provider, 0, inventories)
    return rp_uuid


def _find(resources):
    with engine.api_session() as session:
        return candidates.find_columns(session, resources).pairs()


@BACKENDS
def test_candidates_filter_by_capacity_and_constraints(nova_databases):
    big = _provider('big', {'VCPU': {'total': 8, 'allocation_ratio': 2.0},
                            'MEMORY_MB': {'total': 4096, 'reserved': 1024},
                            'DISK_GB': {'total': 100, 'step_size': 10}})
    small = _provider('small', {'VCPU': {'total': 2, 'max_unit': 1},
                                'MEMORY_MB': {'total': 512}})
    mem_only = _provider('memory-only', {'MEMORY_MB': {'total': 100000}})
    allocation.replace_for_consumer(
        str(uuid.uuid4()), [(big, {'VCPU': 10, 'MEMORY_MB': 1000})])

    found = _find({VCPU: 1, MEM: 256})
    assert [u for u, _s in found] == [big, small]
    summary = dict(found)[big]
    assert summary[VCPU] == (16, 10)          # (capacity, used)
    assert summary[MEM] == (3072, 1000)

    # 16 - 10 = 6 VCPU left on big; small's max_unit is 1.
    assert [u for u, _s in _find({VCPU: 6})] == [big]
    assert _find({VCPU: 7}) == []
    # Memory: 3072 - 1000 = 2072 left on big, 512 on small.
    assert [u for u, _s in _find({MEM: 2072})] == [big, mem_only]
    assert [u for u, _s in _find({MEM: 2073})] == [mem_only]
    # step_size 10 on disk.
    assert _find({DISK: 15}) == []
    assert [u for u, _s in _find({DISK: 20, VCPU: 1})] == [big]


@BACKENDS
def test_every_check_uses_the_capacity_the_api_reports(nova_databases):
    """A provider's capacity is the same number wherever it is judged: the
    API's ``int((total - reserved) * ratio)`` over the ratio as placement
    reads it (on MySQL a single-precision column: 0.7 reads as 0.7, but
    a statement multiplying by it used 0.699999988..., so 10 units at 0.7
    held 6 to the candidates and 7 to the API).  The summary reports that
    capacity, a request for all of it finds the provider and one unit
    more does not, and a claim of all of it succeeds."""
    ratios = (0.7, 1.1, 0.123456789, 3.3333333, 16.0)
    providers = [_provider('r%d' % index,
                           {'VCPU': {'total': 10, 'allocation_ratio': r}})
                 for index, r in enumerate(ratios)]
    with engine.api_session() as session:
        shown = {
            uuid_: inventory.get_all(
                session, resource_provider.get(session, uuid_))['VCPU']
            for uuid_ in providers}
    room = {uuid_: tables.capacity(inv['total'], inv['reserved'],
                                   inv['allocation_ratio'])
            for uuid_, inv in shown.items()}
    assert room[providers[0]] == 7
    found = dict(_find({VCPU: 1}))
    for uuid_ in providers:
        assert found[uuid_][VCPU] == (room[uuid_], 0)
        assert uuid_ in dict(_find({VCPU: room[uuid_]}))
        assert uuid_ not in dict(_find({VCPU: room[uuid_] + 1}))
        allocation.replace_for_consumer(str(uuid.uuid4()),
                                        [(uuid_, {'VCPU': room[uuid_]})])
    assert _find({VCPU: 1}) == []


@BACKENDS
def test_limit_keeps_the_first_fitting_providers(nova_databases):
    full = _provider('full', {'VCPU': {'total': 1}})
    allocation.replace_for_consumer(str(uuid.uuid4()), [(full, {'VCPU': 1})])
    rest = [_provider('p%d' % i, {'VCPU': {'total': 2}}) for i in range(4)]
    with engine.api_session() as session:
        limited = candidates.find_columns(session, {VCPU: 1},
                                          limit=2).pairs()
    assert [u for u, _s in limited] == rest[:2]


@BACKENDS
def test_many_providers_come_back_whole_and_in_order(nova_databases):
    """Providers sharing figures share a result row, a row holds at most
    one block of them: 2,500 providers of three kinds (one too full),
    over three blocks, come back every one, in provider order, each with
    its own kind's figures."""
    kinds = [(8, 0), (4, 1), (2, 2)]   # (VCPU total, used): the last full
    with engine.api_session() as session:
        names = ['many%04d' % i for i in range(2500)]
        session.execute(tables.RP.insert(), [
            {'uuid': str(uuid.uuid4()), 'name': name, 'generation': 1}
            for name in names])
        ids = dict(session.execute(sa.select(tables.RP.c.name,
                                             tables.RP.c.id)).all())
        session.execute(tables.INV.insert(), [tables.with_capacity(
            {'resource_provider_id': ids[name], 'resource_class_id': VCPU,
             'total': kinds[i % 3][0], 'used': kinds[i % 3][1],
             'reserved': 0, 'min_unit': 1, 'max_unit': 100, 'step_size': 1,
             'allocation_ratio': 1.0})
            for i, name in enumerate(names)])
        uuids = dict(session.execute(sa.select(tables.RP.c.id,
                                               tables.RP.c.uuid)).all())
    expected = [(uuids[ids[name]], {VCPU: kinds[i % 3]})
                for i, name in enumerate(names) if i % 3 != 2]
    assert len(names) > 2 * candidates._BLOCK
    assert _find({VCPU: 1}) == expected
    with engine.api_session() as session:
        assert candidates.find_columns(session, {VCPU: 1},
                                       limit=1500).pairs() == \
            expected[:1500]


@BACKENDS
def test_nested_trees_survive_delete_and_reparent(nova_databases):
    """A root given a parent takes its subtree along; a parent cannot be
    deleted before its children; nothing is half-written on refusal."""
    with engine.api_session() as session:
        root = resource_provider.create(session, str(uuid.uuid4()), 'r')
        child = resource_provider.create(session, str(uuid.uuid4()), 'c',
                                         parent_uuid=root.uuid)
        other = resource_provider.create(session, str(uuid.uuid4()), 'o')
    with pytest.raises(exception.ResourceProviderHasChildren):
        with engine.api_session() as session:
            resource_provider.delete(session, root.uuid)
    with pytest.raises(exception.ProviderTreeLoop):
        with engine.api_session() as session:
            resource_provider.update(session, root.uuid, 'renamed',
                                     parent_uuid=child.uuid)
    with engine.api_session() as session:
        assert resource_provider.get(session, root.uuid).name == 'r'
        resource_provider.update(session, root.uuid, 'r',
                                 parent_uuid=other.uuid)
        tree = resource_provider.list_providers(session, in_tree=child.uuid)
    assert [(p.uuid, p.root_uuid) for p in tree] == [
        (root.uuid, other.uuid), (child.uuid, other.uuid),
        (other.uuid, other.uuid)]
    with engine.api_session() as session:
        resource_provider.delete(session, child.uuid)
        resource_provider.delete(session, root.uuid)
        resource_provider.delete(session, other.uuid)
        assert resource_provider.list_providers(session) == []


@BACKENDS
def test_resources_filter_on_provider_list(nova_databases):
    a = _provider('a', {'VCPU': {'total': 4}})
    _provider('b', {'VCPU': {'total': 1}})
    with engine.api_session() as session:
        listed = resource_provider.list_providers(session,
                                                  resources={VCPU: 2})
    assert [p.uuid for p in listed] == [a]


@BACKENDS
def test_allocation_replace_is_all_or_nothing(nova_databases):
    a = _provider('a', {'VCPU': {'total': 4}})
    b = _provider('b', {'DISK_GB': {'total': 10}})
    consumer = str(uuid.uuid4())
    allocation.replace_for_consumer(consumer, [(a, {'VCPU': 1})])
    with pytest.raises(exception.CapacityExceeded):
        allocation.replace_for_consumer(
            consumer, [(a, {'VCPU': 2}), (b, {'DISK_GB': 11})])
    with engine.api_session() as session:
        mine = allocation.get_for_consumer(session, consumer)
    # The failed PUT left the earlier allocation exactly as it was.
    assert mine == {a: {'generation': 2, 'resources': {'VCPU': 1}}}


@BACKENDS
def test_consumer_owner_recorded_for_new_and_known_projects(nova_databases):
    """The owner is recorded whether the project and user are new (looked
    up and created) or both known (one INSERT ... SELECT), and replacing
    a consumer's allocations may change it."""
    a = _provider('a', {'VCPU': {'total': 8}})
    first, second, third = (str(uuid.uuid4()) for _i in range(3))
    allocation.replace_for_consumer(first, [(a, {'VCPU': 1})], 'p1', 'u1')
    allocation.replace_for_consumer(second, [(a, {'VCPU': 1})], 'p1', 'u1')
    allocation.replace_for_consumer(third, [(a, {'VCPU': 1})], 'p1', 'u2')
    allocation.replace_for_consumer(first, [(a, {'VCPU': 2})], 'p2', 'u2')
    with engine.api_session() as session:
        owners = [tuple(allocation.owner_of(session, consumer))
                  for consumer in (first, second, third)]
        consumers = session.execute(
            sa.select(sa.func.count()).select_from(tables.CONSUMER)).scalar()
    assert owners == [('p2', 'u2'), ('p1', 'u1'), ('p1', 'u2')]
    assert consumers == 3


@BACKENDS
def test_claims_judged_in_the_usage_update_refuse_as_the_careful_path(
        nova_databases):
    """A first claim checks capacity and units inside its usage UPDATE;
    whatever that UPDATE refuses is judged again the careful way, so the
    refusal names its cause, and nothing of the refused claim stays."""
    a = _provider('a', {'VCPU': {'total': 4, 'max_unit': 2},
                        'DISK_GB': {'total': 100, 'step_size': 10,
                                    'min_unit': 10}})
    refused = [
        ({'VCPU': 3}, exception.ConstraintsViolated),       # max_unit
        ({'DISK_GB': 15}, exception.ConstraintsViolated),   # step_size
        ({'DISK_GB': 0}, exception.ConstraintsViolated),    # min_unit
        ({'MEMORY_MB': 1}, exception.InvalidInventory),     # no inventory
    ]
    for resources, error in refused:
        with pytest.raises(error):
            allocation.replace_for_consumer(str(uuid.uuid4()),
                                            [(a, resources)], 'p', 'u')
    for _i in range(2):
        allocation.replace_for_consumer(str(uuid.uuid4()),
                                        [(a, {'VCPU': 2})], 'p', 'u')
    with pytest.raises(exception.CapacityExceeded):
        allocation.replace_for_consumer(str(uuid.uuid4()),
                                        [(a, {'VCPU': 1})], 'p', 'u')
    assert _usage_drift() == {}
    with engine.api_session() as session:
        assert session.execute(sa.select(sa.func.count()).select_from(
            tables.CONSUMER)).scalar() == 2


@BACKENDS
def test_claim_replaces_a_stray_consumer_record(nova_databases):
    """A consumer recorded without allocations (none of placement's
    writes leaves one, but a database may hold anything): its first
    claim, which expects no record, is redone carefully and replaces it
    instead of failing on the duplicate."""
    a = _provider('a', {'VCPU': {'total': 4}})
    consumer = str(uuid.uuid4())
    allocation.replace_for_consumer(consumer, [(a, {'VCPU': 1})], 'p1', 'u1')
    with engine.api_session() as session:
        session.execute(tables.ALLOC.delete())
        session.execute(tables.INV.update().values(used=0))
    allocation.replace_for_consumer(consumer, [(a, {'VCPU': 2})], 'p2', 'u2')
    with engine.api_session() as session:
        assert tuple(allocation.owner_of(session, consumer)) == ('p2', 'u2')
        assert allocation.get_for_consumer(session, consumer)[a][
            'resources'] == {'VCPU': 2}
    assert _usage_drift() == {}


@BACKENDS
def test_claim_on_a_re_created_provider_finds_its_new_row(nova_databases):
    """A claim remembers the id of the provider it names (the next one
    skips reading it).  Deleted and created again under the same uuid,
    the provider has a new id, and its old one may name another provider:
    the next claim still lands on the provider it names."""
    rp_uuid = _provider('a', {'VCPU': {'total': 4}})
    # The first claim of a new owner goes the careful way; the second,
    # the fast way, which remembers the id.
    for _i in range(2):
        consumer = str(uuid.uuid4())
        allocation.replace_for_consumer(consumer, [(rp_uuid, {'VCPU': 1})],
                                        'p', 'u')
        allocation.delete_for_consumer(consumer)
    with engine.api_session() as session:
        old_id = resource_provider.get(session, rp_uuid).id
        resource_provider.delete(session, rp_uuid)
        # Another provider alike takes the old id (as a database that
        # reuses ids may give it).
        other_uuid = str(uuid.uuid4())
        other = resource_provider.create(session, other_uuid, 'other')
        for values in ({'root_provider_id': None}, {'id': old_id},
                       {'root_provider_id': old_id}):
            session.execute(tables.RP.update().where(
                tables.RP.c.uuid == other_uuid).values(**values))
        other = resource_provider.get(session, other_uuid)
        inventory.replace_all(session, other, 0, {'VCPU': {'total': 4}})
        provider = resource_provider.create(session, rp_uuid, 'a')
        inventory.replace_all(session, provider, 0, {'VCPU': {'total': 4}})
        assert provider.id != old_id
    second = str(uuid.uuid4())
    allocation.replace_for_consumer(second, [(rp_uuid, {'VCPU': 3})],
                                    'p', 'u')
    with engine.api_session() as session:
        mine = allocation.get_for_consumer(session, second)
        used = session.execute(sa.select(tables.INV.c.used).where(
            tables.INV.c.resource_provider_id == provider.id)).scalar()
    assert mine[rp_uuid]['resources'] == {'VCPU': 3}
    assert used == 3
    with engine.api_session() as session:
        assert session.execute(sa.select(tables.INV.c.used).where(
            tables.INV.c.resource_provider_id == old_id)).scalar() == 0
    assert _usage_drift() == {}


@BACKENDS
def test_stale_generation_is_a_conflict_not_a_lost_update(nova_databases):
    rp_uuid = _provider('a', {'VCPU': {'total': 4}})
    with engine.api_session() as session:
        provider = tables.get_provider(session, rp_uuid)
    assert provider.generation == 1
    with engine.api_session() as session:
        fresh = tables.get_provider(session, rp_uuid)
        inventory.update_one(session, fresh, 1, 'VCPU', {'total': 8})
    with pytest.raises(exception.ConcurrentUpdateDetected):
        with engine.api_session() as session:
            inventory.update_one(session, provider, 1, 'VCPU',
                                 {'total': 2})
    with engine.api_session() as session:
        current = tables.get_provider(session, rp_uuid)
        assert inventory.get_one(session, current, 'VCPU')['total'] == 8
    assert current.generation == 2


@pytest.mark.parametrize('nova_databases', ['mysql'], indirect=True)
def test_concurrent_allocations_never_overcommit(nova_databases):
    """Eight threads race for a provider with room for five."""
    rp_uuid = _provider('a', {'VCPU': {'total': 5}})
    results = []
    barrier = threading.Barrier(8)

    def claim():
        barrier.wait()
        try:
            allocation.replace_for_consumer(str(uuid.uuid4()),
                                            [(rp_uuid, {'VCPU': 1})])
            results.append('ok')
        except exception.Conflict as e:
            results.append(type(e).__name__)

    threads = [threading.Thread(target=claim) for _i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count('ok') == 5
    with engine.api_session() as session:
        used = session.execute(sa.select(sa.func.sum(
            tables.ALLOC.c.used))).scalar()
    assert used == 5
    assert _usage_drift() == {}


@pytest.mark.parametrize('nova_databases', ['mysql', 'postgresql'],
                         indirect=True)
def test_concurrent_writes_on_one_consumer_keep_usage_exact(nova_databases):
    """Threads move one consumer between providers, and delete it, all at
    once: each write sees what the one before it left, so the usage
    recorded on every inventory stays the sum of the allocations."""
    providers = [_provider(name, {'VCPU': {'total': 1000}})
                 for name in ('a', 'b', 'c')]
    consumer = str(uuid.uuid4())
    allocation.replace_for_consumer(consumer, [(providers[0], {'VCPU': 1})],
                                    'project', 'user')
    barrier = threading.Barrier(6)
    failures = []

    def write(index):
        barrier.wait()
        for step in range(8):
            try:
                if (index + step) % 4 == 3:
                    allocation.delete_for_consumer(consumer)
                else:
                    target = providers[(index + step) % 3]
                    allocation.replace_for_consumer(
                        consumer, [(target, {'VCPU': index + 1})],
                        'project', 'user')
            except exception.AllocationsNotFound:
                pass
            except Exception as e:      # reported below, with its type
                failures.append(repr(e))

    threads = [threading.Thread(target=write, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert _usage_drift() == {}
    with engine.api_session() as session:
        rows = session.execute(sa.select(
            tables.ALLOC.c.resource_provider_id, tables.ALLOC.c.used)
            .where(tables.ALLOC.c.consumer_id == consumer)).all()
    # Whatever the last write was, the consumer holds one request's worth.
    assert len(rows) <= 1


def _usage_drift():
    """(provider id, class id) -> (inventories.used, sum of allocations)
    wherever the two differ."""
    summed = {}
    with engine.api_session() as session:
        for provider_id, class_id, used in session.execute(
                sa.select(tables.ALLOC.c.resource_provider_id,
                          tables.ALLOC.c.resource_class_id,
                          sa.func.sum(tables.ALLOC.c.used))
                .group_by(tables.ALLOC.c.resource_provider_id,
                          tables.ALLOC.c.resource_class_id)):
            summed[(provider_id, class_id)] = int(used)
        recorded = {(row.resource_provider_id, row.resource_class_id):
                    row.used for row in session.execute(
                        sa.select(tables.INV))}
    return {key: (recorded.get(key), summed.get(key, 0))
            for key in set(summed) | set(recorded)
            if recorded.get(key) != summed.get(key, 0)}


@BACKENDS
def test_inventory_usage_follows_every_allocation_write(nova_databases):
    """inventories.used, which the candidates and the claims read, equals
    the sum of the allocations after every kind of write, failed ones
    included."""
    a = _provider('a', {'VCPU': {'total': 8}, 'MEMORY_MB': {'total': 4096}})
    b = _provider('b', {'VCPU': {'total': 8}, 'DISK_GB': {'total': 100}})
    one, two, three = (str(uuid.uuid4()) for _i in range(3))

    allocation.replace_for_consumer(one, [(a, {'VCPU': 2,
                                               'MEMORY_MB': 1024})])
    allocation.replace_for_consumer(two, [(a, {'VCPU': 1}),
                                          (b, {'DISK_GB': 10})])
    assert _usage_drift() == {}
    # Grow, shrink, move to the other provider, and a split request
    # naming the same provider twice.
    allocation.replace_for_consumer(one, [(a, {'VCPU': 3,
                                               'MEMORY_MB': 512})])
    allocation.replace_for_consumer(two, [(b, {'VCPU': 4, 'DISK_GB': 5}),
                                          (b, {'VCPU': 1})])
    assert _usage_drift() == {}
    # Refused writes change nothing.
    with pytest.raises(exception.CapacityExceeded):
        allocation.replace_for_consumer(one, [(a, {'VCPU': 9})])
    with pytest.raises(exception.InvalidInventory):
        allocation.replace_for_consumer(three, [(a, {'VCPU': 1}),
                                                (a, {'DISK_GB': 1})])
    assert _usage_drift() == {}
    # Several consumers in one transaction (POST /allocations), one of
    # them emptied; then plain deletes.
    allocation.replace_for_consumers([
        (one, [], None, None),
        (three, [(a, {'VCPU': 5}), (b, {'VCPU': 3})], 'p', 'u'),
    ])
    assert _usage_drift() == {}
    # Room is what the capacity check sees: a holds 5 of 8 VCPU.
    assert [u for u, _s in _find({VCPU: 3})] == [a]
    with pytest.raises(exception.CapacityExceeded):
        allocation.replace_for_consumer(one, [(a, {'VCPU': 4})])
    # A consumer giving back what it holds may take it again.
    allocation.replace_for_consumer(three, [(a, {'VCPU': 8})])
    allocation.delete_for_consumer(two)
    allocation.delete_for_consumer(three)
    assert _usage_drift() == {}
    with engine.api_session() as session:
        assert set(session.execute(
            sa.select(tables.INV.c.used)).scalars()) == {0}


@BACKENDS
def test_delete_provider_with_inventory_traits_and_aggregates(
        nova_databases):
    from nova.api.openstack.placement.objects import aggregate
    from nova.api.openstack.placement.objects import trait
    rp_uuid = _provider('a', {'VCPU': {'total': 4}})
    trait.ensure_synced()
    with engine.api_session() as session:
        provider = tables.get_provider(session, rp_uuid)
        aggregate.set_for_provider(session, provider, [str(uuid.uuid4())])
        trait.set_for_provider(session, provider, provider.generation,
                               ['HW_CPU_X86_AVX'])
    with engine.api_session() as session:
        resource_provider.delete(session, rp_uuid)
    with pytest.raises(exception.ResourceProviderNotFound):
        with engine.api_session() as session:
            tables.get_provider(session, rp_uuid)
