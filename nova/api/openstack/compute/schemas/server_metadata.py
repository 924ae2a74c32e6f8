"""Request bodies of /servers/{server_id}/metadata."""

import copy

from nova.api.validation import parameter_types as types

_metadata = copy.deepcopy(types.metadata)
# Values may be any string up to 255 characters (and keys too).

create = {
    'type': 'object',
    'properties': {'metadata': _metadata},
    'required': ['metadata'],
    'additionalProperties': False,
}

update_all = copy.deepcopy(create)

update = {
    'type': 'object',
    'properties': {
        'meta': dict(copy.deepcopy(_metadata), minProperties=1,
                     maxProperties=1),
    },
    'required': ['meta'],
    'additionalProperties': False,
}
