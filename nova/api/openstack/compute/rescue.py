"""Rescue mode (``rescue``/``unrescue``)."""

from nova.api.openstack.compute.schemas import servers as schema
from nova.api.openstack.compute import server_actions
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova.api import validation
from nova.policies import rescue as policies

COMPUTE_API = server_actions.COMPUTE_API


@wsgi.expected_errors(server_actions.ACTION_ERRORS)
@validation.schema(schema.rescue)
def rescue(req, server_id, body):
    instance = server_actions.instance_for_action(
        req, server_id, policies.BASE_POLICY_NAME)
    values = body['rescue'] or {}
    password = values.get('adminPass') or servers.generate_password()
    COMPUTE_API.rescue(req.context, instance, rescue_password=password,
                       rescue_image_ref=values.get('rescue_image_ref'))
    if servers.CONF.api.enable_instance_password:
        return {'adminPass': password}
    return {}


@wsgi.response(202)
@wsgi.expected_errors(server_actions.ACTION_ERRORS)
def unrescue(req, server_id, body):
    instance = server_actions.instance_for_action(
        req, server_id, policies.BASE_POLICY_NAME)
    COMPUTE_API.unrescue(req.context, instance)


ACTIONS = {
    'rescue': rescue,
    'unrescue': unrescue,
}
