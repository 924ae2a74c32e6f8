"""Key pair bodies of os-keypairs."""

from nova.api.openstack import common
from nova.api.openstack.compute.views import services as service_views

TYPE_SINCE = '2.2'


class ViewBuilder(common.ViewBuilder):
    collection_name = 'os-keypairs'


def _with_type(req, body, keypair):
    if req.api_version_request.matches(TYPE_SINCE):
        body['type'] = keypair.type
    return body


def created(req, keypair, private_key=None):
    """The response to a create; the private key only when generated."""
    body = {'name': keypair.name, 'public_key': keypair.public_key,
            'fingerprint': keypair.fingerprint,
            'user_id': keypair.user_id}
    if private_key is not None:
        body['private_key'] = private_key
    return {'keypair': _with_type(req, body, keypair)}


def show(req, keypair):
    body = {
        'name': keypair.name, 'public_key': keypair.public_key,
        'fingerprint': keypair.fingerprint, 'user_id': keypair.user_id,
        'id': keypair.id,
        'created_at': service_views.isotime(keypair.created_at),
        'updated_at': service_views.isotime(keypair.updated_at),
        'deleted_at': service_views.isotime(keypair.deleted_at),
        'deleted': keypair.deleted,
    }
    return {'keypair': _with_type(req, body, keypair)}


def index(req, keypairs, paged):
    body = {'keypairs': [
        {'keypair': _with_type(req, {'name': kp.name,
                                     'public_key': kp.public_key,
                                     'fingerprint': kp.fingerprint}, kp)}
        for kp in keypairs]}
    if paged:
        links = ViewBuilder().collection_links(req, keypairs, 'os-keypairs',
                                               'name')
        if links:
            body['keypairs_links'] = links
    return body
