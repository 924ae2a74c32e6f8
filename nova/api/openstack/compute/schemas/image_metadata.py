"""Request bodies of /images/{id}/metadata[/{key}]."""

import copy

from nova.api.validation import parameter_types as types

create = {
    'type': 'object',
    'properties': {'metadata': types.metadata},
    'required': ['metadata'],
    'additionalProperties': False,
}

update_all = create

single = copy.deepcopy(types.metadata)
single['minProperties'] = 1
single['maxProperties'] = 1

update = {
    'type': 'object',
    'properties': {'meta': single},
    'required': ['meta'],
    'additionalProperties': False,
}
