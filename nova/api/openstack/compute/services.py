"""Services (os-services): list, enable/disable, force down, delete.

Services live in the cell databases; the API looks through every cell
(cell0 has none).  Up to 2.52 a service is named by ``host`` + ``binary``
in the body of ``PUT /os-services/{action}`` and by its integer id for
DELETE; from 2.53 by its UUID in the path (``PUT /os-services/{uuid}``
with the changes in the body).

The helpers in the first section (services across cells and their
availability zones) are shared with os-hypervisors, os-availability-zone
and os-aggregates.
"""

from oslo_utils import strutils
from oslo_utils import uuidutils
import webob.exc

import nova.conf
from nova.api.openstack.compute.schemas import services as schema
from nova.api.openstack.compute.views import services as views
from nova.api.openstack import wsgi
from nova.api import validation
from nova import context as nova_context
from nova import exception
from nova.i18n import _
from nova.objects import aggregate as aggregate_obj
from nova.objects import cell_mapping as cell_obj
from nova.objects import compute_node as compute_node_obj
from nova.objects import host_mapping as host_mapping_obj
from nova.objects import service as service_obj
from nova.policies import services as policies
from nova import servicegroup

CONF = nova.conf.CONF

UUID_FOR_ID = '2.53'
# API services report no heartbeat: listing them would always say "down".
API_BINARIES = ('nova-osapi_compute', 'nova-metadata')

SERVICEGROUP = servicegroup.API()


# --- services across cells, and their zones ---------------------------------

def cells(context):
    """Every cell that can hold services (all but cell0)."""
    return [cell for cell in cell_obj.CellMappingList.get_all(context)
            if not cell.is_cell0()]


def each_cell(context):
    """Yield a context targeted at each cell in turn."""
    for cell in cells(context):
        with nova_context.target_cell(context, cell) as cctxt:
            yield cctxt


def all_services(context, disabled=None):
    """(service, cell context) for every service of every cell."""
    found = []
    for cctxt in each_cell(context):
        for service in service_obj.ServiceList.get_all(cctxt,
                                                       disabled=disabled):
            found.append((service, cctxt))
    set_availability_zones(context, [s for s, _c in found])
    return found


def set_availability_zones(context, services):
    """Fill ``availability_zone`` of each service.

    A compute host is in the zones of its aggregates (joined with commas),
    else in ``[DEFAULT] default_availability_zone``; any other service is
    in ``[DEFAULT] internal_service_availability_zone``.
    """
    zones = aggregate_obj.host_zones(
        context, [s.host for s in services if s.binary == 'nova-compute'])
    for service in services:
        if service.binary == 'nova-compute':
            service.availability_zone = zones.get(
                service.host, CONF.default_availability_zone)
        else:
            service.availability_zone = (
                CONF.internal_service_availability_zone)
        service.obj_reset_changes(['availability_zone'])
    return services


def _cell_of_host(context, host):
    """The mapped cell of a compute host, or None when it is unmapped."""
    try:
        return host_mapping_obj.HostMapping.get_by_host(
            context, host).cell_mapping
    except exception.HostMappingNotFound:
        return None


def find_service(context, **filters):
    """(service, cell context) of the one service matching ``filters``
    (``id``, ``uuid`` or ``host`` and ``binary``), in whichever cell.

    Raises ServiceNotFound, or ServiceNotUnique when an integer id names
    services in several cells.
    """
    found = []
    for cctxt in each_cell(context):
        for service in service_obj.ServiceList.get_all(cctxt):
            if all(getattr(service, k) == v for k, v in filters.items()):
                found.append((service, cctxt))
    if not found:
        raise exception.ServiceNotFound(
            service_id=filters.get('id') or filters.get('uuid') or
            filters.get('host'))
    if len(found) > 1:
        raise exception.ServiceNotUnique()
    return found[0]


def find_compute_service(context, host):
    """(service, cell context) of the nova-compute service of ``host``;
    ComputeHostNotFound when there is none."""
    cell = _cell_of_host(context, host)
    if cell is not None:
        with nova_context.target_cell(context, cell) as cctxt:
            return service_obj.Service.get_by_compute_host(cctxt, host), cctxt
    # Not mapped yet (discover_hosts not run): look everywhere.
    for cctxt in each_cell(context):
        service = service_obj.Service.get_by_host_and_binary(
            cctxt, host, 'nova-compute')
        if service is not None:
            return service, cctxt
    raise exception.ComputeHostNotFound(host=host)


def is_up(service):
    return SERVICEGROUP.service_is_up(service)


# --- handlers ---------------------------------------------------------------

def _detail(req, service):
    return views.detail(req, service, is_up(service))


@wsgi.expected_errors(())
def index(req):
    context = req.context
    context.can(policies.BASE_POLICY_NAME, target={})
    host = req.params.get('host')
    binary = req.params.get('binary')
    found = []
    for service, _cctxt in all_services(context):
        if service.binary in API_BINARIES:
            continue
        if host and service.host != host:
            continue
        if binary and service.binary != binary:
            continue
        found.append(_detail(req, service))
    return {'services': found}


def _update_by_host(context, host, binary, values):
    if binary != 'nova-compute':
        raise webob.exc.HTTPBadRequest(explanation=_(
            'Updating a %(binary)s service is not supported. Only '
            'nova-compute services can be updated.') % {'binary': binary})
    try:
        service, cctxt = find_service(context, host=host, binary=binary)
    except exception.ServiceNotFound:
        raise exception.HostBinaryNotFound(host=host, binary=binary)
    with service.obj_alternate_context(cctxt):
        for key, value in values.items():
            setattr(service, key, value)
        service.save()


def _enable(context, body):
    _update_by_host(context, body['host'], body['binary'],
                    {'disabled': False, 'disabled_reason': None})
    return {'service': {'host': body['host'], 'binary': body['binary'],
                        'status': 'enabled'}}


def _disable(context, body, reason=None):
    _update_by_host(context, body['host'], body['binary'],
                    {'disabled': True, 'disabled_reason': reason})
    result = {'host': body['host'], 'binary': body['binary'],
              'status': 'disabled'}
    if reason:
        result['disabled_reason'] = reason
    return {'service': result}


def _disable_log_reason(context, body):
    if 'disabled_reason' not in body:
        raise webob.exc.HTTPBadRequest(
            explanation=_('Missing disabled reason field'))
    return _disable(context, body, body['disabled_reason'])


def _force_down(context, body):
    if 'forced_down' not in body:
        raise webob.exc.HTTPBadRequest(
            explanation=_('Missing forced_down field'))
    forced_down = strutils.bool_from_string(body['forced_down'])
    _update_by_host(context, body['host'], body['binary'],
                    {'forced_down': forced_down})
    return {'service': {'host': body['host'], 'binary': body['binary'],
                        'forced_down': forced_down}}


# PUT /os-services/{action} up to 2.52: action -> (handler, since).
_ACTIONS = {
    'enable': (_enable, '2.1'),
    'disable': (_disable, '2.1'),
    'disable-log-reason': (_disable_log_reason, '2.1'),
    'force-down': (_force_down, '2.11'),
}


@wsgi.api_version('2.1', '2.52')
@wsgi.expected_errors((400, 404))
@validation.schema(schema.service_update, '2.0', '2.10')
@validation.schema(schema.service_update_v211, '2.11', '2.52')
def update(req, service_id, body):
    context = req.context
    context.can(policies.BASE_POLICY_NAME, target={})
    action, since = _ACTIONS.get(service_id, (None, None))
    if action is None or not req.api_version_request.matches(since):
        raise webob.exc.HTTPNotFound(explanation=_('Unknown action'))
    return action(context, body)


def _require_uuid(value):
    if not uuidutils.is_uuid_like(value):
        raise webob.exc.HTTPBadRequest(
            explanation=_('Invalid uuid %s') % value)


@wsgi.api_version(UUID_FOR_ID)
@wsgi.expected_errors((400, 404))
@validation.schema(schema.service_update_v253, UUID_FOR_ID)
def update_v253(req, service_id, body):
    _require_uuid(service_id)
    context = req.context
    context.can(policies.BASE_POLICY_NAME, target={})
    service, cctxt = find_service(context, uuid=service_id)
    if service.binary != 'nova-compute':
        raise webob.exc.HTTPBadRequest(explanation=_(
            'Updating a %(binary)s service is not supported. Only '
            'nova-compute services can be updated.') %
            {'binary': service.binary})
    if 'status' in body:
        if body['status'] == 'enabled':
            if body.get('disabled_reason'):
                raise webob.exc.HTTPBadRequest(explanation=_(
                    "Specifying 'disabled_reason' with status 'enabled' "
                    "is invalid."))
            service.disabled = False
            service.disabled_reason = None
        else:
            service.disabled = True
            service.disabled_reason = body.get('disabled_reason')
    if 'forced_down' in body:
        service.forced_down = strutils.bool_from_string(
            body['forced_down'], strict=True)
    if not service.obj_what_changed():
        raise webob.exc.HTTPBadRequest(explanation=_(
            "No updates were requested. Fields 'status' or 'forced_down' "
            "should be specified."))
    with service.obj_alternate_context(cctxt):
        service.save()
    set_availability_zones(context, [service])
    return {'service': _detail(req, service)}


def _remove_compute_host(context, cctxt, service):
    """What goes with a compute service: its aggregate memberships, its
    host mapping (its compute nodes go with the service row)."""
    for agg in aggregate_obj.AggregateList.get_by_host(context,
                                                       service.host):
        agg.delete_host(service.host)
    try:
        host_mapping_obj.HostMapping.get_by_host(context,
                                                 service.host).destroy()
    except exception.HostMappingNotFound:
        # Started and deleted before discover_hosts ran: nothing mapped.
        pass
    # Service.destroy() soft-deletes the nodes; make sure none survive
    # under another service row of the same host.
    try:
        nodes = compute_node_obj.ComputeNodeList.get_all_by_host(
            cctxt, service.host)
    except exception.ComputeHostNotFound:
        nodes = []
    for node in nodes:
        if node.service_id in (None, service.id):
            node.destroy()


@wsgi.response(204)
@wsgi.expected_errors((400, 404))
def delete(req, service_id):
    context = req.context
    context.can(policies.BASE_POLICY_NAME, target={})
    if req.api_version_request.matches(UUID_FOR_ID):
        _require_uuid(service_id)
        filters = {'uuid': service_id}
    else:
        try:
            filters = {'id': int(service_id)}
        except ValueError:
            raise webob.exc.HTTPBadRequest(explanation=exception.InvalidInput(
                reason=_('id must be an integer')).format_message())
    try:
        service, cctxt = find_service(context, **filters)
    except exception.ServiceNotFound:
        raise webob.exc.HTTPNotFound(
            explanation=_('Service %s not found.') % service_id)
    except exception.ServiceNotUnique:
        raise webob.exc.HTTPBadRequest(explanation=_(
            'Service id %s refers to multiple services.') % service_id)
    if service.binary == 'nova-compute':
        _remove_compute_host(context, cctxt, service)
    with service.obj_alternate_context(cctxt):
        service.destroy()
