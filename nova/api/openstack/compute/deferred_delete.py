"""Soft-deleted servers: ``restore`` and ``forceDelete`` (with
``[DEFAULT] reclaim_instance_interval`` > 0, DELETE only soft-deletes)."""

from nova.api.openstack.compute import server_actions
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova.policies import deferred_delete as policies

COMPUTE_API = server_actions.COMPUTE_API


def _soft_deleted(req, server_id):
    instance = servers.get_server(req, server_id, ['flavor'],
                                  read_deleted='yes')
    req.context.can(policies.BASE_POLICY_NAME,
                    target={'project_id': instance.project_id})
    return instance


@wsgi.response(202)
@wsgi.expected_errors((403, 404, 409))
def restore(req, server_id, body):
    COMPUTE_API.restore(req.context, _soft_deleted(req, server_id))


@wsgi.response(202)
@wsgi.expected_errors((404, 409))
def force_delete(req, server_id, body):
    COMPUTE_API.force_delete(req.context, _soft_deleted(req, server_id))


ACTIONS = {
    'restore': restore,
    'forceDelete': force_delete,
}
