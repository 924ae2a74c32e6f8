"""PUT /resource_providers/{uuid}/aggregates (1.1+): a list of uuids."""

from nova.api.openstack.placement.schemas import common

PUT = {
    'type': 'array',
    'items': common.UUID,
    'uniqueItems': True,
}
