"""Request bodies of os-extra_specs."""

import copy

from nova.api.validation import parameter_types as types

# Values may be numbers in requests; they are stored as strings.
_specs = copy.deepcopy(types.metadata)
_specs['patternProperties'][types.metadata_key_pattern]['type'] = [
    'string', 'number']

create = {
    'type': 'object',
    'properties': {'extra_specs': _specs},
    'required': ['extra_specs'],
    'additionalProperties': False,
}

# PUT /os-extra_specs/{key} carries exactly {key: value}.
update = dict(copy.deepcopy(_specs), minProperties=1, maxProperties=1)
