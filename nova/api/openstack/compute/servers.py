"""Servers: create, list (brief and detail), show, update and delete.

The work is done by ``nova.compute.api.API`` (:data:`COMPUTE_API`); these
handlers turn requests into its arguments and its results into upstream's
bodies (``views/servers.py``).  A server someone else owns is a 404 to a
non-admin, exactly like a server that does not exist.
"""

import copy
import re
import secrets

from oslo_utils import strutils
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa
import webob.exc

import nova.conf
from nova.api.openstack import common
from nova.api.openstack.compute.schemas import servers as schema
from nova.api.openstack.compute.views import servers as views
from nova.api.openstack import wsgi
from nova.api import validation
from nova.compute import api as compute_api
from nova import context as nova_context
from nova import exception
from nova.i18n import _
from nova.network import model as network_model
from nova import objects
from nova.policies import servers as policies

CONF = nova.conf.CONF
COMPUTE_API = compute_api.API()
VIEW = views.ViewBuilder()

# Query parameters a non-admin may filter on (others are ignored).
USER_FILTERS = ('reservation_id', 'name', 'status', 'image', 'flavor', 'ip',
                'changes-since', 'all_tenants', 'ip6', 'tags', 'tags-any',
                'not-tags', 'not-tags-any')
# Paging and sorting parameters (never filters).
_NOT_FILTERS = ('limit', 'marker', 'sort_key', 'sort_dir')
# Filters that name columns of their own.
_RENAMED = {'tenant_id': 'project_id', 'changes-since': 'changes-since'}


_PASSWORD_CHARS = ('23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
                   'abcdefghijkmnopqrstuvwxyz')


def generate_password(length=12):
    """A random password without look-alike characters."""
    return ''.join(secrets.choice(_PASSWORD_CHARS) for _i in range(length))


def get_server(req, server_id, expected_attrs=None, read_deleted=None):
    """The server the request may see, or 404."""
    return COMPUTE_API.get(req.context, server_id,
                           expected_attrs=expected_attrs,
                           read_deleted=read_deleted)


def _detail_attrs(req):
    attrs = ['flavor', 'info_cache', 'metadata', 'fault']
    if req.api_version_request.matches('2.26'):
        attrs.append('tags')
    return attrs


# --- listing -------------------------------------------------------------------

def _search_options(req, context, is_detail):
    params = req.params
    opts = {}
    for key in set(params.keys()) - set(_NOT_FILTERS):
        if not context.is_admin and key not in USER_FILTERS:
            continue
        values = params.getall(key)
        opts[key] = values[-1]
    filters = {}
    for key, value in opts.items():
        if key in ('ip', 'ip6', 'all_tenants'):
            continue
        if key == 'deleted':
            filters['deleted'] = strutils.bool_from_string(value,
                                                           default=False)
            continue
        filters[_RENAMED.get(key, key)] = value
    if 'changes-since' in filters:
        try:
            filters['changes-since'] = timeutils.parse_isotime(
                filters['changes-since'])
        except ValueError:
            raise webob.exc.HTTPBadRequest(
                explanation=_('Invalid filter field: changes-since.'))
    if 'status' in filters:
        status = filters.pop('status')
        vm_list, task_list = views.states_from_status(status)
        if not vm_list:
            if context.is_admin:
                return None  # nothing can match
            raise webob.exc.HTTPBadRequest(
                explanation=_('Invalid status value'))
        if 'deleted' in vm_list:
            filters['deleted'] = True
        filters['vm_state'] = vm_list
        if task_list is not None:
            filters['task_state'] = task_list
    if 'flavor' in filters:
        try:
            flavor = objects.Flavor.get_by_flavor_id(context,
                                                     filters['flavor'])
        except exception.FlavorNotFound:
            return None
        filters['flavor'] = flavor.id
    if 'image' in filters:
        filters['image'] = filters['image'].rstrip('/').split('/')[-1]
    all_tenants = 'all_tenants' in opts
    if all_tenants:
        if opts['all_tenants'].strip():
            try:
                all_tenants = strutils.bool_from_string(
                    opts['all_tenants'], strict=True)
            except ValueError as e:
                raise webob.exc.HTTPBadRequest(explanation=str(e))
    if all_tenants:
        action = 'detail:get_all_tenants' if is_detail else (
            'index:get_all_tenants')
        context.can(policies.POLICY_ROOT % action, target={})
    else:
        if context.project_id:
            filters['project_id'] = context.project_id
        else:
            filters['user_id'] = context.user_id
    return filters


def _uuids_with_ips(context, filters, ip, ip6):
    """Uuids of the servers with a fixed address matching ``ip`` (IPv4)
    or ``ip6`` (IPv6), regular expressions matched from the start of the
    address as upstream does; read from the network info caches of every
    cell (servers still scheduling have no address)."""
    from nova.db import engine as db
    from nova.db.main import models
    try:
        patterns = {4: re.compile(ip) if ip else None,
                    6: re.compile(ip6) if ip6 else None}
    except re.error:
        raise webob.exc.HTTPBadRequest(
            explanation=_('Invalid filter field: ip.'))
    Cache, Inst = models.InstanceInfoCache, models.Instance
    query = sa.select(Cache.instance_uuid, Cache.network_info).join(
        Inst, Inst.uuid == Cache.instance_uuid)
    for key in ('project_id', 'user_id'):
        if key in filters:
            query = query.where(getattr(Inst, key) == filters[key])
    found = []
    for cell in objects.CellMappingList.get_all(context):
        with nova_context.target_cell(context, cell) as cctxt:
            with db.main_session(cctxt) as session:
                rows = session.execute(query).all()
        for uuid, text in rows:
            for vif in network_model.NetworkInfo.hydrate(text):
                if any(_ip_matches(fixed, patterns)
                       for fixed in vif.fixed_ips()):
                    found.append(uuid)
                    break
    return found


def _ip_matches(fixed, patterns):
    address = fixed.get('address')
    if not address:
        return False
    pattern = patterns.get(network_model.IP(fixed).version)
    return pattern is not None and pattern.match(address) is not None


def _sort_params(req):
    keys = req.params.getall('sort_key')
    dirs = req.params.getall('sort_dir')
    for direction in dirs:
        if direction not in ('asc', 'desc'):
            raise webob.exc.HTTPBadRequest(explanation=_(
                "Unknown sort direction, must be 'asc' or 'desc'"))
    return keys or None, dirs or None


def _list(req, is_detail):
    context = req.context
    context.can(policies.POLICY_ROOT % ('detail' if is_detail else 'index'),
                target={'project_id': context.project_id})
    filters = _search_options(req, context, is_detail)
    if filters is None:
        return []
    ip, ip6 = req.params.get('ip'), req.params.get('ip6')
    if not context.is_admin and not req.api_version_request.matches('2.5'):
        ip6 = None  # a filter for everyone from 2.5, admins only before
    if ip or ip6:
        filters['uuid'] = _uuids_with_ips(context, filters, ip, ip6)
        if not filters['uuid']:
            return []
    limit, marker = common.get_limit_and_marker(req)
    sort_keys, sort_dirs = _sort_params(req)
    list_context = context
    if 'changes-since' in filters and 'deleted' not in filters:
        # Changes include deletions.
        list_context = copy.copy(context)
        list_context.read_deleted = 'yes'
    try:
        return COMPUTE_API.get_all(
            list_context, search_opts=filters, limit=limit, marker=marker,
            expected_attrs=_detail_attrs(req) if is_detail else [],
            sort_keys=sort_keys, sort_dirs=sort_dirs)
    except exception.MarkerNotFound:
        raise webob.exc.HTTPBadRequest(
            explanation=_('marker [%s] not found') % marker)
    except exception.InvalidSortKey as e:
        raise webob.exc.HTTPBadRequest(explanation=e.format_message())


def _security_groups(context, uuids):
    """{instance uuid: [group name]} from the request specs, one query."""
    return objects.request_spec.security_groups_by_instance(context, uuids)


def _volumes(instances):
    """{instance uuid: [(volume id, delete_on_termination)]}, one query
    per cell."""
    from nova.db import engine as db
    from nova.db.main import models
    BDM = models.BlockDeviceMapping
    by_cell = {}
    for inst in instances:
        if inst.obj_attr_is_set('id') and inst._context is not None:
            by_cell.setdefault(inst._context.db_connection,
                               (inst._context, []))[1].append(inst.uuid)
    result = {}
    for cctxt, uuids in by_cell.values():
        with db.main_session(cctxt) as session:
            rows = session.execute(
                sa.select(BDM.instance_uuid, BDM.volume_id,
                          BDM.delete_on_termination)
                .where(BDM.instance_uuid.in_(uuids))
                .where(BDM.deleted == 0)
                .where(BDM.volume_id.is_not(None))
                .order_by(BDM.id)).all()
        for uuid, volume_id, delete in rows:
            result.setdefault(uuid, []).append((volume_id, bool(delete)))
    return result


# The update (PUT) and rebuild responses show the server's core only:
# none of these fields (added to them at 2.75, beyond this API) nor the
# OS-EXT-IPS attributes of its addresses.
_NOT_IN_ACTION_VIEW = ('key_name', 'config_drive',
                       'OS-EXT-AZ:availability_zone', 'security_groups',
                       'os-extended-volumes:volumes_attached', 'host_status')
_NOT_IN_ACTION_VIEW_PREFIXES = ('OS-EXT-STS:', 'OS-SRV-USG:',
                                'OS-EXT-SRV-ATTR:')


def action_view(req, instance):
    """{"server": ...} as PUT /servers/{id} and rebuild answer."""
    body = VIEW.show(req, instance, view_extras(req, [instance]))
    server = body['server']
    for key in list(server):
        if (key in _NOT_IN_ACTION_VIEW or
                key.startswith(_NOT_IN_ACTION_VIEW_PREFIXES)):
            del server[key]
    for ips in server.get('addresses', {}).values():
        for ip in ips:
            ip.pop('OS-EXT-IPS:type', None)
            ip.pop('OS-EXT-IPS-MAC:mac_addr', None)
    return body


def view_extras(req, instances):
    """What the detailed view needs beyond the instances, in bulk."""
    extra = {'security_groups': _security_groups(
        req.context, [i.uuid for i in instances]),
        'volumes': _volumes(instances)}
    if req.api_version_request.matches('2.16'):
        services = COMPUTE_API.compute_services_by_host(instances)
        statuses = {}

        def host_status_of(inst):
            # Depends on the host only: asked once per host per request.
            host = inst.host
            status = statuses.get(host)
            if status is None:
                status = statuses[host] = (
                    COMPUTE_API.get_instance_host_status(inst, services))
            return status

        extra['host_status_of'] = host_status_of
    return extra


@wsgi.expected_errors((400, 403))
def index(req):
    return VIEW.index(req, _list(req, False))


@wsgi.expected_errors((400, 403))
def detail(req):
    instances = _list(req, True)
    return VIEW.detail(req, instances, view_extras(req, instances))


@wsgi.expected_errors(404)
def show(req, server_id):
    context = req.context
    instance = get_server(req, server_id, _detail_attrs(req))
    context.can(policies.POLICY_ROOT % 'show',
                target={'project_id': instance.project_id})
    return VIEW.show(req, instance, view_extras(req, [instance]))


# --- create --------------------------------------------------------------------

def _requested_networks(req, networks):
    if networks is None or isinstance(networks, str):
        return networks
    req.context.can(policies.POLICY_ROOT % 'create:attach_network',
                    target={'project_id': req.context.project_id})
    result = []
    for network in networks:
        port = network.get('port')
        net_id = network.get('uuid')
        if port is None and net_id is None:
            raise webob.exc.HTTPBadRequest(explanation=_(
                "Bad networks format: network uuid is not in proper format "
                "(%s)") % net_id)
        if net_id is not None and not uuidutils.is_uuid_like(net_id):
            raise webob.exc.HTTPBadRequest(explanation=_(
                "Bad networks format: network uuid is not in proper format "
                "(%s)") % net_id)
        entry = {'network_id': net_id, 'port_id': port,
                 'address': network.get('fixed_ip')}
        if entry in result and port is None:
            raise webob.exc.HTTPBadRequest(explanation=_(
                "Duplicate networks (%s) are not allowed") % net_id)
        result.append(entry)
    return result


@wsgi.response(202)
@wsgi.expected_errors((400, 403, 409))
@validation.schema(schema.create_v20, '2.0', '2.0')
@validation.schema(schema.create, '2.1', '2.18')
@validation.schema(schema.create_v219, '2.19', '2.36')
@validation.schema(schema.create_v237, '2.37', '2.51')
@validation.schema(schema.create_v252, '2.52')
def create(req, body):
    context = req.context
    server = body['server']
    context.can(policies.POLICY_ROOT % 'create',
                target={'project_id': context.project_id,
                        'user_id': context.user_id,
                        'availability_zone': server.get(
                            'availability_zone')})
    if server.get('block_device_mapping_v2'):
        context.can(policies.POLICY_ROOT % 'create:attach_volume',
                    target={'project_id': context.project_id})
    password = server.get('adminPass') or generate_password()
    hints = (body.get('os:scheduler_hints') or
             body.get('OS-SCH-HNT:scheduler_hints') or {})
    min_count = int(server.get('min_count', 1))
    max_count = int(server.get('max_count', min_count))
    if min_count > max_count:
        raise webob.exc.HTTPBadRequest(
            explanation=_('min_count must be <= max_count'))
    security_groups = [g['name'] for g in server.get('security_groups', [])]
    try:
        instances, reservation_id = _create(context, server, min_count,
                                            max_count, security_groups,
                                            hints, password, req)
    except (exception.TooManyInstances,
            exception.MetadataLimitExceeded) as e:
        # Upstream's create answers its quota 403s with Retry-After: 0.
        raise webob.exc.HTTPForbidden(explanation=e.format_message(),
                                      headers={'Retry-After': '0'})
    if strutils.bool_from_string(server.get('return_reservation_id', False)):
        return {'reservation_id': reservation_id}
    instance = instances[0]
    instance._security_groups = security_groups or ['default']
    shown = password if CONF.api.enable_instance_password else None
    body = VIEW.create(req, instance, shown)
    return wsgi.ResponseObject(
        body, headers={'Location': VIEW.self_link(req, instance.uuid)})


def _create(context, server, min_count, max_count, security_groups, hints,
            password, req):
    """``COMPUTE_API.create`` with the request body's values."""
    disk_config = server.get('OS-DCF:diskConfig')
    return COMPUTE_API.create(
        context, flavor_id=str(server['flavorRef']).rstrip('/').split(
            '/')[-1],
        image_ref=server.get('imageRef'), name=server['name'],
        description=server.get('description'),
        key_name=server.get('key_name'),
        availability_zone=server.get('availability_zone'),
        metadata=server.get('metadata'), user_data=server.get('user_data'),
        min_count=min_count, max_count=max_count,
        security_groups=security_groups or None,
        requested_networks=_requested_networks(req,
                                               server.get('networks')),
        scheduler_hints=hints,
        block_device_mapping=server.get('block_device_mapping_v2'),
        access_ip_v4=server.get('accessIPv4') or None,
        access_ip_v6=server.get('accessIPv6') or None,
        config_drive=server.get('config_drive'), admin_password=password,
        auto_disk_config=(disk_config == 'AUTO') if disk_config else None,
        tags=server.get('tags'))


# --- update and delete ---------------------------------------------------------

@wsgi.expected_errors((400, 404))
@validation.schema(schema.update_v20, '2.0', '2.0')
@validation.schema(schema.update, '2.1', '2.18')
@validation.schema(schema.update_v219, '2.19')
def update(req, server_id, body):
    context = req.context
    instance = get_server(req, server_id, _detail_attrs(req))
    context.can(policies.POLICY_ROOT % 'update',
                target={'user_id': instance.user_id,
                        'project_id': instance.project_id})
    values = body['server']
    updates = {}
    if 'name' in values:
        updates['display_name'] = values['name']
    if 'description' in values:
        updates['display_description'] = values['description']
    if 'accessIPv4' in values:
        updates['access_ip_v4'] = values['accessIPv4'] or None
    if 'accessIPv6' in values:
        updates['access_ip_v6'] = values['accessIPv6'] or None
    if 'OS-DCF:diskConfig' in values:
        updates['auto_disk_config'] = values['OS-DCF:diskConfig'] == 'AUTO'
    instance = COMPUTE_API.update_instance(context, instance, updates)
    return action_view(req, instance)


@wsgi.response(204)
@wsgi.expected_errors((404, 409))
def delete(req, server_id):
    context = req.context
    instance = get_server(req, server_id, ['flavor'])
    context.can(policies.POLICY_ROOT % 'delete',
                target={'user_id': instance.user_id,
                        'project_id': instance.project_id})
    COMPUTE_API.delete(context, instance)
