"""Connection bounds of nova.db.engine against a real MariaDB.

A boot burst once exhausted MariaDB's connection limit (every worker of
every daemon could open 55 connections per database).  These tests check
the two defences: a bounded pool that makes threads wait, and a refused
connect that is retried until a connection frees up.
"""

import threading
import time
import uuid

import pytest
import sqlalchemy as sa

import nova.conf
from nova.db import engine as db_engine
from nova.tests.fixtures import database as db_fixture

CONF = nova.conf.CONF


@pytest.fixture
def limited_user():
    """A MariaDB account allowed one connection at a time."""
    name = 'nlim%s' % uuid.uuid4().hex[:8]
    admin = db_fixture._mysql_admin_engine()
    with admin.connect() as conn:
        conn.execute(sa.text(
            "CREATE USER '%s'@'localhost' WITH MAX_USER_CONNECTIONS 1"
            % name))
    try:
        yield name
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text("DROP USER '%s'@'localhost'" % name))


def _url(user):
    return ('mysql+pymysql://%s@/?unix_socket=/run/mysqld/mysqld.sock'
            % user)


def test_refused_connect_is_retried_until_one_frees(limited_user):
    engine = db_engine.create_engine(_url(limited_user))
    other = sa.create_engine(_url(limited_user), poolclass=sa.pool.NullPool)
    holder = other.connect()   # takes the account's only connection
    released = threading.Event()

    def release_soon():
        time.sleep(0.5)
        holder.close()
        released.set()

    threading.Thread(target=release_soon).start()
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text('SELECT 1')).scalar() == 1
        assert released.is_set()
    finally:
        engine.dispose()
        other.dispose()


def test_refused_connect_gives_up_after_pool_timeout(limited_user):
    CONF.set_override('pool_timeout', 1, group='database')
    engine = db_engine.create_engine(_url(limited_user))
    other = sa.create_engine(_url(limited_user), poolclass=sa.pool.NullPool)
    holder = other.connect()
    try:
        start = time.monotonic()
        with pytest.raises(sa.exc.OperationalError) as err:
            engine.connect()
        assert '1226' in str(err.value)
        assert 0.5 < time.monotonic() - start < 5
    finally:
        holder.close()
        engine.dispose()
        other.dispose()
        CONF.clear_override('pool_timeout', group='database')


def test_pool_is_bounded_and_threads_wait():
    CONF.set_override('max_pool_size', 2, group='database')
    CONF.set_override('max_overflow', 1, group='database')
    engine = db_engine.create_engine(db_fixture.mysql_url())
    peak = []
    lock = threading.Lock()

    def use():
        with engine.connect() as conn:
            conn.execute(sa.text('SELECT SLEEP(0.2)'))
            with lock:
                peak.append(engine.pool.checkedout())

    try:
        threads = [threading.Thread(target=use) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(peak) == 8
        assert max(peak) <= 3
    finally:
        engine.dispose()
        CONF.clear_override('max_pool_size', group='database')
        CONF.clear_override('max_overflow', group='database')
