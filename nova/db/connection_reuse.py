"""Reusing pooled connections to a database server without extra round trips.

SQLAlchemy's defaults as oslo.db sets them cost two round trips per
transaction beyond its statements: a ping when the connection leaves the
pool (``pool_pre_ping``) and a ROLLBACK when it returns
(``reset_on_return``), even after the COMMIT that just ended the
transaction.  A server burst of boots runs some forty short transactions
per server, so those were a third of the statements MariaDB answered.

:func:`install` replaces both with what they are for:

* A connection returns to the pool rolled back only when a transaction
  may still be open on it: every session here ends in COMMIT or ROLLBACK
  (:func:`nova.db.engine.session_for`), which marks the connection clean,
  and a Connection closed inside its transaction rolls it back itself
  (SQLAlchemy then says so to the pool).  Anything else (no transaction
  end seen since checkout, a driver error after it) gets the rollback as
  before, and a connection whose rollback fails is thrown away by the
  pool.
* A connection is pinged on checkout only when it has been idle in the
  pool for ``IDLE_PING_AFTER`` seconds or more, long enough for a server
  restart, a proxy's idle timeout or ``wait_timeout`` to have closed it;
  one that fails the ping is replaced (the pool retries with a new one).
  A connection used moments ago is handed out as it is: if the server went
  away in between, the statement fails as it would have a moment later,
  and SQLAlchemy drops every pooled connection opened before that.
"""

import time

from sqlalchemy import event
from sqlalchemy import exc as sa_exc

# Seconds a pooled connection may sit unused and still be handed out
# without a ping.
IDLE_PING_AFTER = 5.0

# Keys in each pooled connection's info dict.
_CLEAN = 'nova_no_open_transaction'
_RETURNED_AT = 'nova_returned_to_pool_at'


def install(engine):
    """Apply both to ``engine`` (created with ``pool_pre_ping=False`` and
    ``pool_reset_on_return=None``)."""
    event.listen(engine, 'begin', _transaction_begun)
    event.listen(engine, 'commit', _transaction_ended)
    event.listen(engine, 'rollback', _transaction_ended)
    event.listen(engine, 'handle_error', _driver_error)
    event.listen(engine.pool, 'connect', _connected)
    event.listen(engine.pool, 'checkout', _pinger(engine.dialect))
    event.listen(engine.pool, 'checkin', _returned)
    event.listen(engine.pool, 'reset', _rollback_if_open)


def _mark(conn, clean):
    # An invalidated connection's driver connection is gone (and so is
    # its info): the pool opens a new one.
    if conn is not None and not conn.closed and not conn.invalidated:
        conn.info[_CLEAN] = clean


def _transaction_begun(conn):
    _mark(conn, False)


def _transaction_ended(conn):
    # Fired before the driver's COMMIT or ROLLBACK: if that fails,
    # _driver_error marks the connection again.
    _mark(conn, True)


def _driver_error(context):
    _mark(context.connection, False)


def _connected(dbapi_conn, record):
    # Just opened: as good as just returned.
    record.info[_RETURNED_AT] = time.monotonic()


def _returned(dbapi_conn, record):
    if dbapi_conn is not None:
        record.info[_RETURNED_AT] = time.monotonic()


def _rollback_if_open(dbapi_conn, record, reset_state):
    if reset_state.transaction_was_reset or reset_state.terminate_only:
        return
    if record is not None and record.info.get(_CLEAN):
        return
    # Raising here makes the pool discard the connection.
    dbapi_conn.rollback()
    if record is not None:
        record.info[_CLEAN] = True


def _pinger(dialect):
    def ping_if_idle(dbapi_conn, record, proxy):
        # Clean again only once a transaction is seen to end (what the
        # driver is used for directly, bypassing SQLAlchemy's
        # transactions, is rolled back on return as before).
        record.info[_CLEAN] = False
        returned_at = record.info.get(_RETURNED_AT)
        if (returned_at is not None and
                time.monotonic() - returned_at < IDLE_PING_AFTER):
            return
        try:
            dialect.do_ping(dbapi_conn)
        except Exception as e:
            # The pool replaces the connection and tries again.
            raise sa_exc.DisconnectionError(
                'pooled connection failed its ping: %s' % e) from e
    return ping_if_idle
