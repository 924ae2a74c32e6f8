"""The body of GET /limits: absolute limits and usage by their API
names, and an always empty list of rate limits."""

# engine resource -> absolute limit names
ABSOLUTE = (
    ('instances', 'maxTotalInstances'),
    ('cores', 'maxTotalCores'),
    ('ram', 'maxTotalRAMSize'),
    ('metadata_items', 'maxServerMeta'),
    ('metadata_items', 'maxImageMeta'),
    ('injected_files', 'maxPersonality'),
    ('injected_file_content_bytes', 'maxPersonalitySize'),
    ('security_groups', 'maxSecurityGroups'),
    ('security_group_rules', 'maxSecurityGroupRules'),
    ('floating_ips', 'maxTotalFloatingIps'),
    ('key_pairs', 'maxTotalKeypairs'),
    ('server_groups', 'maxServerGroups'),
    ('server_group_members', 'maxServerGroupMembers'),
)

# engine resource -> usage names
USED = (
    ('instances', 'totalInstancesUsed'),
    ('cores', 'totalCoresUsed'),
    ('ram', 'totalRAMUsed'),
    ('floating_ips', 'totalFloatingIpsUsed'),
    ('security_groups', 'totalSecurityGroupsUsed'),
    ('server_groups', 'totalServerGroupsUsed'),
)

# What leaves the body, and when.
NETWORK_LIMITS_REMOVED_IN = '2.36'
NETWORK_LIMITS = ('maxSecurityGroups', 'maxSecurityGroupRules',
                  'maxTotalFloatingIps', 'totalFloatingIpsUsed',
                  'totalSecurityGroupsUsed')
IMAGE_META_REMOVED_IN = '2.39'


def build(req, quotas):
    """``quotas``: {resource: {'limit', 'in_use', 'reserved'}}."""
    hidden = set()
    if req.api_version_request.matches(NETWORK_LIMITS_REMOVED_IN):
        hidden.update(NETWORK_LIMITS)
    if req.api_version_request.matches(IMAGE_META_REMOVED_IN):
        hidden.add('maxImageMeta')
    absolute = {}
    for resource, name in ABSOLUTE:
        if name not in hidden:
            absolute[name] = quotas[resource]['limit']
    for resource, name in USED:
        if name not in hidden:
            absolute[name] = quotas[resource]['in_use']
    return {'limits': {'rate': [], 'absolute': absolute}}
