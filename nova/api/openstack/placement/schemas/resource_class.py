"""/resource_classes bodies: writes accept only CUSTOM_* names."""

from nova.api.openstack.placement.schemas import common

POST = {
    'type': 'object',
    'properties': {'name': common.CUSTOM_RESOURCE_CLASS},
    'required': ['name'],
    'additionalProperties': False,
}

# 1.2-1.6: PUT renames.
PUT_RENAME = POST
