"""Request bodies of PUT /os-quota-sets/{tenant_id}, by microversion."""

import copy

from nova.api.openstack.compute.views import quota_sets as names
from nova.api.validation import parameter_types as types

# A limit: an integer (or a string of one) from -1 (unlimited) up.
limit = {
    'type': ['integer', 'string'],
    'pattern': '^-?[0-9]+$',
    'minimum': -1,
    'maximum': types.MAX_INT,
}

_limits = {name: limit for name in names.API_TO_RESOURCE}


def _update(properties):
    return {
        'type': 'object',
        'properties': {
            'quota_set': {
                'type': 'object',
                'properties': properties,
                'additionalProperties': False,
            },
        },
        'required': ['quota_set'],
        'additionalProperties': False,
    }


update = _update(dict(_limits, force=types.boolean))

# 2.36: the network quotas are gone.
update_v236 = copy.deepcopy(update)
for _name in names.NETWORK_QUOTAS:
    del update_v236['properties']['quota_set']['properties'][_name]
