"""Server metadata: ``/servers/{server_id}/metadata[/{key}]``."""

import webob.exc

from nova.api.openstack.compute.schemas import server_metadata as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova.api import validation
from nova.i18n import _
from nova.policies import server_metadata as policies

COMPUTE_API = servers.COMPUTE_API
_WRITE_ERRORS = (400, 403, 404, 409)


def _instance(req, server_id, action):
    instance = servers.get_server(req, server_id, ['metadata'])
    req.context.can(policies.POLICY_ROOT % action,
                    target={'project_id': instance.project_id})
    return instance


@wsgi.expected_errors(404)
def index(req, server_id):
    return {'metadata': dict(_instance(req, server_id, 'index').metadata)}


@wsgi.expected_errors(404)
def show(req, server_id, key):
    metadata = _instance(req, server_id, 'show').metadata
    if key not in metadata:
        raise webob.exc.HTTPNotFound(
            explanation=_('Metadata item was not found'))
    return {'meta': {key: metadata[key]}}


@wsgi.expected_errors(_WRITE_ERRORS)
@validation.schema(schema.create)
def create(req, server_id, body):
    instance = _instance(req, server_id, 'create')
    return {'metadata': COMPUTE_API.update_instance_metadata(
        req.context, instance, body['metadata'])}


@wsgi.expected_errors(_WRITE_ERRORS)
@validation.schema(schema.update_all)
def update_all(req, server_id, body):
    instance = _instance(req, server_id, 'update_all')
    return {'metadata': COMPUTE_API.update_instance_metadata(
        req.context, instance, body['metadata'], delete=True)}


@wsgi.expected_errors(_WRITE_ERRORS)
@validation.schema(schema.update)
def update(req, server_id, key, body):
    meta = body['meta']
    if key not in meta:
        raise webob.exc.HTTPBadRequest(
            explanation=_('Request body and URI mismatch'))
    instance = _instance(req, server_id, 'update')
    COMPUTE_API.update_instance_metadata(req.context, instance, meta)
    return {'meta': meta}


@wsgi.response(204)
@wsgi.expected_errors((404, 409))
def delete(req, server_id, key):
    instance = _instance(req, server_id, 'delete')
    if key not in instance.metadata:
        raise webob.exc.HTTPNotFound(
            explanation=_('Metadata item was not found'))
    COMPUTE_API.delete_instance_metadata(req.context, instance, key)
