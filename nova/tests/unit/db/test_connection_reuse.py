"""nova.db.connection_reuse against real MariaDB and PostgreSQL servers.

A pooled connection must come back from the pool as a fresh one would
behave: nothing of an earlier transaction left on it, and a connection the
server closed while it sat idle replaced rather than handed out.  On
MariaDB the tests also read the connection's own statement counters to
check that a committed session costs no ROLLBACK on return and a
connection reused at once no ping.
"""

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from nova.db import connection_reuse
from nova.db import engine as db_engine
from nova.tests.fixtures import database as db_fixture

SERVERS = pytest.mark.parametrize('backend', ['mysql', 'postgresql'])


@pytest.fixture
def database(backend):
    """(URL of an empty database with a table ``t``, the admin engine)."""
    with db_fixture.temp_databases(backend, names=('reuse',)) as urls:
        url = urls['reuse']
        setup = sa.create_engine(url, poolclass=sa.pool.NullPool)
        with setup.begin() as conn:
            conn.execute(sa.text('CREATE TABLE t (n INTEGER)'))
        setup.dispose()
        yield url


def _one_connection(engine):
    engine.pool._pool.maxsize = 1     # every session reuses one connection
    engine.pool._max_overflow = 0
    return engine


def _one_connection_engine(url):
    return _one_connection(db_engine.create_engine(url))


def _session(engine):
    return orm.Session(bind=engine, future=True)


def _insert_and_read(engine, n):
    """Insert ``n`` in a session of its own; every value of ``t`` after."""
    with _session(engine) as session:
        session.execute(sa.text('INSERT INTO t VALUES (:n)'), {'n': n})
        session.commit()
    with _session(engine) as session:
        return session.execute(sa.text('SELECT n FROM t')).scalars().all()


def _mysql_counters(engine):
    """The pooled connection's own counts of ROLLBACK statements and of
    admin commands (COM_PING among them), read on that connection."""
    with engine.connect() as conn:
        rows = dict(conn.execute(sa.text(
            "SHOW SESSION STATUS WHERE Variable_name IN "
            "('Com_rollback', 'Com_admin_commands')")).all())
        conn.commit()
    return int(rows['Com_rollback']), int(rows['Com_admin_commands'])


@pytest.mark.parametrize('backend', ['mysql'])
def test_committed_sessions_cost_no_rollback_and_no_ping(database):
    engine = _one_connection_engine(database)
    try:
        before = _mysql_counters(engine)
        for n in range(5):
            with _session(engine) as session:
                session.execute(sa.text('INSERT INTO t VALUES (:n)'),
                                {'n': n})
                session.commit()
        after = _mysql_counters(engine)
        # Only the counter-reading connection's own commit in between.
        assert after == before
    finally:
        engine.dispose()


@SERVERS
def test_transaction_left_open_is_rolled_back_on_return(database):
    engine = _one_connection_engine(database)
    try:
        with _session(engine) as session:      # ends clean, in COMMIT
            session.execute(sa.text('SELECT 1'))
            session.commit()
        # The driver used directly: no SQLAlchemy transaction to end.
        raw = engine.raw_connection()
        cursor = raw.cursor()
        cursor.execute('INSERT INTO t VALUES (1)')
        cursor.close()
        raw.close()
        assert _insert_and_read(engine, 2) == [2]
    finally:
        engine.dispose()


@SERVERS
def test_failed_session_leaves_nothing_on_its_connection(database):
    engine = _one_connection(db_engine.get_engine(database))
    try:
        with pytest.raises(sa.exc.DBAPIError):
            with db_engine.session_for(database) as session:
                session.execute(sa.text('INSERT INTO t VALUES (3)'))
                session.execute(sa.text('INSERT INTO missing VALUES (1)'))
        with db_engine.session_for(database) as session:
            session.execute(sa.text('INSERT INTO t VALUES (5)'))
        with _session(engine) as session:
            assert session.execute(
                sa.text('SELECT n FROM t')).scalars().all() == [5]
    finally:
        db_fixture._forget_engines([database])


def _kill_pooled_connection(backend, engine):
    with engine.connect() as conn:
        if backend == 'mysql':
            server_id = conn.execute(sa.text('SELECT CONNECTION_ID()'))
        else:
            server_id = conn.execute(sa.text('SELECT pg_backend_pid()'))
        server_id = server_id.scalar()
        conn.commit()
    if backend == 'mysql':
        admin = db_fixture._mysql_admin_engine()
        statement = 'KILL %d' % server_id
    else:
        admin, _user = db_fixture._pg_admin_engine()
        statement = 'SELECT pg_terminate_backend(%d)' % server_id
    with admin.connect() as conn:
        conn.execute(sa.text(statement))
    admin.dispose()


@SERVERS
def test_idle_connection_closed_by_server_is_replaced(database, backend,
                                                      monkeypatch):
    engine = _one_connection_engine(database)
    try:
        _kill_pooled_connection(backend, engine)
        # As if it had sat in the pool for longer than the idle limit.
        monkeypatch.setattr(connection_reuse, 'IDLE_PING_AFTER', 0.0)
        assert _insert_and_read(engine, 4) == [4]
    finally:
        engine.dispose()


@SERVERS
def test_connection_closed_moments_ago_fails_once_then_pool_recovers(
        database, backend, monkeypatch):
    engine = _one_connection_engine(database)
    try:
        _kill_pooled_connection(backend, engine)
        monkeypatch.setattr(connection_reuse, 'IDLE_PING_AFTER', 3600.0)
        with pytest.raises(sa.exc.DBAPIError) as err:
            with _session(engine) as session:
                session.execute(sa.text('SELECT 1'))
        assert err.value.connection_invalidated
        with _session(engine) as session:
            assert session.execute(sa.text('SELECT 1')).scalar() == 1
    finally:
        engine.dispose()
