"""Flavors: list, detail, show (anyone), create and delete (admins).

Non-admins see public flavors and the private ones shared with their
project; filtering by ``is_public`` is an admin privilege.
"""

from oslo_utils import strutils
import webob.exc

from nova.api.openstack import common
from nova.api.openstack.compute.schemas import flavors as schema
from nova.api.openstack.compute.views import flavors as views
from nova.api.openstack import wsgi
from nova.api import validation
from nova import exception
from nova.i18n import _
from nova.objects import flavor as flavor_obj
from nova.policies import flavor_manage as fm_policies

VIEW = views.ViewBuilder()


def _parse_is_public(value):
    """``is_public`` query value: absent -> True, 'none' -> both."""
    if value is None:
        return True
    if value.strip().lower() == 'none':
        return None
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError:
        raise webob.exc.HTTPBadRequest(
            explanation=_('Invalid is_public filter [%s]') % value)


def _int_filter(req, param):
    try:
        return int(req.params[param])
    except ValueError:
        raise webob.exc.HTTPBadRequest(
            explanation=_('Invalid %(param)s filter [%(value)s]') % {
                'param': param, 'value': req.params[param]})


def _get_flavors(req):
    context = req.context
    filters = {}
    if context.is_admin:
        filters['is_public'] = _parse_is_public(req.params.get('is_public'))
    else:
        filters['is_public'] = True
        filters['disabled'] = False
    if 'minRam' in req.params:
        filters['min_memory_mb'] = _int_filter(req, 'minRam')
    if 'minDisk' in req.params:
        filters['min_root_gb'] = _int_filter(req, 'minDisk')
    limit, marker = common.get_limit_and_marker(req)
    try:
        return flavor_obj.FlavorList.get_all(
            context, filters=filters,
            sort_key=req.params.get('sort_key') or 'flavorid',
            sort_dir=req.params.get('sort_dir') or 'asc',
            limit=limit, marker=marker)
    except exception.MarkerNotFound:
        raise webob.exc.HTTPBadRequest(
            explanation=_('marker [%s] not found') % marker)


def get_flavor(context, flavor_id):
    """The flavor ``context`` may see, or FlavorNotFound (404)."""
    return flavor_obj.Flavor.get_by_flavor_id(context, flavor_id)


@wsgi.expected_errors(400)
def index(req):
    return VIEW.index(req, _get_flavors(req))


@wsgi.expected_errors(400)
def detail(req):
    return VIEW.detail(req, _get_flavors(req))


@wsgi.expected_errors(404)
def show(req, flavor_id):
    return VIEW.show(req, get_flavor(req.context, flavor_id))


@wsgi.expected_errors((400, 409))
@validation.schema(schema.create_v20, '2.0', '2.0')
@validation.schema(schema.create, '2.1')
def create(req, body):
    context = req.context
    context.can(fm_policies.POLICY_ROOT % 'create', target={})
    values = body['flavor']
    flavorid = values.get('id')
    try:
        is_public = strutils.bool_from_string(
            values.get('os-flavor-access:is_public', True), strict=True)
    except ValueError:
        raise webob.exc.HTTPBadRequest(
            explanation=_('is_public must be a boolean'))
    flavor = flavor_obj.Flavor(
        context=context.elevated(),
        name=values['name'],
        memory_mb=int(values['ram']),
        vcpus=int(values['vcpus']),
        root_gb=int(values['disk']),
        ephemeral_gb=int(values.get('OS-FLV-EXT-DATA:ephemeral', 0)),
        swap=int(values.get('swap', 0)),
        rxtx_factor=float(values.get('rxtx_factor', 1.0)),
        is_public=is_public,
        disabled=False,
        extra_specs={},
        projects=[],
    )
    if flavorid is not None:
        flavor.flavorid = str(flavorid)
    # A private flavor is not shared with the creator's project
    # automatically (v2.0 behaviour kept).
    flavor.create()
    return VIEW.show(req, flavor)


@wsgi.response(202)
@wsgi.expected_errors(404)
def delete(req, flavor_id):
    context = req.context
    context.can(fm_policies.POLICY_ROOT % 'delete', target={})
    flavor_obj.Flavor(context=context, flavorid=flavor_id).destroy()
