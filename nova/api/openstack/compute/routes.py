"""The Compute API route table: every URL, method and handler in one place.

Paths are relative to the version prefix (``/v2.1`` or ``/v2``); each is
also reachable behind ``/{project_id}``.  A method maps to a handler, a
list of handlers with disjoint ``@wsgi.api_version`` ranges, or
``wsgi.Actions`` for ``POST .../action`` bodies.
"""

from nova.api.openstack.compute import flavor_access
from nova.api.openstack.compute import flavors
from nova.api.openstack.compute import flavors_extraspecs
from nova.api.openstack import wsgi

ROUTE_LIST = (
    ('/flavors', {
        'GET': flavors.index,
        'POST': flavors.create,
    }),
    ('/flavors/detail', {
        'GET': flavors.detail,
    }),
    ('/flavors/{flavor_id}', {
        'GET': flavors.show,
        'DELETE': flavors.delete,
    }),
    ('/flavors/{flavor_id}/action', {
        'POST': wsgi.Actions(flavor_access.ACTIONS),
    }),
    ('/flavors/{flavor_id}/os-extra_specs', {
        'GET': flavors_extraspecs.index,
        'POST': flavors_extraspecs.create,
    }),
    ('/flavors/{flavor_id}/os-extra_specs/{key}', {
        'GET': flavors_extraspecs.show,
        'PUT': flavors_extraspecs.update,
        'DELETE': flavors_extraspecs.delete,
    }),
    ('/flavors/{flavor_id}/os-flavor-access', {
        'GET': flavor_access.index,
    }),
)


def router(legacy_v2=False):
    """The WSGI app serving ROUTE_LIST (for /v2.1, or /v2 when legacy)."""
    return wsgi.APIRouter(ROUTE_LIST, legacy_v2=legacy_v2)
