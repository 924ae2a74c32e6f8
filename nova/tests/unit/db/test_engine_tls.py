"""PyMySQL connections over the local Unix socket skip TLS set-up (a
default TLS context per new connection was a fifth of nova-conductor's CPU
under a boot burst); TCP URLs and URLs with TLS options keep PyMySQL's
own behaviour."""

import sqlalchemy as sa

from nova.db import engine as db_engine


def _url(rest):
    return sa.engine.make_url('mysql+pymysql://root@' + rest)


def test_only_plain_unix_socket_urls_skip_tls():
    local = _url('/?unix_socket=/run/mysqld/mysqld.sock')
    assert db_engine._local_socket_without_tls(local)
    assert not db_engine._local_socket_without_tls(_url('db.example:3306/'))
    assert not db_engine._local_socket_without_tls(
        _url('/?unix_socket=/run/mysqld/mysqld.sock&ssl_ca=/ca.pem'))
    assert not db_engine._local_socket_without_tls(
        sa.engine.make_url('sqlite:///x.db'))


def test_socket_connection_has_no_tls_context():
    engine = db_engine.create_engine(
        'mysql+pymysql://root@/?unix_socket=/run/mysqld/mysqld.sock')
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text('SELECT 1')).scalar() == 1
            raw = conn.connection.dbapi_connection
            assert raw.ssl is False
            assert getattr(raw, 'ctx', None) is None
    finally:
        engine.dispose()
