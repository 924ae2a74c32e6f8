"""nova.db.pymysql_conv: the faster DATETIME decoder gives what PyMySQL's
own gives, for every shape of text and for values read from MariaDB by
an engine of ``nova.db.engine``."""

import datetime

import pymysql
from pymysql import converters
import pytest
import sqlalchemy as sa

from nova.db import engine as db_engine
from nova.db import pymysql_conv

SOCKET_URL = 'mysql+pymysql://root@/?unix_socket=/run/mysqld/mysqld.sock'

TEXTS = [
    '2026-12-07 05:01:04',
    '2026-12-07 05:01:04.1',
    '2026-12-07 05:01:04.12',
    '2026-12-07 05:01:04.123',
    '2026-12-07 05:01:04.12345',
    '2026-12-07 05:01:04.123456',
    '1970-01-01 00:00:00',
    '9999-12-31 23:59:59.999999',
    '2026-12-07T05:01:04',
    # PyMySQL leaves these as text, or makes a date of them.
    '0000-00-00 00:00:00',
    '2026-00-00 00:00:00',
    '2026-02-30 10:00:00',
    '2026-12-07 24:00:00',
    '2026-12-07',
    '2026-12-07 05:01:04.',
    '2026-12-07 05:01:04.1234567',
    '2026-12-07 05:01:04+01:00',
    '2026-12-07 05:01:04Z',
    '',
    'garbage',
    b'2026-12-07 05:01:04',
]


@pytest.mark.parametrize('text', TEXTS)
def test_decodes_as_pymysql_does(text):
    expected = converters.convert_datetime(text)
    got = pymysql_conv.decode_datetime(text)
    assert type(got) is type(expected)
    assert got == expected


def test_only_the_datetime_decoders_change():
    table = pymysql_conv.conversions()
    changed = {key for key in set(table) | set(converters.conversions)
               if table.get(key) is not converters.conversions.get(key)}
    assert changed == {pymysql.constants.FIELD_TYPE.DATETIME,
                       pymysql.constants.FIELD_TYPE.TIMESTAMP}


def test_an_engine_reads_what_pymysql_reads():
    """Values read through an engine of nova.db.engine (which uses the
    table) equal those PyMySQL's defaults read from the same text."""
    query = ("SELECT CAST('2026-12-07 05:01:04' AS DATETIME), "
             "CAST('2026-12-07 05:01:04.250' AS DATETIME(3)), "
             "CAST('2026-12-07 05:01:04.123456' AS DATETIME(6)), "
             "TIMESTAMP('2026-12-07 05:01:04'), "
             "CAST(NULL AS DATETIME)")
    plain = pymysql.connect(unix_socket='/run/mysqld/mysqld.sock',
                            user='root')
    try:
        with plain.cursor() as cursor:
            cursor.execute(query)
            expected = cursor.fetchone()
    finally:
        plain.close()
    engine = db_engine.create_engine(SOCKET_URL)
    try:
        with engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            decoders = raw.decoders
            assert (decoders[pymysql.constants.FIELD_TYPE.DATETIME]
                    is pymysql_conv.decode_datetime)
            got = tuple(conn.execute(sa.text(query)).one())
    finally:
        engine.dispose()
    assert got == expected
    assert got[2] == datetime.datetime(2026, 12, 7, 5, 1, 4, 123456)
    assert got[4] is None
