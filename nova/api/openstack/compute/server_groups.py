"""Server groups (``os-server-groups``): create, list, show, delete.

Groups live in the API database.  A group has one policy (affinity or
anti-affinity; from 2.15 also their soft variants) and its members, the
servers booted into it; bodies list the members that are not deleted
(looked up in their cells).  2.13 adds ``project_id`` and ``user_id``.
How many groups a project has is limited by the ``server_groups`` quota
(checked again after the create, which is undone if a concurrent request
took the last slot).
"""

import webob.exc

import nova.conf
from nova.api.openstack.compute.schemas import server_groups as schema
from nova.api.openstack.compute.views import server_groups as views
from nova.api.openstack import wsgi
from nova.api import validation
from nova import context as nova_context
from nova import exception
from nova.i18n import _
from nova.objects import instance as instance_obj
from nova.objects import instance_group as group_obj
from nova.objects import instance_mapping as mapping_obj
from nova.objects import quotas as quotas_obj
from nova.policies import server_groups as policies

CONF = nova.conf.CONF


def _live_members(context, uuids):
    """The uuids among ``uuids`` whose servers exist (not deleted), in
    the cells their mappings name, or still being scheduled (a mapping
    without a cell)."""
    if not uuids:
        return []
    by_cell = {}
    found = set()
    for mapping in mapping_obj.InstanceMappingList.get_by_instance_uuids(
            context, uuids):
        if mapping.cell_mapping is None:
            if not mapping.queued_for_delete:
                found.add(mapping.instance_uuid)
        else:
            cell = mapping.cell_mapping
            by_cell.setdefault(cell.uuid, (cell, []))[1].append(
                mapping.instance_uuid)
    for cell, cell_uuids in by_cell.values():
        with nova_context.target_cell(context, cell) as cctxt:
            found.update(inst.uuid for inst in
                         instance_obj.InstanceList.get_by_filters(
                             cctxt, {'uuid': cell_uuids, 'deleted': False}))
    return [u for u in uuids if u in found]


def _view(req, group):
    return views.group(req, group,
                       _live_members(req.context, group.members or []))


def _get(req, group_id, action):
    context = req.context
    try:
        group = group_obj.InstanceGroup.get_by_uuid(context, group_id)
    except exception.InstanceGroupNotFound as e:
        raise webob.exc.HTTPNotFound(explanation=e.format_message())
    context.can(policies.POLICY_ROOT % action, target={
        'project_id': group.project_id, 'user_id': group.user_id})
    return group


def _limited(req, items):
    """``offset`` and ``limit`` (capped by [api]max_limit)."""
    values = {}
    for name in ('offset', 'limit'):
        value = req.params.get(name)
        if value is None:
            continue
        try:
            values[name] = int(value)
        except ValueError:
            raise webob.exc.HTTPBadRequest(
                explanation=_('%s param must be an integer') % name)
        if values[name] < 0:
            raise webob.exc.HTTPBadRequest(
                explanation=_('%s param must be positive') % name)
    offset = values.get('offset', 0)
    limit = min(CONF.api.max_limit,
                values.get('limit') or CONF.api.max_limit)
    return items[offset:offset + limit]


@wsgi.expected_errors(404)
def show(req, server_group_id):
    return {'server_group': _view(req, _get(req, server_group_id, 'show'))}


@wsgi.response(204)
@wsgi.expected_errors(404)
def delete(req, server_group_id):
    group = _get(req, server_group_id, 'delete')
    try:
        group.destroy()
    except exception.InstanceGroupNotFound as e:
        raise webob.exc.HTTPNotFound(explanation=e.format_message())


@wsgi.expected_errors(400)
def index(req):
    context = req.context
    context.can(policies.POLICY_ROOT % 'index')
    if 'all_projects' in req.params and context.is_admin:
        groups = group_obj.InstanceGroupList.get_all(context)
    else:
        groups = group_obj.InstanceGroupList.get_by_project_id(
            context, context.project_id)
    return {'server_groups': [_view(req, g)
                              for g in _limited(req, groups.objects)]}


def _over_quota():
    return webob.exc.HTTPForbidden(
        explanation=_('Quota exceeded, too many server groups.'))


def _recheck_quota():
    try:
        return CONF.quota.recheck_quota
    except Exception:
        return True


@wsgi.expected_errors((400, 403))
@validation.schema(schema.create_v20, '2.0', '2.0')
@validation.schema(schema.create, '2.1', '2.14')
@validation.schema(schema.create_v215, '2.15')
def create(req, body):
    context = req.context
    context.can(policies.POLICY_ROOT % 'create')
    counts = (context.project_id, context.user_id)
    try:
        quotas_obj.Quotas.check_deltas(context, {'server_groups': 1},
                                       *counts)
    except exception.OverQuota:
        raise _over_quota()
    values = body['server_group']
    group = group_obj.InstanceGroup(
        context, project_id=context.project_id, user_id=context.user_id,
        name=values['name'], policies=values['policies'])
    group.create()
    if _recheck_quota():
        try:
            quotas_obj.Quotas.check_deltas(context, {'server_groups': 0},
                                           *counts)
        except exception.OverQuota:
            group.destroy()
            raise _over_quota()
    return {'server_group': views.group(req, group, [])}
