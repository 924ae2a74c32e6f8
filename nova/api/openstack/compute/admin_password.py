"""Changing the administrator password inside a server
(``changePassword``)."""

from nova.api.openstack.compute.schemas import servers as schema
from nova.api.openstack.compute import server_actions
from nova.api.openstack import wsgi
from nova.api import validation
from nova.policies import admin_password as policies

COMPUTE_API = server_actions.COMPUTE_API


@wsgi.response(202)
@wsgi.expected_errors((404, 409, 501))
@validation.schema(schema.change_password)
def change_password(req, server_id, body):
    instance = server_actions.instance_for_action(
        req, server_id, policies.BASE_POLICY_NAME, [])
    COMPUTE_API.set_admin_password(req.context, instance,
                                   body['changePassword']['adminPass'])


ACTIONS = {'changePassword': change_password}
