"""Request bodies of os-aggregates (create, update and the actions)."""

import copy

from nova.api.openstack.compute.schemas import services
from nova.api.validation import parameter_types as types

availability_zone = {'oneOf': [types.name, {'type': 'null'}]}

create = {
    'type': 'object',
    'properties': {
        'aggregate': {
            'type': 'object',
            'properties': {
                'name': types.name,
                'availability_zone': availability_zone,
            },
            'required': ['name'],
            'additionalProperties': False,
        },
    },
    'required': ['aggregate'],
    'additionalProperties': False,
}

# /v2 accepted names with leading or trailing spaces.
create_v20 = copy.deepcopy(create)
create_v20['properties']['aggregate']['properties']['name'] = (
    types.name_with_leading_trailing_spaces)

update = {
    'type': 'object',
    'properties': {
        'aggregate': {
            'type': 'object',
            'properties': {
                'name': types.name,
                'availability_zone': availability_zone,
            },
            'additionalProperties': False,
            'anyOf': [{'required': ['name']},
                      {'required': ['availability_zone']}],
        },
    },
    'required': ['aggregate'],
    'additionalProperties': False,
}

update_v20 = copy.deepcopy(update)
update_v20['properties']['aggregate']['properties']['name'] = (
    types.name_with_leading_trailing_spaces)


def _host_action(name):
    return {
        'type': 'object',
        'properties': {
            name: {
                'type': 'object',
                'properties': {'host': services.hostname},
                'required': ['host'],
                'additionalProperties': False,
            },
        },
        'required': [name],
        'additionalProperties': False,
    }


add_host = _host_action('add_host')
remove_host = _host_action('remove_host')

# A null value removes the key.
metadata_with_null = copy.deepcopy(types.metadata)
metadata_with_null['patternProperties'][types.metadata_key_pattern][
    'type'] = ['string', 'null']

set_metadata = {
    'type': 'object',
    'properties': {
        'set_metadata': {
            'type': 'object',
            'properties': {'metadata': metadata_with_null},
            'required': ['metadata'],
            'additionalProperties': False,
        },
    },
    'required': ['set_metadata'],
    'additionalProperties': False,
}
