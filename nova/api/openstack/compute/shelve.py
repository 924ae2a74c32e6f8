"""Shelving servers (``shelve``, ``shelveOffload``, ``unshelve``)."""

from nova.api.openstack.compute import server_actions
from nova.api.openstack import wsgi
from nova.policies import shelve as policies

COMPUTE_API = server_actions.COMPUTE_API


@wsgi.response(202)
@wsgi.expected_errors(server_actions.ACTION_ERRORS)
def shelve(req, server_id, body):
    instance = server_actions.instance_for_action(
        req, server_id, policies.POLICY_ROOT % 'shelve')
    COMPUTE_API.shelve(req.context, instance)


@wsgi.response(202)
@wsgi.expected_errors(server_actions.ACTION_ERRORS)
def shelve_offload(req, server_id, body):
    instance = server_actions.instance_for_action(
        req, server_id, policies.POLICY_ROOT % 'shelve_offload')
    COMPUTE_API.shelve_offload(req.context, instance)


@wsgi.response(202)
@wsgi.expected_errors(server_actions.ACTION_ERRORS)
def unshelve(req, server_id, body):
    instance = server_actions.instance_for_action(
        req, server_id, policies.POLICY_ROOT % 'unshelve')
    COMPUTE_API.unshelve(req.context, instance)


ACTIONS = {
    'shelve': shelve,
    'shelveOffload': shelve_offload,
    'unshelve': unshelve,
}
