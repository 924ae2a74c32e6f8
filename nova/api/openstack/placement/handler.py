"""The placement route table, and the dispatcher that serves it.

Each path maps methods to plain functions ``handler(req) -> response``
(path variables in ``req.urlvars``).  Handlers that appeared in a later
microversion carry ``@microversion.since``; a method whose behaviour
changed at a version maps to a :class:`microversion.ByVersion`.
"""

import re
import time

from oslo_log import log as logging
import webob.dec

from nova.api.openstack.placement import errors
from nova.api.openstack.placement.handlers import aggregate
from nova.api.openstack.placement.handlers import allocation
from nova.api.openstack.placement.handlers import allocation_candidate
from nova.api.openstack.placement.handlers import inventory
from nova.api.openstack.placement.handlers import resource_class
from nova.api.openstack.placement.handlers import resource_provider
from nova.api.openstack.placement.handlers import root
from nova.api.openstack.placement.handlers import trait
from nova.api.openstack.placement.handlers import usage
from nova.api.openstack.placement import microversion
from nova.api.openstack.placement import policy

LOG = logging.getLogger(__name__)

ROUTE_DECLARATIONS = {
    '/': {
        'GET': root.home,
    },
    '/resource_providers': {
        'GET': resource_provider.list_resource_providers,
        'POST': resource_provider.create_resource_provider,
    },
    '/resource_providers/{uuid}': {
        'GET': resource_provider.get_resource_provider,
        'PUT': resource_provider.update_resource_provider,
        'DELETE': resource_provider.delete_resource_provider,
    },
    '/resource_providers/{uuid}/inventories': {
        'GET': inventory.get_inventories,
        'POST': inventory.create_inventory,
        'PUT': inventory.set_inventories,
        'DELETE': microversion.since('1.5', 405)(
            inventory.delete_inventories),
    },
    '/resource_providers/{uuid}/inventories/{resource_class}': {
        'GET': inventory.get_inventory,
        'PUT': inventory.update_inventory,
        'DELETE': inventory.delete_inventory,
    },
    '/resource_providers/{uuid}/aggregates': {
        'GET': aggregate.get_aggregates,
        'PUT': aggregate.set_aggregates,
    },
    '/resource_providers/{uuid}/usages': {
        'GET': usage.get_provider_usages,
    },
    '/resource_providers/{uuid}/allocations': {
        'GET': allocation.get_provider_allocations,
    },
    '/resource_providers/{uuid}/traits': {
        'GET': trait.get_provider_traits,
        'PUT': trait.set_provider_traits,
        'DELETE': trait.delete_provider_traits,
    },
    '/usages': {
        'GET': usage.get_total_usages,
    },
    '/resource_classes': {
        'GET': resource_class.list_resource_classes,
        'POST': resource_class.create_resource_class,
    },
    '/resource_classes/{name}': {
        'GET': resource_class.get_resource_class,
        'PUT': microversion.ByVersion(
            ('1.2', '1.6', resource_class.rename_resource_class),
            ('1.7', None, resource_class.ensure_resource_class)),
        'DELETE': resource_class.delete_resource_class,
    },
    '/traits': {
        'GET': trait.list_traits,
    },
    '/traits/{name}': {
        'GET': trait.get_trait,
        'PUT': trait.put_trait,
        'DELETE': trait.delete_trait,
    },
    '/allocations': {
        'POST': microversion.since('1.13')(
            allocation.set_allocations_for_consumers),
    },
    '/allocations/{consumer_uuid}': {
        'GET': allocation.get_allocations,
        'PUT': allocation.set_allocations,
        'DELETE': allocation.delete_allocations,
    },
    '/allocation_candidates': {
        'GET': allocation_candidate.list_allocation_candidates,
    },
}

# Paths anyone may read without the placement policy.
PUBLIC_PATHS = frozenset(['/'])
# From this version every resource GET says it must not be cached.
CACHE_HEADERS_VERSION = microversion.Version('1.15')


def _no_cache(resp):
    """``Cache-Control: no-cache`` and a ``Last-Modified`` (1.15).

    Placement's answers change with every allocation, so a cache must
    always revalidate them; Last-Modified is the time of the response
    unless the handler set an older one.
    """
    resp.cache_control = 'no-cache'
    if resp.last_modified is None:
        resp.last_modified = time.time()


def _compile(template):
    pattern = re.sub(r'\\{(\w+)\\}', r'(?P<\1>[^/]+)', re.escape(template))
    return re.compile('^%s/?$' % pattern if template != '/' else '^/?$')


class PlacementHandler(object):
    """Route a request, check version and policy, call the handler."""

    def __init__(self, routes=None):
        self.routes = [(_compile(path), path, methods) for path, methods
                       in (routes or ROUTE_DECLARATIONS).items()]

    def _match(self, path):
        for regex, template, methods in self.routes:
            match = regex.match(path)
            if match:
                return template, methods, match.groupdict()
        return None, None, None

    @webob.dec.wsgify
    def __call__(self, req):
        try:
            version = microversion.from_request(req)
        except errors.HTTPError as e:
            return errors.response(req, e.status, e.detail)
        req.environ['placement.microversion'] = version
        try:
            resp = self._dispatch(req, version)
        except errors.HTTPError as e:
            resp = errors.response(req, e.status, e.detail, e.headers)
        microversion.add_headers(resp, version)
        return resp

    def _dispatch(self, req, version):
        template, methods, urlvars = self._match(req.path_info)
        if methods is None:
            raise errors.HTTPError(404, 'The resource could not be found.')
        if req.method not in methods:
            allow = ', '.join(sorted(methods))
            raise errors.HTTPError(
                405, 'The method specified is not allowed for this '
                     'resource.', {'Allow': allow})
        handler = microversion.pick(methods[req.method], version)
        if template not in PUBLIC_PATHS:
            if not policy.authorize(req.environ.get('nova.context')):
                raise errors.HTTPError(
                    403, 'Policy does not allow placement to be performed.')
        accept = req.accept
        if (req.headers.get('Accept') and
                not accept.acceptable_offers(['application/json'])):
            raise errors.HTTPError(
                406, 'Only application/json is provided')
        req.urlvars = urlvars
        try:
            resp = handler(req)
        except errors.HTTPError:
            raise
        except Exception as exc:
            return errors.from_exception(req, handler, exc)
        if (req.method == 'GET' and version >= CACHE_HEADERS_VERSION
                and template not in PUBLIC_PATHS
                and resp.status_code == 200):
            _no_cache(resp)
        return resp
