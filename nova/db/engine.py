"""Engines and transactional sessions for the API and cell databases.

One engine per database URL per process, created lazily.  ``nova-compute``
calls :func:`disable_db_access` at start-up; from then on any attempt to
reach a database raises :class:`nova.exception.DBNotAllowed`, so a code path
that forgets to go through conductor fails loudly in tests.
"""

import contextlib
import threading

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy import orm

import nova.conf
from nova import exception

CONF = nova.conf.CONF

_ENGINES = {}
_ENGINES_LOCK = threading.Lock()
_DISABLED_BY = None


def disable_db_access(binary):
    """Forbid every database access from this process from now on."""
    global _DISABLED_BY
    _DISABLED_BY = binary


def db_access_disabled():
    return _DISABLED_BY is not None


def _check_allowed():
    if _DISABLED_BY is not None:
        raise exception.DBNotAllowed(binary=_DISABLED_BY)


def _sqlite_pragmas(dbapi_conn, _record):
    # WAL lets several daemons (separate processes) read while one writes;
    # the busy timeout makes writers wait instead of failing at once.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def create_engine(url):
    """A new engine for ``url`` with settings suited to the backend."""
    url_obj = sa.engine.make_url(url)
    kwargs = {'future': True}
    if url_obj.get_backend_name() == 'sqlite':
        kwargs['connect_args'] = {'check_same_thread': False, 'timeout': 30}
        if url_obj.database in (None, '', ':memory:'):
            kwargs['poolclass'] = sa.pool.StaticPool
    else:
        kwargs.update(pool_pre_ping=True,
                      pool_recycle=CONF.database.connection_recycle_time,
                      pool_size=CONF.database.max_pool_size or 5,
                      max_overflow=CONF.database.max_overflow or 10)
        if url_obj.get_backend_name() == 'mysql':
            kwargs['isolation_level'] = 'READ COMMITTED'
    engine = sa.create_engine(url, **kwargs)
    if url_obj.get_backend_name() == 'sqlite':
        event.listen(engine, 'connect', _sqlite_pragmas)
    return engine


def get_engine(url):
    """The process-wide engine for ``url`` (created on first use)."""
    _check_allowed()
    engine = _ENGINES.get(url)
    if engine is None:
        with _ENGINES_LOCK:
            engine = _ENGINES.get(url)
            if engine is None:
                engine = _ENGINES[url] = create_engine(url)
    return engine


def dispose_all():
    """Drop every pooled connection (after fork, or between tests)."""
    with _ENGINES_LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()


def api_url():
    url = CONF.api_database.connection
    if not url:
        raise exception.DatabaseNotConfigured(database='the API database',
                                              group='api_database')
    return url


def main_url(context=None):
    """The cell database ``context`` is targeted at, else [database]."""
    url = getattr(context, 'db_connection', None) or CONF.database.connection
    if not url:
        raise exception.DatabaseNotConfigured(database='the cell database',
                                              group='database')
    return url


@contextlib.contextmanager
def session_for(url):
    """A session in one transaction: commit on success, roll back on error.

    Unique-constraint violations surface as DBDuplicateEntry so callers can
    turn them into clean 409s.
    """
    session = orm.Session(bind=get_engine(url), expire_on_commit=False,
                          future=True)
    try:
        yield session
        session.commit()
    except sa_exc.IntegrityError as e:
        session.rollback()
        if _is_duplicate(e):
            raise exception.DBDuplicateEntry(detail=str(e.orig)) from e
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _is_duplicate(err):
    text = str(err.orig).lower()
    return ('unique' in text or 'duplicate' in text)


def api_session():
    """Transactional session on the API database (``nova_api``)."""
    _check_allowed()
    return session_for(api_url())


def main_session(context=None):
    """Transactional session on the cell database ``context`` targets."""
    _check_allowed()
    return session_for(main_url(context))
