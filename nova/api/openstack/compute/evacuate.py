"""Evacuating a server from a failed host (``evacuate``): rebuild it
elsewhere.  Before 2.14 ``onSharedStorage`` is required and the response
carries ``adminPass``; from 2.14 the storage is detected and the body is
empty."""

from oslo_utils import strutils
import webob.exc

from nova.api.openstack.compute.schemas import servers as schema
from nova.api.openstack.compute import server_actions
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova.api import validation
from nova.i18n import _
from nova.policies import evacuate as policies

COMPUTE_API = server_actions.COMPUTE_API


@wsgi.expected_errors((400, 404, 409))
@validation.schema(schema.evacuate, '2.0', '2.13')
@validation.schema(schema.evacuate_v214, '2.14', '2.28')
@validation.schema(schema.evacuate_v229, '2.29')
def evacuate(req, server_id, body):
    context = req.context
    instance = server_actions.instance_for_action(
        req, server_id, policies.BASE_POLICY_NAME)
    values = body['evacuate']
    host = values.get('host')
    shared = None
    if 'onSharedStorage' in values:
        shared = strutils.bool_from_string(values['onSharedStorage'])
    password = values.get('adminPass')
    if password is not None and shared:
        # The disk is kept as it is: nothing would set the password.
        raise webob.exc.HTTPBadRequest(
            explanation=_("admin password can't be changed on existing "
                          "disk"))
    if password is None and not shared:
        password = servers.generate_password()
    # Before 2.29 a named host is used as it is (no scheduler check).
    force = None
    if req.api_version_request.matches('2.29'):
        force = strutils.bool_from_string(values.get('force', False))
    if force and not host:
        raise webob.exc.HTTPBadRequest(
            explanation=_("Can't force to a non-provided destination"))
    COMPUTE_API.evacuate(context, instance, host, shared,
                         admin_password=password, force=force)
    if (req.api_version_request.matches('2.14') or
            not servers.CONF.api.enable_instance_password):
        return None
    return {'adminPass': password}


ACTIONS = {'evacuate': evacuate}
