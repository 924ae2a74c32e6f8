"""Pausing and unpausing servers (``pause``/``unpause``)."""

from nova.api.openstack.compute import server_actions
from nova.api.openstack import wsgi
from nova.policies import pause_server as policies

COMPUTE_API = server_actions.COMPUTE_API


@wsgi.response(202)
@wsgi.expected_errors(server_actions.ACTION_ERRORS)
def pause(req, server_id, body):
    instance = server_actions.instance_for_action(
        req, server_id, policies.POLICY_ROOT % 'pause')
    COMPUTE_API.pause(req.context, instance)


@wsgi.response(202)
@wsgi.expected_errors(server_actions.ACTION_ERRORS)
def unpause(req, server_id, body):
    instance = server_actions.instance_for_action(
        req, server_id, policies.POLICY_ROOT % 'unpause')
    COMPUTE_API.unpause(req.context, instance)


ACTIONS = {
    'pause': pause,
    'unpause': unpause,
}
