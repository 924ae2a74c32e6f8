"""Request bodies of POST /os-server-groups, by microversion.

``policies`` holds one policy; the tuple form of ``items`` with
``additionalItems: False`` allows no second one.
"""

import copy

from nova.api.validation import parameter_types as types


def _create(policies, name):
    return {
        'type': 'object',
        'properties': {
            'server_group': {
                'type': 'object',
                'properties': {
                    'name': name,
                    'policies': {
                        'type': 'array',
                        'items': [{'type': 'string', 'enum': policies}],
                        'uniqueItems': True,
                        'additionalItems': False,
                    },
                },
                'required': ['name', 'policies'],
                'additionalProperties': False,
            },
        },
        'required': ['server_group'],
        'additionalProperties': False,
    }


POLICIES = ['anti-affinity', 'affinity']
create = _create(POLICIES, types.name)

# /v2 accepted names with leading or trailing spaces.
create_v20 = _create(POLICIES, types.name_with_leading_trailing_spaces)

# 2.15: the soft policies (the scheduler weighs instead of filtering).
create_v215 = copy.deepcopy(create)
create_v215['properties']['server_group']['properties']['policies'][
    'items'][0]['enum'] = POLICIES + ['soft-anti-affinity', 'soft-affinity']
