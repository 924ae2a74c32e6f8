"""Bodies of os-server-groups."""

OWNER_SINCE = '2.13'


def group(req, group, members):
    """``members``: the uuids of the group's servers that still exist."""
    body = {
        'id': group.uuid,
        'name': group.name,
        'policies': list(group.policies or []),
        'members': list(members),
        'metadata': {},
    }
    if req.api_version_request.matches(OWNER_SINCE):
        body['project_id'] = group.project_id
        body['user_id'] = group.user_id
    return body
