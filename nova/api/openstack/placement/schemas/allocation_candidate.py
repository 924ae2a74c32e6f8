"""GET /allocation_candidates (1.10+) query string."""

from nova.api.openstack.placement.schemas import common

QUERY = {
    'type': 'object',
    'properties': {'resources': common.RESOURCES_QUERY},
    'required': ['resources'],
    'additionalProperties': False,
}
