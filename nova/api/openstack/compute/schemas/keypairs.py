"""Request bodies of POST /os-keypairs, by microversion."""

import copy

from nova.api.validation import parameter_types as types

create = {
    'type': 'object',
    'properties': {
        'keypair': {
            'type': 'object',
            'properties': {
                'name': types.name,
                'public_key': {'type': 'string'},
            },
            'required': ['name'],
            'additionalProperties': False,
        },
    },
    'required': ['keypair'],
    'additionalProperties': False,
}

# /v2 accepted names with leading or trailing spaces.
create_v20 = copy.deepcopy(create)
create_v20['properties']['keypair']['properties']['name'] = (
    types.name_with_leading_trailing_spaces)

# 2.2: the key type.
create_v22 = copy.deepcopy(create)
create_v22['properties']['keypair']['properties']['type'] = {
    'type': 'string', 'enum': ['ssh', 'x509'],
}

# 2.10: administrators may create key pairs for other users.
create_v210 = copy.deepcopy(create_v22)
create_v210['properties']['keypair']['properties']['user_id'] = {
    'type': 'string',
}
