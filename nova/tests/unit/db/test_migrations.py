"""Migrations run on SQLite, MariaDB and PostgreSQL and match the models.

MariaDB and PostgreSQL must be running (the fixtures raise, not skip, when
they are not): see nova/tests/fixtures/database.py.
"""

import sqlalchemy as sa
from alembic import autogenerate
from alembic import migration as alembic_migration
from alembic import script as alembic_script
import pytest

from nova.db.api import models as api_models
from nova.db.main import models as main_models
from nova.db import migration
from nova import exception
from nova.tests.fixtures import database as db_fixtures
from nova.tests.fixtures.database import nova_databases  # noqa: F401

SCHEMAS = {'api': api_models.BASE.metadata,
           'main': main_models.BASE.metadata}


def _tables(url):
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _drift(url, metadata):
    """alembic's diff between the database at ``url`` and ``metadata``."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            ctx = alembic_migration.MigrationContext.configure(
                conn, opts={'compare_type': True})
            return autogenerate.compare_metadata(ctx, metadata)
    finally:
        engine.dispose()


@pytest.fixture(scope='module', params=db_fixtures.BACKENDS)
def synced(request, tmp_path_factory):
    """api and main databases of one backend, synced once per module."""
    tmp = tmp_path_factory.mktemp('db')
    with db_fixtures.synced_databases(request.param, tmp,
                                      names=('api', 'main')) as urls:
        yield request.param, urls


@pytest.mark.parametrize('backend', db_fixtures.BACKENDS)
@pytest.mark.parametrize('schema', ['api', 'main'])
def test_walk_versions_from_empty_and_resync(backend, schema, tmp_path):
    script = alembic_script.ScriptDirectory.from_config(
        migration._alembic_config(schema))
    revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
    assert revisions, 'no migrations found for %s' % schema
    with db_fixtures.temp_databases(backend, tmp_path,
                                    names=('db',)) as urls:
        url = urls['db']
        assert migration.db_version(schema, url=url) is None
        assert _tables(url) == set()
        # One revision at a time, so every migration runs on its own.
        for rev in revisions:
            migration.db_sync(schema, version=rev, url=url)
            assert migration.db_version(schema, url=url) == rev
        head = migration.head_revision(schema)
        assert revisions[-1] == head
        tables = _tables(url)
        assert set(SCHEMAS[schema].tables) <= tables
        # Re-running is a no-op, with or without an explicit version.
        migration.db_sync(schema, url=url)
        migration.db_sync(schema, version=head, url=url)
        assert migration.db_version(schema, url=url) == head
        assert _tables(url) == tables


@pytest.mark.parametrize('schema', ['api', 'main'])
def test_models_match_migrations(synced, schema):
    backend, urls = synced
    diff = _drift(urls[schema], SCHEMAS[schema])
    assert diff == [], 'models and migrations differ on %s: %s' % (
        backend, diff)


def _mutated_copy(metadata):
    copy = sa.MetaData()
    for table in metadata.sorted_tables:
        table.to_metadata(copy)
    return copy


def test_drift_check_notices_differences(synced):
    """The comparison used above is not blind: real drift is reported."""
    backend, urls = synced
    meta = _mutated_copy(main_models.BASE.metadata)
    services = meta.tables['services']
    services.append_column(sa.Column('brand_new', sa.Integer))
    services.c.host.type = sa.String(100)
    services.c.report_count.nullable = True
    idx = next(i for i in meta.tables['instances'].indexes
               if i.name == 'instances_reservation_id_idx')
    meta.tables['instances'].indexes.remove(idx)
    sa.Index('tags_resource_id_idx', meta.tables['tags'].c.resource_id)

    kinds = set()
    for entry in _drift(urls['main'], meta):
        for op in (entry if isinstance(entry, list) else [entry]):
            kinds.add((op[0], _describe(op)))
    assert ('add_column', 'services.brand_new') in kinds
    assert ('modify_type', 'services.host') in kinds
    assert ('modify_nullable', 'services.report_count') in kinds
    assert ('remove_index', 'instances_reservation_id_idx') in kinds
    assert ('add_index', 'tags_resource_id_idx') in kinds


def _describe(op):
    kind = op[0]
    if kind == 'add_column':
        return '%s.%s' % (op[2], op[3].name)
    if kind.startswith('modify_'):
        return '%s.%s' % (op[2], op[3])
    if kind in ('add_index', 'remove_index'):
        return op[1].name
    return repr(op[1:])


def test_db_sync_rejects_unknown_database(tmp_path):
    with pytest.raises(exception.Invalid):
        migration.db_sync('cell', url=db_fixtures.sqlite_url(tmp_path, 'x'))


def test_db_sync_uses_configured_urls(nova_databases):
    # nova_databases synced through explicit URLs; the defaults read
    # [api_database] / [database] connection and see the same databases.
    assert migration.db_version('api') == migration.head_revision('api')
    assert migration.db_version('main') == migration.head_revision('main')
    migration.db_sync('api')
    migration.db_sync('main')
    assert migration.db_version('main') == migration.head_revision('main')


@pytest.mark.parametrize('nova_databases', ['mysql'], indirect=True)
def test_cell0_is_synced_too(nova_databases):
    assert (migration.db_version('main', url=nova_databases['cell0']) ==
            migration.head_revision('main'))


def _upgraded_from(backend, tmp_path, version, names, write, query):
    """Rows of ``query`` after upgrading the API database to the head
    from ``version``, where ``write(conn, tables)`` first recorded what
    an older cloud held (``tables``: the reflected ``names``)."""
    with db_fixtures.temp_databases(backend, tmp_path,
                                    names=('db',)) as urls:
        url = urls['db']
        migration.db_sync('api', version=version, url=url)
        engine = sa.create_engine(url)
        try:
            meta = sa.MetaData()
            meta.reflect(engine, only=names)
            with engine.begin() as conn:
                write(conn, [meta.tables[name] for name in names])
            migration.db_sync('api', url=url)
            with engine.connect() as conn:
                return conn.exec_driver_sql(query).all()
        finally:
            engine.dispose()


@pytest.mark.parametrize('backend', db_fixtures.BACKENDS)
def test_inventory_used_is_summed_from_existing_allocations(backend,
                                                            tmp_path):
    """5c1e0f3a9b27 adds inventories.used and fills it from the
    allocations already recorded (an upgraded cloud keeps its usage)."""
    def write(conn, tables):
        rp, inv, alloc = tables
        for rp_id in (1, 2):
            conn.execute(rp.insert().values(
                id=rp_id, uuid='rp-%d' % rp_id, name='rp%d' % rp_id,
                generation=1))
            conn.execute(inv.insert(), [
                {'resource_provider_id': rp_id, 'resource_class_id': class_id,
                 'total': 100, 'reserved': 0, 'min_unit': 1, 'max_unit': 100,
                 'step_size': 1, 'allocation_ratio': 1.0}
                for class_id in (0, 1)])
        conn.execute(alloc.insert(), [
            {'resource_provider_id': 1, 'resource_class_id': 0,
             'consumer_id': 'c1', 'used': 2},
            {'resource_provider_id': 1, 'resource_class_id': 0,
             'consumer_id': 'c2', 'used': 3},
            {'resource_provider_id': 1, 'resource_class_id': 1,
             'consumer_id': 'c1', 'used': 7}])

    rows = _upgraded_from(
        backend, tmp_path, 'b30f573d3377',
        ('resource_providers', 'inventories', 'allocations'), write,
        'SELECT resource_provider_id, resource_class_id, used '
        'FROM inventories')
    used = {(r[0], r[1]): r[2] for r in rows}
    assert used == {(1, 0): 5, (1, 1): 7, (2, 0): 0, (2, 1): 0}


@pytest.mark.parametrize('backend', db_fixtures.BACKENDS)
def test_inventory_capacity_is_computed_for_existing_inventories(backend,
                                                                 tmp_path):
    """9d4e6b2c1f08 adds inventories.capacity and computes it for the
    inventories already recorded as the API reports it, from the ratio as
    read back (10 units at 0.7 are 7 on MySQL too, not 6.99999988)."""
    figures = {0: (10, 0, 0.7), 1: (4096, 512, 1.5), 2: (100, 1, 1.0)}

    def write(conn, tables):
        rp, inv = tables
        conn.execute(rp.insert().values(id=1, uuid='rp-1', name='rp1',
                                        generation=1))
        conn.execute(inv.insert(), [
            {'resource_provider_id': 1, 'resource_class_id': class_id,
             'total': total, 'reserved': reserved, 'min_unit': 1,
             'max_unit': total, 'step_size': 1, 'allocation_ratio': ratio,
             'used': 0}
            for class_id, (total, reserved, ratio) in figures.items()])

    rows = _upgraded_from(
        backend, tmp_path, '5c1e0f3a9b27',
        ('resource_providers', 'inventories'), write,
        'SELECT resource_class_id, capacity FROM inventories')
    assert dict(rows) == {0: 7, 1: 5376, 2: 99}


@pytest.mark.parametrize('backend', db_fixtures.BACKENDS)
def test_aggregate_generation_starts_at_zero_beside_existing_aggregates(
        backend, tmp_path):
    """3e8a5c7d9f14 adds the one-row aggregate_generation; an upgraded
    cloud's aggregates stay as they were."""
    def write(conn, tables):
        (aggregates,) = tables
        conn.execute(aggregates.insert().values(id=1, uuid='agg-1',
                                                name='zone'))

    rows = _upgraded_from(
        backend, tmp_path, '9d4e6b2c1f08', ('aggregates',), write,
        'SELECT g.id, g.generation, a.name FROM aggregate_generation g, '
        'aggregates a')
    assert [tuple(r) for r in rows] == [(1, 0, 'zone')]
