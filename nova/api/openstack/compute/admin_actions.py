"""Administrative actions: ``os-resetState`` (back to active or error,
no task)."""

from nova.api.openstack.compute.schemas import servers as schema
from nova.api.openstack.compute import server_actions
from nova.api.openstack import wsgi
from nova.api import validation
from nova.policies import admin_actions as policies

COMPUTE_API = server_actions.COMPUTE_API


@wsgi.response(202)
@wsgi.expected_errors((404, 409))
@validation.schema(schema.reset_state)
def reset_state(req, server_id, body):
    instance = server_actions.instance_for_action(
        req, server_id, policies.POLICY_ROOT % 'reset_state', [])
    COMPUTE_API.reset_state(req.context, instance,
                            body['os-resetState']['state'])


ACTIONS = {'os-resetState': reset_state}
