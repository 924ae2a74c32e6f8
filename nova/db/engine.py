"""Engines and transactional sessions for the API and cell databases.

One engine per database URL per process, created lazily.  ``nova-compute``
calls :func:`disable_db_access` at start-up; from then on any attempt to
reach a database raises :class:`nova.exception.DBNotAllowed`, so a code path
that forgets to go through conductor fails loudly in tests.
"""

import contextlib
import logging
import threading
import time
import types

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy import orm

import nova.conf
from nova.db import connection_reuse
from nova import exception

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

# MySQL/MariaDB errors that mean "try again shortly": 1040 too many
# connections, 1203/1226 user over its connection limit, 2003/2013 server
# unreachable or restarting.
_TRANSIENT_CONNECT_ERRORS = (1040, 1203, 1226, 2003, 2013)

# The longest text a MySQL GROUP_CONCAT may return on our connections.
GROUP_CONCAT_MAX_LEN = 1 << 20

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
        # Both replaced by nova.db.connection_reuse (fewer round trips).
        kwargs.update(pool_pre_ping=False, pool_reset_on_return=None,
                      pool_recycle=CONF.database.connection_recycle_time,
                      pool_size=CONF.database.max_pool_size or 5,
                      max_overflow=CONF.database.max_overflow,
                      pool_timeout=CONF.database.pool_timeout)
        if url_obj.get_backend_name() == 'mysql':
            kwargs['isolation_level'] = 'READ COMMITTED'
            # GROUP_CONCAT texts (placement's candidates) may exceed
            # MySQL's default limit of 1,024 bytes, which truncates them
            # with only a warning (MariaDB's default is 1 MiB).
            kwargs['connect_args'] = {
                'init_command': 'SET SESSION group_concat_max_len = %d'
                % GROUP_CONCAT_MAX_LEN}
            if _local_socket_without_tls(url_obj):
                kwargs['connect_args']['ssl_disabled'] = True
            if url_obj.get_driver_name() == 'pymysql':
                from nova.db import pymysql_conv
                from nova.db import pymysql_fast
                kwargs['connect_args']['conv'] = pymysql_conv.conversions()
                pymysql_fast.install()
    engine = sa.create_engine(url, **kwargs)
    if url_obj.get_backend_name() == 'sqlite':
        event.listen(engine, 'connect', _sqlite_pragmas)
    else:
        connection_reuse.install(engine)
        if url_obj.get_backend_name() == 'mysql':
            event.listen(engine, 'do_connect', _connect_with_retry)
    return engine


def _local_socket_without_tls(url_obj):
    """True for a PyMySQL URL over a Unix socket that asks for no TLS.

    Without TLS options PyMySQL (1.2) builds a default TLS context, loading
    the system's CA bundle, for every new connection in case the server
    offers TLS: that was a fifth of nova-conductor's CPU under a boot
    burst.  Over a local Unix socket TLS protects nothing, so it is turned
    off there; TCP URLs and URLs with any ``ssl*`` option are left alone.
    """
    query = url_obj.query
    return (url_obj.get_driver_name() == 'pymysql' and
            'unix_socket' in query and
            not any(key.startswith('ssl') for key in query))


def _mysql_errno(err):
    args = getattr(err, 'args', ())
    return args[0] if args and isinstance(args[0], int) else None


def _connect_with_retry(dialect, _conn_rec, cargs, cparams):
    """Open a MySQL connection, waiting out a full server for a while.

    The server's connection limit is shared by every daemon on the
    controller; when a burst fills it, a refused connect is retried with
    backoff for up to ``[database] pool_timeout`` seconds rather than
    failing the user's request with a 500.
    """
    deadline = time.monotonic() + CONF.database.pool_timeout
    delay = 0.05
    while True:
        try:
            return dialect.connect(*cargs, **cparams)
        except dialect.loaded_dbapi.OperationalError as e:
            if (_mysql_errno(e) not in _TRANSIENT_CONNECT_ERRORS
                    or time.monotonic() + delay > deadline):
                raise
            LOG.warning("Database refused a connection (%s); retrying "
                        "in %.2fs", e, delay)
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


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


def primitive_member(column, dialect, name):
    """An expression for the member ``name`` of the data of a versioned
    object's primitive stored as JSON text in ``column``
    (``'$."nova_object.data".<name>'``), read by the backend's JSON
    functions; None for a backend without JSON functions we know.

    MySQL gives the member as JSON text (a string quoted), SQLite a
    string bare and anything else as JSON text, PostgreSQL as text."""
    if dialect in ('sqlite', 'mysql'):
        return sa.func.json_extract(column,
                                    '$."nova_object.data".%s' % name)
    if dialect == 'postgresql':
        return sa.func.json_extract_path_text(
            sa.cast(column, sa.JSON), 'nova_object.data', name)
    return None


def core_rows(session, query, params=None):
    """The result of ``query`` (a SELECT of columns, no ORM entities) run
    in the session's transaction on its Connection, as a Core result.

    Run through the Session, a SELECT that names a model's attributes
    goes through the ORM's execution and loading layers even when it
    loads no entity; the rows are the same without them, for about a
    quarter less of the work of a 200-row read."""
    return session.connection().execute(query, params or {})


def driver_rows(session, query, params=None):
    """The rows of ``query`` as the database driver returned them (plain
    tuples), skipping SQLAlchemy's per-row Row objects and result
    processing: for large reads of columns that need no conversion (text,
    integers), where that processing costs more than the read."""
    return session.execute(query, params).cursor.fetchall()


def insert_row(session, model, values):
    """INSERT one row of ``model``'s table in the session's transaction
    with a Core statement, without the ORM's unit of work (which cost more
    than the statement for the rows written on every server create).

    Returns a namespace of every column of the table: the values written
    (the columns' Python-side defaults included), the primary key the
    database gave, None for the columns left out.  For models whose
    attributes are named as their columns.
    """
    table = model.__table__
    result = session.execute(sa.insert(table), values)
    written = result.last_inserted_params()
    row = {column.key: written.get(column.key) for column in table.columns}
    for column, key in zip(table.primary_key.columns,
                           result.inserted_primary_key):
        row[column.key] = key
    return types.SimpleNamespace(**row)
