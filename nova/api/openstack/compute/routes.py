"""The Compute API route table: every URL, method and handler in one place.

Paths are relative to the version prefix (``/v2.1`` or ``/v2``); each is
also reachable behind ``/{project_id}``.  A method maps to a handler, a
list of handlers with disjoint ``@wsgi.api_version`` ranges, or
``wsgi.Actions`` for ``POST .../action`` bodies.
"""

from nova.api.openstack.compute import aggregates
from nova.api.openstack.compute import availability_zone
from nova.api.openstack.compute import flavor_access
from nova.api.openstack.compute import flavors
from nova.api.openstack.compute import flavors_extraspecs
from nova.api.openstack.compute import hypervisors
from nova.api.openstack.compute import keypairs
from nova.api.openstack.compute import services
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
    ('/os-aggregates', {
        'GET': aggregates.index,
        'POST': aggregates.create,
    }),
    ('/os-aggregates/{aggregate_id}', {
        'GET': aggregates.show,
        'PUT': aggregates.update,
        'DELETE': aggregates.delete,
    }),
    ('/os-aggregates/{aggregate_id}/action', {
        'POST': wsgi.Actions(aggregates.ACTIONS),
    }),
    ('/os-availability-zone', {
        'GET': availability_zone.index,
    }),
    ('/os-availability-zone/detail', {
        'GET': availability_zone.detail,
    }),
    ('/os-hypervisors', {
        'GET': hypervisors.index,
    }),
    ('/os-hypervisors/detail', {
        'GET': hypervisors.detail,
    }),
    ('/os-hypervisors/statistics', {
        'GET': hypervisors.statistics,
    }),
    ('/os-hypervisors/{hypervisor_id}', {
        'GET': hypervisors.show,
    }),
    ('/os-hypervisors/{hypervisor_id}/uptime', {
        'GET': hypervisors.uptime,
    }),
    ('/os-hypervisors/{pattern}/search', {
        'GET': hypervisors.search,
    }),
    ('/os-hypervisors/{pattern}/servers', {
        'GET': hypervisors.servers,
    }),
    ('/os-keypairs', {
        'GET': keypairs.index,
        'POST': keypairs.create,
    }),
    ('/os-keypairs/{keypair_name}', {
        'GET': keypairs.show,
        'DELETE': keypairs.delete,
    }),
    ('/os-services', {
        'GET': services.index,
    }),
    ('/os-services/{service_id}', {
        'PUT': [services.update, services.update_v253],
        'DELETE': services.delete,
    }),
)


def router(legacy_v2=False):
    """The WSGI app serving ROUTE_LIST (for /v2.1, or /v2 when legacy)."""
    return wsgi.APIRouter(ROUTE_LIST, legacy_v2=legacy_v2)
