"""Allocation bodies: PUT /allocations/{consumer_uuid} in the list form of
1.0-1.11 (project_id and user_id optional before 1.8, required from it)
and the dict form of 1.12; POST /allocations (1.13)."""

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

# 1.12: allocations as {provider uuid: {"resources": {...}}}; a
# "generation" beside the resources is accepted and ignored, as the GET
# response carries one.
_RESOURCES = _ALLOCATION['properties']['resources']
_BY_PROVIDER = {
    'type': 'object',
    'patternProperties': {
        '^[0-9a-fA-F-]{36}$': {
            'type': 'object',
            'properties': {
                'generation': {'type': 'integer'},
                'resources': _RESOURCES,
            },
            'required': ['resources'],
            'additionalProperties': False,
        },
    },
    'additionalProperties': False,
}

PUT_1_12 = {
    'type': 'object',
    'properties': {
        'allocations': dict(_BY_PROVIDER, minProperties=1),
        'project_id': _ID,
        'user_id': _ID,
    },
    'required': ['allocations', 'project_id', 'user_id'],
    'additionalProperties': False,
}

# 1.13: POST /allocations, {consumer uuid: the 1.12 body}; an empty
# "allocations" removes that consumer's allocations.
_CONSUMER = copy.deepcopy(PUT_1_12)
_CONSUMER['properties']['allocations'] = _BY_PROVIDER

POST_1_13 = {
    'type': 'object',
    'minProperties': 1,
    'patternProperties': {'^[0-9a-fA-F-]{36}$': _CONSUMER},
    'additionalProperties': False,
}
