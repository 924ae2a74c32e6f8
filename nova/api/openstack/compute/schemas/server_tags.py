"""Request body of PUT /servers/{server_id}/tags."""

_tag = {'type': 'string', 'minLength': 1, 'maxLength': 60,
        'pattern': '^[^,/]*$'}

update_all = {
    'type': 'object',
    'properties': {
        'tags': {'type': 'array', 'items': _tag, 'maxItems': 50},
    },
    'required': ['tags'],
    'additionalProperties': False,
}
