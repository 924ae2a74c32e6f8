"""GET /usages (1.9+) query string."""

USAGES_QUERY = {
    'type': 'object',
    'properties': {
        'project_id': {'type': 'string', 'minLength': 1},
        'user_id': {'type': 'string', 'minLength': 1},
    },
    'required': ['project_id'],
    'additionalProperties': False,
}
