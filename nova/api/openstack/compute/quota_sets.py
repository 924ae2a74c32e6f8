"""Quota limits of a project, or of a user in it (``os-quota-sets``).

``GET /os-quota-sets/{tenant_id}`` shows the limits that apply (with
``?user_id=`` those of a user), ``/detail`` adds what is in use,
``/defaults`` shows the defaults.  Administrators set limits with ``PUT``
(refused below current usage, or above the project's limit for a user,
unless ``force``) and reset them with ``DELETE``.  2.36 drops the network
quotas (fixed and floating IPs, security groups and rules) from bodies.
Limits, defaults and usage come from the quota engine (nova.quota).
"""

import webob.exc

from nova.api.openstack.compute.schemas import quota_sets as schema
from nova.api.openstack.compute.views import quota_sets as views
from nova.api.openstack import wsgi
from nova.api import validation
from nova.i18n import _
from nova.objects import quotas as quotas_obj
from nova.policies import quota_sets as policies
from nova import quota
from oslo_utils import strutils

QUOTAS = quota.QUOTAS


def _user_id(req):
    return req.params.get('user_id') or None


def _limits(context, project_id, user_id, usages):
    if user_id:
        return QUOTAS.get_user_quotas(context, project_id, user_id,
                                      usages=usages)
    return QUOTAS.get_project_quotas(context, project_id, usages=usages)


def _body(req, values, set_id=None):
    return {'quota_set': views.quota_body(views.api_names(req), values,
                                          set_id)}


@wsgi.expected_errors(())
def show(req, tenant_id):
    context = req.context
    context.can(policies.POLICY_ROOT % 'show', target={
        'project_id': tenant_id})
    limits = _limits(context, tenant_id, _user_id(req), usages=False)
    return _body(req, {k: v['limit'] for k, v in limits.items()}, tenant_id)


@wsgi.expected_errors(())
def detail(req, tenant_id):
    context = req.context
    context.can(policies.POLICY_ROOT % 'detail', target={
        'project_id': tenant_id})
    limits = _limits(context, tenant_id, _user_id(req), usages=True)
    return _body(req, {k: {'limit': v['limit'], 'in_use': v['in_use'],
                           'reserved': v['reserved']}
                       for k, v in limits.items()}, tenant_id)


@wsgi.expected_errors(())
def defaults(req, tenant_id):
    context = req.context
    context.can(policies.POLICY_ROOT % 'defaults', target={
        'project_id': tenant_id})
    return _body(req, QUOTAS.get_defaults(context), tenant_id)


def _check_limit(name, value, minimum, maximum):
    """Refuse a limit below what is used or above the ceiling (-1 is
    infinity on every side)."""
    def inf(v):
        return float('inf') if v == -1 else v

    if inf(value) < inf(minimum):
        raise webob.exc.HTTPBadRequest(explanation=_(
            "Quota limit %(limit)s for %(resource)s must be greater than "
            "or equal to already used and reserved %(minimum)s.") % {
                'limit': value, 'resource': name, 'minimum': minimum})
    if inf(value) > inf(maximum):
        raise webob.exc.HTTPBadRequest(explanation=_(
            "Quota limit %(limit)s for %(resource)s must be less than or "
            "equal to %(maximum)s.") % {
                'limit': value, 'resource': name, 'maximum': maximum})


@wsgi.expected_errors(400)
@validation.schema(schema.update, '2.0', '2.35')
@validation.schema(schema.update_v236, '2.36')
def update(req, tenant_id, body):
    context = req.context
    context.can(policies.POLICY_ROOT % 'update', target={
        'project_id': tenant_id})
    user_id = _user_id(req)
    values = dict(body['quota_set'])
    force = strutils.bool_from_string(values.pop('force', False))
    wanted = {}
    for name, value in values.items():
        if name not in views.API_TO_RESOURCE or (
                value in ('', None) and value != 0):
            continue  # /v2 tolerates unknown names; '' changes nothing
        wanted[name] = int(value)
    if not force and wanted:
        settable = QUOTAS.get_settable_quotas(context, tenant_id,
                                              user_id=user_id)
        for name, value in wanted.items():
            bounds = settable[views.API_TO_RESOURCE[name]]
            _check_limit(name, value, bounds['minimum'], bounds['maximum'])
    for name, value in wanted.items():
        quotas_obj.Quotas.set_limit(context, tenant_id,
                                    views.API_TO_RESOURCE[name], value,
                                    user_id=user_id)
    limits = _limits(context, tenant_id, user_id, usages=False)
    return _body(req, {k: v['limit'] for k, v in limits.items()})


@wsgi.response(202)
@wsgi.expected_errors(())
def delete(req, tenant_id):
    context = req.context
    context.can(policies.POLICY_ROOT % 'delete', target={
        'project_id': tenant_id})
    user_id = _user_id(req)
    if user_id:
        quotas_obj.Quotas.destroy_all_by_project_and_user(
            context, tenant_id, user_id)
    else:
        quotas_obj.Quotas.destroy_all_by_project(context, tenant_id)
