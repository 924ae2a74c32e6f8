"""PUT /allocations/{consumer_uuid}: the list form of microversions
1.0-1.10; project_id and user_id optional before 1.8, required from it."""

import copy

from nova.api.openstack.placement.schemas import common

_ALLOCATION = {
    'type': 'object',
    'properties': {
        'resource_provider': {
            'type': 'object',
            'properties': {'uuid': common.UUID},
            'required': ['uuid'],
            'additionalProperties': False,
        },
        'resources': {
            'type': 'object',
            'minProperties': 1,
            'patternProperties': {
                '^[A-Z0-9_]+$': {'type': 'integer', 'minimum': 1},
            },
            'additionalProperties': False,
        },
    },
    'required': ['resource_provider', 'resources'],
    'additionalProperties': False,
}

_ID = {'type': 'string', 'minLength': 1, 'maxLength': 255}

PUT_1_0 = {
    'type': 'object',
    'properties': {
        'allocations': {'type': 'array', 'minItems': 1,
                        'items': _ALLOCATION},
        'project_id': _ID,
        'user_id': _ID,
    },
    'required': ['allocations'],
    # Both or neither: usages are only counted for a known owner.
    'dependencies': {'project_id': ['user_id'], 'user_id': ['project_id']},
    'additionalProperties': False,
}

PUT_1_8 = copy.deepcopy(PUT_1_0)
PUT_1_8['required'] = ['allocations', 'project_id', 'user_id']
