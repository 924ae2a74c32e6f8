"""Request bodies of PUT /os-quota-class-sets/{id}, by microversion.

Before 2.50 the body may set every resource (server group limits too,
though the response does not show them); 2.50 drops the network ones.
"""

from nova.api.openstack.compute.schemas import quota_sets
from nova.api.openstack.compute.views import quota_sets as names


def _update(api_names):
    return {
        'type': 'object',
        'properties': {
            'quota_class_set': {
                'type': 'object',
                'properties': {n: quota_sets.limit for n in api_names},
                'additionalProperties': False,
            },
        },
        'required': ['quota_class_set'],
        'additionalProperties': False,
    }


update = _update(names.API_TO_RESOURCE)

update_v250 = _update([n for n in names.API_TO_RESOURCE
                       if n not in names.NETWORK_QUOTAS])
