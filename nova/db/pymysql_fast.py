"""Faster reading of PyMySQL's result packets, with PyMySQL's own results.

PyMySQL is pure Python.  For every value of every row it reads, it calls
``read_length_coded_string``, which calls ``read_length_encoded_integer``
and ``read``, each a method call with its own bounds bookkeeping; for
every column of every result it parses a descriptor packet the same way,
six strings at a time.  A listing of 200 servers reads some 13,000 values,
and under a profiler it spent about a third of its time there; a one-row
count (the quota checks of every POST /servers) spent an eighth of its
time on the column descriptors.  Without the profiler's own cost the
share is smaller: the replacements save about 4 % of the CPU of either
(see doc/source/performance.rst, round 15).

:func:`install` replaces the two leaf methods that do this,
``MySQLResult._read_row_from_packet`` and
``FieldDescriptorPacket._parse_field_descriptor``, with versions that walk
the packet's bytes in one loop with local variables.  They read the same
protocol fields in the same order and give the same values (the same
decoding and converters, NULLs as None, a row cut short by the server
ending where PyMySQL's ends), so nothing above them can tell.  They are
installed only on PyMySQL 1.x, whose packets keep ``_data`` and
``_position`` as these expect, and only once both readers have given
the same answers on a few sample packets: should a later PyMySQL change
what they rely on, its own readers stay.  The originals stay at
:data:`ORIGINALS` (the tests compare both on the same packets).
"""

import functools
import struct
import types

import pymysql
from pymysql import connections
from pymysql import protocol

ORIGINALS = {
    'read_row': connections.MySQLResult._read_row_from_packet,
    'parse_field': protocol.FieldDescriptorPacket._parse_field_descriptor,
}

# The fixed part of a column descriptor after its six strings.
_FIELD_TAIL = struct.Struct('<xHIBHBxx')


def _length_at(data, pos):
    """(length, position after it) of the length-encoded integer at
    ``pos``; length None for NULL (0xfb) or the undefined 0xff, which
    PyMySQL also reads as None."""
    first = data[pos]
    if first < 251:
        return first, pos + 1
    if first == 252:
        return data[pos + 1] | data[pos + 2] << 8, pos + 3
    if first == 253:
        return (data[pos + 1] | data[pos + 2] << 8 | data[pos + 3] << 16,
                pos + 4)
    if first == 254:
        return int.from_bytes(data[pos + 1:pos + 9], 'little'), pos + 9
    return None, pos + 1


def read_row_from_packet(self, packet):
    """One row of a text-protocol result (PyMySQL's
    ``MySQLResult._read_row_from_packet``)."""
    data = packet._data
    pos = packet._position
    end = len(data)
    row = []
    append = row.append
    for encoding, converter in self.converters:
        if pos >= end:
            # A row with fewer values than columns (PyMySQL stops there).
            break
        length = data[pos]
        if length < 251:
            pos += 1
        else:
            length, pos = _length_at(data, pos)
            if length is None:
                append(None)
                continue
        value = data[pos:pos + length]
        if len(value) != length:
            raise AssertionError('Result length not requested length')
        pos += length
        if encoding is not None:
            value = value.decode(encoding)
        if converter is not None:
            value = converter(value)
        append(value)
    packet._position = pos
    return tuple(row)


def parse_field_descriptor(self, encoding):
    """A column descriptor's fields (PyMySQL's
    ``FieldDescriptorPacket._parse_field_descriptor``)."""
    data = self._data
    pos = self._position
    texts = []
    for _index in range(6):
        length, pos = _length_at(data, pos)
        if length is None:
            texts.append(None)
            continue
        texts.append(data[pos:pos + length])
        pos += length
    self.catalog, self.db = texts[0], texts[1]
    self.table_name = texts[2].decode(encoding)
    self.org_table = texts[3].decode(encoding)
    self.name = texts[4].decode(encoding)
    self.org_name = texts[5].decode(encoding)
    (self.charsetnr, self.length, self.type_code, self.flags,
     self.scale) = _FIELD_TAIL.unpack_from(data, pos)
    self._position = pos + _FIELD_TAIL.size


def supported():
    """True for the PyMySQL releases these replacements were written
    against (1.x)."""
    return pymysql.VERSION[0] == 1


# A row (a short text, NULL, a 300-byte binary value, an integer) and a
# column descriptor, as the server sends them.
_SAMPLE_ROW = (b'\x03abc\xfb\xfc\x2c\x01' + b'\x01' * 300 + b'\x0242')
_SAMPLE_CONVERTERS = [('utf8', None), ('utf8', None), (None, None),
                      ('ascii', int)]
_SAMPLE_FIELD = (b'\x03def\x04nova\x01i\x09instances\x02id\x02id'
                 + _FIELD_TAIL.pack(63, 11, 3, 16899, 0))
# What a parsed column descriptor holds.
FIELD_ATTRIBUTES = ('catalog', 'db', 'table_name', 'org_table', 'name',
                    'org_name', 'charsetnr', 'length', 'type_code', 'flags',
                    'scale', '_position')


def row_read_by(reader, converters, data):
    """(the row, the position after it) that ``reader`` (PyMySQL's or
    :func:`read_row_from_packet`) reads from the row packet ``data`` with
    ``converters`` ((encoding, converter) per column)."""
    result = types.SimpleNamespace(converters=converters)
    packet = protocol.MysqlPacket(data, 'utf8')
    return reader(result, packet), packet._position


def field_parsed_by(parser, data):
    """The :data:`FIELD_ATTRIBUTES` that ``parser`` (PyMySQL's or
    :func:`parse_field_descriptor`) reads from the column descriptor
    packet ``data``, as a dict."""
    field = protocol.FieldDescriptorPacket.__new__(
        protocol.FieldDescriptorPacket)
    protocol.MysqlPacket.__init__(field, data, 'utf8')
    parser(field, 'utf8')
    return {name: getattr(field, name) for name in FIELD_ATTRIBUTES}


def agrees(row_reader=None, field_parser=None):
    """Whether the fast readers (or those given) read the sample packets
    as this PyMySQL's own readers do."""
    row_reader = row_reader or read_row_from_packet
    field_parser = field_parser or parse_field_descriptor
    try:
        rows = [row_read_by(reader, _SAMPLE_CONVERTERS, _SAMPLE_ROW)
                for reader in (ORIGINALS['read_row'], row_reader)]
        fields = [field_parsed_by(parser, _SAMPLE_FIELD)
                  for parser in (ORIGINALS['parse_field'], field_parser)]
    except Exception:
        return False
    return rows[0] == rows[1] and fields[0] == fields[1]


@functools.cache
def install():
    """Use the fast readers (once per process: every engine of
    ``nova.db.engine`` asks).  Returns whether they are in use: not on
    other releases, nor when they disagree with PyMySQL's own on the
    sample packets."""
    if not supported() or not agrees():
        return False
    connections.MySQLResult._read_row_from_packet = read_row_from_packet
    protocol.FieldDescriptorPacket._parse_field_descriptor = (
        parse_field_descriptor)
    return True
