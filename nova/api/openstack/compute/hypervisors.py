"""Hypervisors (os-hypervisors): the compute nodes of every cell.

Values come from the compute_nodes rows; ``state`` (up/down) and
``status`` (enabled/disabled) from the node's nova-compute service.  A
node whose service is gone is not shown.

Microversions: 2.28 ``cpu_info`` becomes an object; 2.33 ``limit`` and
``marker`` paging; 2.53 uuids for ids (and for the marker), the
``hypervisor_hostname_pattern`` and ``with_servers`` query parameters
(strictly validated), and ``/search`` and ``/servers`` are gone.
"""

import oslo_messaging as messaging
from oslo_utils import strutils
from oslo_utils import uuidutils
import webob.exc

import nova.conf
from nova.api.openstack import common
from nova.api.openstack.compute import services
from nova.api.openstack.compute.views import hypervisors as views
from nova.api.openstack import wsgi
from nova.compute import rpcapi as compute_rpcapi
from nova import exception
from nova.i18n import _
from nova.objects import compute_node as compute_node_obj
from nova.objects import instance as instance_obj
from nova.objects import service as service_obj
from nova.policies import hypervisors as policies

CONF = nova.conf.CONF

UUID_FOR_ID = '2.53'
PAGING = '2.33'
_LIST_PARAMS_V253 = ('limit', 'marker', 'hypervisor_hostname_pattern',
                     'with_servers')
_SHOW_PARAMS_V253 = ('with_servers',)
_STATS_FIELDS = ('vcpus', 'memory_mb', 'local_gb', 'vcpus_used',
                 'memory_mb_used', 'local_gb_used', 'free_ram_mb',
                 'free_disk_gb', 'current_workload', 'running_vms',
                 'disk_available_least')


class _Hypervisor(object):
    """A compute node with its service and the cell it lives in."""

    def __init__(self, node, service, cctxt):
        self.node = node
        self.service = service
        self.cctxt = cctxt
        self.up = services.is_up(service)

    def servers(self):
        return list(instance_obj.InstanceList.get_by_host(self.cctxt,
                                                          self.node.host))


def _with_services(cctxt, nodes):
    found = []
    for node in nodes:
        try:
            service = service_obj.Service.get_by_compute_host(cctxt,
                                                              node.host)
        except exception.ComputeHostNotFound:
            continue
        found.append(_Hypervisor(node, service, cctxt))
    return found


def _all(context, pattern=None):
    """Every hypervisor of every cell (whose hostname contains
    ``pattern``), cell by cell, by id."""
    found = []
    for cctxt in services.each_cell(context):
        if pattern is None:
            nodes = compute_node_obj.ComputeNodeList.get_all(cctxt)
        else:
            nodes = compute_node_obj.ComputeNodeList.get_by_hypervisor(
                cctxt, pattern)
        found.extend(_with_services(cctxt, nodes))
    return found


def _find(req, hypervisor_id):
    """The hypervisor named in the path, or a 404 (400 for a non-uuid
    from 2.53)."""
    not_found = webob.exc.HTTPNotFound(explanation=_(
        "Hypervisor with ID '%s' could not be found.") % hypervisor_id)
    if req.api_version_request.matches(UUID_FOR_ID):
        if not uuidutils.is_uuid_like(hypervisor_id):
            raise webob.exc.HTTPBadRequest(
                explanation=_('Invalid uuid %s') % hypervisor_id)
        lookup = compute_node_obj.ComputeNode.get_by_uuid
    else:
        try:
            hypervisor_id = int(hypervisor_id)
        except ValueError:
            raise not_found
        lookup = compute_node_obj.ComputeNode.get_by_id
    for cctxt in services.each_cell(req.context):
        try:
            node = lookup(cctxt, hypervisor_id)
        except exception.ComputeHostNotFound:
            continue
        found = _with_services(cctxt, [node])
        if found:
            return found[0]
    raise not_found


# --- query parameters -------------------------------------------------------

def _check_params(req, allowed):
    """From 2.53 the query is validated: known names, no repeats."""
    if not req.api_version_request.matches(UUID_FOR_ID):
        return
    for name in req.params:
        if name not in allowed:
            raise webob.exc.HTTPBadRequest(explanation=_(
                "Invalid input for query parameters %(name)s. Additional "
                "properties are not allowed ('%(name)s' was unexpected)") %
                {'name': name})
    for name in ('with_servers', 'hypervisor_hostname_pattern'):
        if len(req.params.getall(name)) > 1:
            raise webob.exc.HTTPBadRequest(explanation=_(
                "Invalid input for query parameters %s. Only one value "
                "is allowed.") % name)


def _with_servers(req):
    if not req.api_version_request.matches(UUID_FOR_ID):
        return False
    value = req.params.get('with_servers')
    if value is None:
        return False
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError:
        raise webob.exc.HTTPBadRequest(explanation=_(
            "Invalid input for query parameters with_servers. Value: "
            "%s. It is not a boolean.") % value)


def _page(req, hypervisors):
    """Apply ``limit`` and ``marker`` (2.33+)."""
    version = req.api_version_request
    if not version.matches(PAGING):
        return hypervisors
    limit, marker = common.get_limit_and_marker(req)
    if marker is not None:
        if version.matches(UUID_FOR_ID):
            if not uuidutils.is_uuid_like(marker):
                raise webob.exc.HTTPBadRequest(explanation=_(
                    "Invalid input for query parameters marker. Value: "
                    "%s. It is not a uuid.") % marker)
            key = 'uuid'
        else:
            key = 'id'
        position = None
        for index, hyp in enumerate(hypervisors):
            if str(getattr(hyp.node, key)) == marker:
                position = index
                break
        if position is None:
            raise webob.exc.HTTPBadRequest(
                explanation=_('marker [%s] not found') % marker)
        hypervisors = hypervisors[position + 1:]
    return hypervisors[:limit]


def _list(req, detail):
    context = req.context
    context.can(policies.BASE_POLICY_NAME, target={})
    _check_params(req, _LIST_PARAMS_V253)
    with_servers = _with_servers(req)
    pattern = None
    if req.api_version_request.matches(UUID_FOR_ID):
        pattern = req.params.get('hypervisor_hostname_pattern')
    if pattern is not None:
        if 'limit' in req.params or 'marker' in req.params:
            raise webob.exc.HTTPBadRequest(explanation=_(
                'Paging over hypervisors with the '
                'hypervisor_hostname_pattern query parameter is not '
                'supported.'))
        hypervisors = _all(context, pattern)
        if not hypervisors:
            raise webob.exc.HTTPNotFound(explanation=_(
                "No hypervisor matching '%s' could be found.") % pattern)
    else:
        hypervisors = _page(req, _all(context))
    body = {'hypervisors': [
        views.hypervisor(req, hyp.node, hyp.service, hyp.up, detail,
                         servers=hyp.servers() if with_servers else None)
        for hyp in hypervisors]}
    if req.api_version_request.matches(PAGING) and pattern is None:
        links = views.ViewBuilder().collection_links(
            req, body['hypervisors'],
            'os-hypervisors/detail' if detail else 'os-hypervisors', 'id')
        if links:
            body['hypervisors_links'] = links
    return body


# --- handlers ---------------------------------------------------------------

@wsgi.expected_errors((400, 404))
def index(req):
    return _list(req, detail=False)


@wsgi.expected_errors((400, 404))
def detail(req):
    return _list(req, detail=True)


@wsgi.expected_errors((400, 404))
def show(req, hypervisor_id):
    context = req.context
    context.can(policies.BASE_POLICY_NAME, target={})
    _check_params(req, _SHOW_PARAMS_V253)
    with_servers = _with_servers(req)
    hyp = _find(req, hypervisor_id)
    return {'hypervisor': views.hypervisor(
        req, hyp.node, hyp.service, hyp.up, True,
        servers=hyp.servers() if with_servers else None)}


@wsgi.expected_errors((400, 404, 501))
def uptime(req, hypervisor_id):
    """The hypervisor's summary and ``uptime``.

    The uptime text comes from the host's virt driver over compute RPC.
    A host whose service is down, or that does not answer, gets upstream's
    400; a driver that cannot tell gets 501.
    """
    context = req.context
    context.can(policies.BASE_POLICY_NAME, target={})
    hyp = _find(req, hypervisor_id)
    if not hyp.up:
        raise exception.ComputeServiceUnavailable(host=hyp.node.host)
    try:
        text = compute_rpcapi.ComputeAPI().get_host_uptime(
            hyp.cctxt, hyp.node.host)
    except messaging.MessagingTimeout:
        raise exception.ComputeServiceUnavailable(host=hyp.node.host)
    except exception.NotImplementedYet:
        raise webob.exc.HTTPNotImplemented(
            explanation=_('Virt driver does not implement uptime function.'))
    return {'hypervisor': views.hypervisor(
        req, hyp.node, hyp.service, hyp.up, False, uptime=text)}


def _search(req, pattern, servers):
    context = req.context
    context.can(policies.BASE_POLICY_NAME, target={})
    hypervisors = _all(context, pattern)
    if not hypervisors:
        raise webob.exc.HTTPNotFound(explanation=_(
            "No hypervisor matching '%s' could be found.") % pattern)
    return {'hypervisors': [
        views.hypervisor(req, hyp.node, hyp.service, hyp.up, False,
                         servers=hyp.servers() if servers else None)
        for hyp in hypervisors]}


@wsgi.api_version('2.1', '2.52')
@wsgi.expected_errors(404)
def search(req, pattern):
    return _search(req, pattern, servers=False)


@wsgi.api_version('2.1', '2.52')
@wsgi.expected_errors(404)
def servers(req, pattern):
    return _search(req, pattern, servers=True)


@wsgi.expected_errors(())
def statistics(req):
    """Totals over the hypervisors whose service is enabled."""
    context = req.context
    context.can(policies.BASE_POLICY_NAME, target={})
    stats = dict.fromkeys(('count',) + _STATS_FIELDS, 0)
    for hyp in _all(context):
        if hyp.service.disabled:
            continue
        stats['count'] += 1
        for field in _STATS_FIELDS:
            stats[field] += getattr(hyp.node, field) or 0
    return {'hypervisor_statistics': stats}

