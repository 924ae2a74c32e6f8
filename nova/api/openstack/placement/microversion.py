"""Placement microversions: the one canonical list, and how a request
names its version (``OpenStack-API-Version: placement X.Y``).

No header means the minimum, ``latest`` the maximum; a malformed value is
a 400, one outside the list a 406.  Every response says which version
served it and that it varies on the header.
"""

from nova.api.openstack.api_version import APIVersionRequest
from nova.api.openstack.placement import errors
from nova import exception as nova_exception

SERVICE_TYPE = 'placement'
HEADER = 'OpenStack-API-Version'

# One line per version: what it added.  Append only; test_microversion
# checks the list is contiguous.
VERSIONS = (
    ('1.0', 'resource providers, inventories, usages, allocations'),
    ('1.1', 'GET/PUT /resource_providers/{uuid}/aggregates'),
    ('1.2', '/resource_classes: list, create, rename, delete custom classes'),
    ('1.3', 'member_of=in:<agg uuids> filter on GET /resource_providers'),
    ('1.4', 'resources=<rc>:<n>,... capacity filter on GET '
            '/resource_providers'),
    ('1.5', 'DELETE /resource_providers/{uuid}/inventories (all of them)'),
    ('1.6', '/traits and /resource_providers/{uuid}/traits'),
    ('1.7', 'PUT /resource_classes/{name} creates or validates, no body'),
    ('1.8', 'PUT /allocations/{consumer} requires project_id and user_id'),
    ('1.9', 'GET /usages?project_id=&user_id= totals per project/user'),
    ('1.10', 'GET /allocation_candidates?resources=...'),
    ('1.11', "a provider's links include its allocations"),
    ('1.12', 'allocations as a dict keyed by provider: PUT '
             '/allocations/{consumer} and allocation candidates; GET '
             '/allocations/{consumer} names the project and user'),
    ('1.13', 'POST /allocations: several consumers in one transaction'),
    ('1.14', 'nested providers: parent_provider_uuid, root_provider_uuid, '
             '?in_tree= on GET /resource_providers'),
    ('1.15', 'Last-Modified and Cache-Control: no-cache on GET responses'),
    ('1.16', 'GET /allocation_candidates?limit=N'),
)

MIN_VERSION = APIVersionRequest(VERSIONS[0][0])
MAX_VERSION = APIVersionRequest(VERSIONS[-1][0])
Version = APIVersionRequest


def _requested(headers):
    """The placement entry of the header (it may list several services)."""
    value = headers.get(HEADER)
    if value is None:
        return None
    for item in value.split(','):
        parts = item.strip().split(None, 1)
        if parts and parts[0].lower() == SERVICE_TYPE:
            return parts[1].strip() if len(parts) == 2 else ''
    return None


def from_request(req):
    """The version ``req`` asks for; HTTPError 400 or 406 otherwise."""
    requested = _requested(req.headers)
    if requested is None:
        return MIN_VERSION
    if requested.lower() == 'latest':
        return MAX_VERSION
    try:
        version = APIVersionRequest(requested)
    except nova_exception.InvalidAPIVersionString:
        raise errors.HTTPError(
            400, 'invalid version string: %s' % requested)
    if not version.matches(MIN_VERSION, MAX_VERSION):
        raise errors.HTTPError(
            406, 'Unacceptable version header: %s' % requested)
    return version


def add_headers(resp, version):
    resp.headers[HEADER] = '%s %s' % (SERVICE_TYPE, version.get_string())
    resp.headers.add('Vary', HEADER)


# --- choosing a handler by version -----------------------------------------

def since(min_version, too_old_status=404):
    """Mark a handler as existing from ``min_version`` on; older requests
    get ``too_old_status`` (404: the resource is not there; 405: the
    method is not)."""
    def decorator(func):
        func.min_version = APIVersionRequest(min_version)
        func.too_old_status = too_old_status
        return func
    return decorator


class ByVersion(object):
    """Route-table value for a method whose behaviour changed at a
    version: ``ByVersion(('1.2', '1.6', rename), ('1.7', None, ensure))``.
    """

    def __init__(self, *ranges):
        self.ranges = [(APIVersionRequest(lo), APIVersionRequest(hi)
                        if hi else None, func) for lo, hi, func in ranges]

    def pick(self, version):
        for lo, hi, func in self.ranges:
            if version.matches(lo, hi):
                return func
        return None


def pick(entry, version):
    """The function serving ``entry`` at ``version`` (HTTPError if none)."""
    if isinstance(entry, ByVersion):
        func = entry.pick(version)
        if func is None:
            raise errors.HTTPError(404, 'The resource could not be found.')
        return func
    min_version = getattr(entry, 'min_version', None)
    if min_version is not None and version < min_version:
        if entry.too_old_status == 405:
            raise errors.HTTPError(405, 'The method is not allowed at '
                                        'version %s.' % version)
        raise errors.HTTPError(404, 'The resource could not be found.')
    return entry
