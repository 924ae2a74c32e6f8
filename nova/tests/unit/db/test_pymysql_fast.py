"""nova.db.pymysql_fast: the fast packet readers give exactly what PyMySQL's
own readers give, on hand-made packets of every length encoding and on
real results from MariaDB."""

import contextlib
import datetime
import decimal
import struct
import types

import pymysql
from pymysql import connections
from pymysql import protocol
import pytest

from nova.db import engine as db_engine
from nova.db import pymysql_conv
from nova.db import pymysql_fast

SOCKET = '/run/mysqld/mysqld.sock'
SOCKET_URL = 'mysql+pymysql://root@/?unix_socket=%s' % SOCKET


def _lenenc(value):
    """``value`` (bytes) as a length-coded string, in the shortest form
    the server uses."""
    size = len(value)
    if size < 251:
        return bytes([size]) + value
    if size < 1 << 16:
        return b'\xfc' + struct.pack('<H', size) + value
    if size < 1 << 24:
        return b'\xfd' + struct.pack('<I', size)[:3] + value
    return b'\xfe' + struct.pack('<Q', size) + value


def _read_both(converters, data):
    """The row the original and the fast reader take from ``data``, and
    where each left the packet."""
    return [pymysql_fast.row_read_by(reader, converters, data)
            for reader in (pymysql_fast.ORIGINALS['read_row'],
                           pymysql_fast.read_row_from_packet)]


CONVERTERS = [('utf8', None), (None, None), ('ascii', int),
              ('ascii', float), ('utf8', pymysql_conv.decode_datetime),
              ('utf8', None)]


@pytest.mark.parametrize('values', [
    [b'abc', b'\x00\xff\x01', b'42', b'1.5', b'2026-12-07 05:01:04', b''],
    # NULLs (0xfb) anywhere.
    [None, None, None, None, None, None],
    [b'x', None, b'-7', None, b'2026-12-07 05:01:04.123456', None],
    # Lengths of the two-, three- and eight-byte forms.
    ['é'.encode() * 200, b'\x01' * 300, b'1' * 60, b'2.25',
     b'2026-12-07 05:01:04', b'y' * 70000],
    [b'z' * 251, b'\x02' * 65535, b'0', b'0.0', b'garbage',
     'ü'.encode() * 40000],
])
def test_rows_read_as_pymysql_reads_them(values):
    data = b''.join(b'\xfb' if v is None else _lenenc(v) for v in values)
    original, fast = _read_both(CONVERTERS, data)
    assert fast == original
    assert type(fast[0][2]) is type(original[0][2])


def test_eight_byte_lengths_and_the_undefined_marker():
    # 0xfe with a small length (legal, if unusual) and 0xff (PyMySQL
    # reads None without consuming anything more).
    data = (b'\xfe' + struct.pack('<Q', 3) + b'abc' + b'\xff' +
            _lenenc(b'12'))
    converters = [('utf8', None), ('utf8', None), ('ascii', int)]
    original, fast = _read_both(converters, data)
    assert fast == original
    assert fast[0] == ('abc', None, 12)


def test_a_short_row_stops_where_pymysql_stops():
    data = _lenenc(b'only') + b'\xfb'
    original, fast = _read_both(CONVERTERS, data)
    assert fast == original
    assert fast[0] == ('only', None)


def test_a_truncated_value_fails_as_in_pymysql():
    data = b'\x05abc'
    result = types.SimpleNamespace(converters=[('utf8', None)])
    for reader in (pymysql_fast.ORIGINALS['read_row'],
                   pymysql_fast.read_row_from_packet):
        with pytest.raises(AssertionError):
            reader(result, protocol.MysqlPacket(data, 'utf8'))


def _descriptor(catalog, db, table, org_table, name, org_name, tail):
    return b''.join(_lenenc(part) for part in (
        catalog, db, table, org_table, name, org_name)) + tail


@pytest.mark.parametrize('name', [b'id', 'nämé'.encode(), b'c' * 300])
def test_column_descriptors_parse_as_in_pymysql(name):
    tail = struct.pack('<xHIBHBxx', 45, 255, 253, 4097, 2) + b'extra'
    data = _descriptor(b'def', b'nova', b'anon_1', b'instances', name,
                       b'display_name', tail)
    fields = [pymysql_fast.field_parsed_by(parse, data)
              for parse in (pymysql_fast.ORIGINALS['parse_field'],
                            pymysql_fast.parse_field_descriptor)]
    assert fields[1] == fields[0]
    assert fields[1]['name'] == name.decode()
    assert fields[1]['type_code'] == 253


@contextlib.contextmanager
def _readers(fast):
    """PyMySQL's readers (``fast`` False) or the fast ones, for a while."""
    saved = (connections.MySQLResult._read_row_from_packet,
             protocol.FieldDescriptorPacket._parse_field_descriptor)
    if fast:
        row, field = (pymysql_fast.read_row_from_packet,
                      pymysql_fast.parse_field_descriptor)
    else:
        row, field = (pymysql_fast.ORIGINALS['read_row'],
                      pymysql_fast.ORIGINALS['parse_field'])
    connections.MySQLResult._read_row_from_packet = row
    protocol.FieldDescriptorPacket._parse_field_descriptor = field
    try:
        yield
    finally:
        (connections.MySQLResult._read_row_from_packet,
         protocol.FieldDescriptorPacket._parse_field_descriptor) = saved


QUERY = (
    "SELECT 1, -9223372036854775807, NULL, 'nova é ü 🙂', "
    "REPEAT('x', 300), REPEAT('y', 70000), UNHEX('00FF10'), "
    "CAST('2026-12-07 05:01:04.250' AS DATETIME(3)), "
    "CAST('2026-12-07' AS DATE), CAST('1.50' AS DECIMAL(5,2)), "
    "1.25e0, JSON_OBJECT('k', 'v'), CAST(NULL AS CHAR) AS "
    + 'a' * 200)


def test_mariadb_results_read_as_pymysql_reads_them():
    results = {}
    for fast in (False, True):
        conn = pymysql.connect(unix_socket=SOCKET, user='root',
                               conv=pymysql_conv.conversions())
        try:
            with _readers(fast), conn.cursor() as cursor:
                cursor.execute(QUERY)
                results[fast] = (cursor.fetchall(), cursor.description)
        finally:
            conn.close()
    assert results[True] == results[False]
    row = results[True][0][0]
    assert row[3] == 'nova é ü 🙂'
    assert row[5] == 'y' * 70000
    assert row[6] == b'\x00\xff\x10'
    assert row[7] == datetime.datetime(2026, 12, 7, 5, 1, 4, 250000)
    assert row[9] == decimal.Decimal('1.50')
    assert row[12] is None


def test_engines_of_nova_read_with_the_fast_readers():
    engine = db_engine.create_engine(SOCKET_URL)
    engine.dispose()
    assert pymysql_fast.supported()
    assert (connections.MySQLResult._read_row_from_packet
            is pymysql_fast.read_row_from_packet)
    assert (protocol.FieldDescriptorPacket._parse_field_descriptor
            is pymysql_fast.parse_field_descriptor)


def test_readers_that_disagree_with_pymysql_are_not_used():
    assert pymysql_fast.agrees()

    def wrong_row(result, packet):
        return pymysql_fast.read_row_from_packet(result, packet)[:-1]

    def wrong_field(field, encoding):
        pymysql_fast.parse_field_descriptor(field, encoding)
        field.name = field.name.upper()

    def broken(*args):
        raise AttributeError('_data')

    assert not pymysql_fast.agrees(row_reader=wrong_row)
    assert not pymysql_fast.agrees(field_parser=wrong_field)
    assert not pymysql_fast.agrees(row_reader=broken)
    assert not pymysql_fast.agrees(field_parser=broken)
