"""/resource_providers bodies and query strings."""

import copy

from nova.api.openstack.placement.schemas import common

NAME = {'type': 'string', 'minLength': 1, 'maxLength': 200}

POST = {
    'type': 'object',
    'properties': {'name': NAME, 'uuid': common.UUID},
    'required': ['name'],
    'additionalProperties': False,
}

PUT = {
    'type': 'object',
    'properties': {'name': NAME},
    'required': ['name'],
    'additionalProperties': False,
}

LIST_QUERY_1_0 = {
    'type': 'object',
    'properties': {'name': {'type': 'string'}, 'uuid': common.UUID},
    'additionalProperties': False,
}

# 1.3: member_of=in:<uuid>,<uuid> (or one bare uuid).
LIST_QUERY_1_3 = copy.deepcopy(LIST_QUERY_1_0)
LIST_QUERY_1_3['properties']['member_of'] = {'type': 'string',
                                             'minLength': 1}

# 1.4: resources=VCPU:2,MEMORY_MB:512
LIST_QUERY_1_4 = copy.deepcopy(LIST_QUERY_1_3)
LIST_QUERY_1_4['properties']['resources'] = common.RESOURCES_QUERY

# 1.14: nested providers.
PARENT = {'anyOf': [common.UUID, {'type': 'null'}]}

POST_1_14 = copy.deepcopy(POST)
POST_1_14['properties']['parent_provider_uuid'] = PARENT

PUT_1_14 = copy.deepcopy(PUT)
PUT_1_14['properties']['parent_provider_uuid'] = PARENT

LIST_QUERY_1_14 = copy.deepcopy(LIST_QUERY_1_4)
LIST_QUERY_1_14['properties']['in_tree'] = common.UUID
