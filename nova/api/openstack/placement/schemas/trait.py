"""/traits query strings and provider trait bodies."""

from nova.api.openstack.placement.schemas import common

LIST_QUERY = {
    'type': 'object',
    'properties': {
        # in:A,B,C  or  startswith:PREFIX
        'name': {'type': 'string', 'pattern': '^(in|startswith):.*$'},
        'associated': {'type': 'string', 'enum': ['true', 'false']},
    },
    'additionalProperties': False,
}

PUT_PROVIDER_TRAITS = {
    'type': 'object',
    'properties': {
        'traits': {
            'type': 'array',
            'items': {'type': 'string', 'pattern': '^[A-Z0-9_]+$',
                      'maxLength': 255},
            'uniqueItems': True,
        },
        'resource_provider_generation': common.GENERATION,
    },
    'required': ['traits', 'resource_provider_generation'],
    'additionalProperties': False,
}
