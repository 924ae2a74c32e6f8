"""Locking servers (``lock``/``unlock``).

A locked server refuses actions from non-admins.  Whoever locked it may
unlock it; unlocking a server somebody else locked needs
``os-lock-server:unlock:unlock_override`` (administrators).
"""

from nova.api.openstack.compute import server_actions
from nova.api.openstack import wsgi
from nova.policies import lock_server as policies

COMPUTE_API = server_actions.COMPUTE_API


@wsgi.response(202)
@wsgi.expected_errors((404, 409))
def lock(req, server_id, body):
    instance = server_actions.instance_for_action(
        req, server_id, policies.POLICY_ROOT % 'lock', [])
    COMPUTE_API.lock(req.context, instance)


@wsgi.response(202)
@wsgi.expected_errors((404, 409))
def unlock(req, server_id, body):
    context = req.context
    instance = server_actions.instance_for_action(
        req, server_id, policies.POLICY_ROOT % 'unlock', [])
    if not COMPUTE_API.is_expected_locked_by(context, instance):
        context.can(policies.POLICY_ROOT % 'unlock:unlock_override',
                    target={'project_id': instance.project_id})
    COMPUTE_API.unlock(context, instance)


ACTIONS = {
    'lock': lock,
    'unlock': unlock,
}
