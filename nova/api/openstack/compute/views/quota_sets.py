"""Quota bodies shared by os-quota-sets, os-quota-class-sets and limits.

The API names one resource differently from the quota engine
(``injected_file_path_bytes`` is the engine's
``injected_file_path_length``); every other name is the same.
"""

# API name -> engine resource name.
API_TO_RESOURCE = {
    'cores': 'cores',
    'fixed_ips': 'fixed_ips',
    'floating_ips': 'floating_ips',
    'injected_file_content_bytes': 'injected_file_content_bytes',
    'injected_file_path_bytes': 'injected_file_path_length',
    'injected_files': 'injected_files',
    'instances': 'instances',
    'key_pairs': 'key_pairs',
    'metadata_items': 'metadata_items',
    'ram': 'ram',
    'security_group_rules': 'security_group_rules',
    'security_groups': 'security_groups',
    'server_group_members': 'server_group_members',
    'server_groups': 'server_groups',
}

# Network resources (nova-network's proxies) leave the bodies at 2.36.
NETWORK_QUOTAS = ('fixed_ips', 'floating_ips', 'security_group_rules',
                  'security_groups')
NETWORK_QUOTAS_REMOVED_IN = '2.36'


def api_names(req, exclude=()):
    """The API names a body at ``req``'s version carries."""
    names = [n for n in API_TO_RESOURCE if n not in exclude]
    if req.api_version_request.matches(NETWORK_QUOTAS_REMOVED_IN):
        names = [n for n in names if n not in NETWORK_QUOTAS]
    return names


def quota_body(names, values, set_id=None):
    """{api name: values[resource]} (values: limits or detail dicts),
    with ``id`` first when given."""
    body = {}
    if set_id is not None:
        body['id'] = set_id
    for name in names:
        body[name] = values[API_TO_RESOURCE[name]]
    return body
