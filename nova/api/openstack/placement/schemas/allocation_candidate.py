"""GET /allocation_candidates (1.10+) query string."""

import copy

from nova.api.openstack.placement.schemas import common

QUERY = {
    'type': 'object',
    'properties': {'resources': common.RESOURCES_QUERY},
    'required': ['resources'],
    'additionalProperties': False,
}

# 1.16: limit=N, at most N candidates (a positive integer, as text).
QUERY_1_16 = copy.deepcopy(QUERY)
QUERY_1_16['properties']['limit'] = {'type': 'string',
                                     'pattern': '^[1-9][0-9]*$'}
