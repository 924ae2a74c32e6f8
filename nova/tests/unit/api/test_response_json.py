"""nova.api.openstack.response_json: response bodies decode to what
jsonutils' encoding of the same values decodes to, the values orjson
cannot encode included."""

import datetime
import json

from oslo_serialization import jsonutils
import pytest

from nova.api.openstack import response_json

VALUES = [
    {'server': {'id': 'a', 'name': 'caf\u00e9 \u2603', 'progress': 0,
                'metadata': {}, 'addresses': {'private': [
                    {'addr': '10.0.0.2', 'version': 4}]},
                'OS-EXT-SRV-ATTR:host': None, 'locked': False,
                'ratio': 1.5, 'tags': ('a', 'b')}},
    # Non-string keys, as json writes them.
    {1: 'one', 2.5: 'x', None: 'none'},
    {False: 'no'},
    # Values jsonutils converts: datetimes, sets.
    {'when': datetime.datetime(2026, 12, 7, 5, 1, 4, 123456),
     'zone': datetime.datetime(2026, 12, 7, 5, 1, 4,
                               tzinfo=datetime.timezone.utc),
     'names': {'only'}},
    # Beyond 64 bits: orjson refuses, jsonutils writes it.
    {'big': 2 ** 70},
    # Not valid Unicode: orjson refuses, jsonutils escapes it.
    {'odd': 'lone \ud800 surrogate'},
    [],
    'text',
]


@pytest.mark.parametrize('value', VALUES)
def test_decodes_as_jsonutils_encoding_does(value):
    body = response_json.dumps(value)
    assert isinstance(body, bytes)
    assert json.loads(body) == json.loads(jsonutils.dump_as_bytes(value))


def test_datetimes_read_as_jsonutils_writes_them():
    when = datetime.datetime(2026, 12, 7, 5, 1, 4)
    assert (json.loads(response_json.dumps({'t': when}))['t'] ==
            jsonutils.to_primitive(when))
