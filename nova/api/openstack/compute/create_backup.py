"""Backups (``createBackup``): a snapshot kept in a rotation of
``rotation`` images of type ``backup_type``."""

from nova.api.openstack import common
from nova.api.openstack.compute.schemas import servers as schema
from nova.api.openstack.compute import server_actions
from nova.api.openstack import wsgi
from nova.api import validation
from nova.policies import create_backup as policies

COMPUTE_API = server_actions.COMPUTE_API


@wsgi.response(202)
@wsgi.expected_errors((400, 403, 404, 409))
@validation.schema(schema.create_backup)
def create_backup(req, server_id, body):
    instance = server_actions.instance_for_action(
        req, server_id, policies.BASE_POLICY_NAME)
    values = body['createBackup']
    image = COMPUTE_API.backup(req.context, instance, values['name'],
                               values['backup_type'],
                               int(values['rotation']),
                               extra_properties=values.get('metadata'))
    if req.api_version_request.matches('2.45'):
        return {'image_id': image['id']}
    if int(values['rotation']) == 0:
        # Rotation 0 keeps no backup: there is nothing to point at.
        return None
    return wsgi.ResponseObject(None, headers={
        'Location': common.url_join(req.application_url, 'images',
                                    image['id'])})


ACTIONS = {'createBackup': create_backup}
