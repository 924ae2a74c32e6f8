"""Building blocks shared by request schemas."""

# The largest value a signed 32-bit integer column holds.
MAX_INT = 0x7FFFFFFF
# The largest single-precision float (the FLOAT columns).
SQL_SP_FLOAT_MAX = 3.40282e+38

boolean = {
    'type': ['boolean', 'string'],
    'enum': [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on',
             'YES', 'Yes', 'yes',
             False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off',
             'NO', 'No', 'no'],
}

# Printable, no leading or trailing whitespace (checked by the 'name'
# format in validators.py).
name = {
    'type': 'string', 'minLength': 1, 'maxLength': 255,
    'format': 'name',
}

# The /v2 API allowed names with surrounding whitespace.
name_with_leading_trailing_spaces = {
    'type': 'string', 'minLength': 1, 'maxLength': 255,
    'format': 'name_with_leading_trailing_spaces',
}

positive_integer = {
    'type': ['integer', 'string'],
    'pattern': '^[0-9]*$', 'minimum': 1, 'minLength': 1,
}

non_negative_integer = {
    'type': ['integer', 'string'],
    'pattern': '^[0-9]*$', 'minimum': 0, 'minLength': 1,
}

flavor_param_positive = dict(positive_integer, maximum=MAX_INT)
flavor_param_non_negative = dict(non_negative_integer, maximum=MAX_INT)

metadata_key_pattern = '^[a-zA-Z0-9-_:. ]{1,255}$'

metadata = {
    'type': 'object',
    'patternProperties': {
        metadata_key_pattern: {'type': 'string', 'maxLength': 255},
    },
    'additionalProperties': False,
}

tenant_id = {'type': 'string', 'minLength': 1, 'maxLength': 255}
