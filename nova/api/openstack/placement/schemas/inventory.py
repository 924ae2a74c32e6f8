"""Inventory bodies: a record's limits match the columns (32-bit ints,
positive allocation ratio)."""

import copy

from nova.api.openstack.placement.objects.tables import MAX_INT
from nova.api.openstack.placement.schemas import common

RECORD = {
    'type': 'object',
    'properties': {
        'total': {'type': 'integer', 'minimum': 1, 'maximum': MAX_INT},
        'reserved': {'type': 'integer', 'minimum': 0, 'maximum': MAX_INT},
        'min_unit': {'type': 'integer', 'minimum': 1, 'maximum': MAX_INT},
        'max_unit': {'type': 'integer', 'minimum': 1, 'maximum': MAX_INT},
        'step_size': {'type': 'integer', 'minimum': 1, 'maximum': MAX_INT},
        'allocation_ratio': {'type': 'number', 'minimum': 0.0001,
                             'maximum': 3.40282e38},
    },
    'required': ['total'],
    'additionalProperties': False,
}

# POST .../inventories: one record plus its class.
POST = copy.deepcopy(RECORD)
POST['properties']['resource_class'] = common.RESOURCE_CLASS
POST['required'] = ['total', 'resource_class']

# PUT .../inventories/{rc}: one record plus the generation seen.
PUT_ONE = copy.deepcopy(RECORD)
PUT_ONE['properties']['resource_provider_generation'] = common.GENERATION
PUT_ONE['required'] = ['total', 'resource_provider_generation']

# PUT .../inventories: every record, keyed by class, and the generation.
PUT_ALL = {
    'type': 'object',
    'properties': {
        'resource_provider_generation': common.GENERATION,
        'inventories': {
            'type': 'object',
            'patternProperties': {'^[A-Z0-9_]+$': RECORD},
            'additionalProperties': False,
        },
    },
    'required': ['resource_provider_generation', 'inventories'],
    'additionalProperties': False,
}
