"""Suspending and resuming servers (``suspend``/``resume``)."""

from nova.api.openstack.compute import server_actions
from nova.api.openstack import wsgi
from nova.policies import suspend_server as policies

COMPUTE_API = server_actions.COMPUTE_API


@wsgi.response(202)
@wsgi.expected_errors(server_actions.ACTION_ERRORS)
def suspend(req, server_id, body):
    instance = server_actions.instance_for_action(
        req, server_id, policies.POLICY_ROOT % 'suspend')
    COMPUTE_API.suspend(req.context, instance)


@wsgi.response(202)
@wsgi.expected_errors(server_actions.ACTION_ERRORS)
def resume(req, server_id, body):
    instance = server_actions.instance_for_action(
        req, server_id, policies.POLICY_ROOT % 'resume')
    COMPUTE_API.resume(req.context, instance)


ACTIONS = {
    'suspend': suspend,
    'resume': resume,
}
