"""Request bodies of PUT /os-services/...

Up to 2.52 the body names the service (``host`` + ``binary``); from 2.53
the service is in the path and the body only holds the changes.
"""

import copy

from nova.api.validation import parameter_types as types

# Host names as services register them.
hostname = {
    'type': 'string', 'minLength': 1, 'maxLength': 255,
    'pattern': '^[a-zA-Z0-9-._]*$',
}

service_update = {
    'type': 'object',
    'properties': {
        'host': hostname,
        'binary': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'disabled_reason': {'type': 'string', 'minLength': 1,
                            'maxLength': 255},
    },
    'required': ['host', 'binary'],
    'additionalProperties': False,
}

service_update_v211 = copy.deepcopy(service_update)
service_update_v211['properties']['forced_down'] = types.boolean

service_update_v253 = {
    'type': 'object',
    'properties': {
        'status': {'type': 'string', 'enum': ['enabled', 'disabled']},
        'disabled_reason': {'type': 'string', 'minLength': 1,
                            'maxLength': 255},
        'forced_down': types.boolean,
    },
    # Nothing is required; an empty update is refused by the handler.
    'additionalProperties': False,
}
