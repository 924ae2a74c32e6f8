"""Request bodies of POST /flavors (os-flavor-manage)."""

import copy

from nova.api.validation import parameter_types as types

create = {
    'type': 'object',
    'properties': {
        'flavor': {
            'type': 'object',
            'properties': {
                'name': types.name,
                # Given, an id has no surrounding spaces; absent or null
                # means "generate a UUID".
                'id': {
                    'type': ['string', 'number', 'null'],
                    'minLength': 1, 'maxLength': 255,
                    'pattern': '^(?! )[a-zA-Z0-9. _-]+(?<! )$',
                },
                'ram': types.flavor_param_positive,
                'vcpus': types.flavor_param_positive,
                'disk': types.flavor_param_non_negative,
                'OS-FLV-EXT-DATA:ephemeral':
                    types.flavor_param_non_negative,
                'swap': types.flavor_param_non_negative,
                'rxtx_factor': {
                    'type': ['number', 'string'],
                    'pattern': r'^[0-9]+(\.[0-9]+)?$',
                    'minimum': 0, 'exclusiveMinimum': True,
                    'maximum': types.SQL_SP_FLOAT_MAX,
                },
                'os-flavor-access:is_public': types.boolean,
            },
            # 'id' stays optional: v2.0 clients relied on omitting it.
            'required': ['name', 'ram', 'vcpus', 'disk'],
            'additionalProperties': False,
        },
    },
    'required': ['flavor'],
    'additionalProperties': False,
}

# /v2 accepted names with leading or trailing spaces.
create_v20 = copy.deepcopy(create)
create_v20['properties']['flavor']['properties']['name'] = (
    types.name_with_leading_trailing_spaces)
