"""Private flavor access: list, addTenantAccess, removeTenantAccess."""

import webob.exc

from nova.api.openstack.compute import flavors
from nova.api.openstack.compute.schemas import flavor_access as schema
from nova.api.openstack import wsgi
from nova.api import validation
from nova.i18n import _
from nova.policies import flavor_access as policies


def _access_list(flavor):
    return {'flavor_access': [
        {'flavor_id': flavor.flavorid, 'tenant_id': project_id}
        for project_id in flavor.projects]}


@wsgi.expected_errors(404)
def index(req, flavor_id):
    req.context.can(policies.BASE_POLICY_NAME)
    flavor = flavors.get_flavor(req.context, flavor_id)
    if flavor.is_public:
        raise webob.exc.HTTPNotFound(
            explanation=_("Access list not available for public flavors."))
    return _access_list(flavor)


@wsgi.expected_errors((400, 403, 404, 409))
@validation.schema(schema.add_tenant_access)
def add_tenant_access(req, flavor_id, body):
    context = req.context
    context.can(policies.POLICY_ROOT % 'add_tenant_access')
    tenant = body['addTenantAccess']['tenant']
    flavor = flavors.get_flavor(context, flavor_id)
    # Since 2.7 sharing a public flavor is refused instead of recorded.
    if flavor.is_public and req.api_version_request.matches('2.7'):
        raise webob.exc.HTTPConflict(
            explanation=_("Can not add access to a public flavor."))
    flavor.add_access(tenant)
    return _access_list(flavor)


@wsgi.expected_errors((400, 403, 404))
@validation.schema(schema.remove_tenant_access)
def remove_tenant_access(req, flavor_id, body):
    context = req.context
    context.can(policies.POLICY_ROOT % 'remove_tenant_access')
    tenant = body['removeTenantAccess']['tenant']
    flavor = flavors.get_flavor(context, flavor_id)
    flavor.remove_access(tenant)
    return _access_list(flavor)


ACTIONS = {
    'addTenantAccess': add_tenant_access,
    'removeTenantAccess': remove_tenant_access,
}
