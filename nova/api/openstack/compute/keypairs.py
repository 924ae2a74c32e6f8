"""Key pairs (os-keypairs): create or import, list, show, delete.

Key pairs belong to a user and live in the API database.  Microversions:
2.2 key types (``ssh``, ``x509``), 201 on create and 204 on delete; 2.10
``user_id`` (body of create, query of the others) for administrators;
2.35 ``limit`` and ``marker`` on the list.  The count of a user's key
pairs is limited by the ``key_pairs`` quota.
"""

import string

import webob.exc

from nova.api.openstack import common
from nova.api.openstack.compute.schemas import keypairs as schema
from nova.api.openstack.compute.views import keypairs as views
from nova.api.openstack import wsgi
from nova.api import validation
from nova import crypto
from nova import exception
from nova.i18n import _
from nova.objects import keypair as keypair_obj
from nova.objects import quotas as quotas_obj
from nova.policies import keypairs as policies

TYPES_SINCE = '2.2'
USER_ID_SINCE = '2.10'
PAGING_SINCE = '2.35'
_SAFE_CHARS = set('_- ' + string.digits + string.ascii_letters)


def _user_id(req, requested):
    """Whose key pairs: ``requested`` (2.10+) or the caller's own."""
    if requested is not None and req.api_version_request.matches(
            USER_ID_SINCE):
        return requested
    return req.context.user_id


def _authorize(req, action, user_id):
    req.context.can(policies.POLICY_ROOT % action,
                    target={'user_id': user_id})


def _check_name(name):
    if not set(name) <= _SAFE_CHARS:
        raise exception.InvalidKeypair(
            reason=_('Keypair name contains unsafe characters'))
    if not 1 <= len(name) <= 255:
        raise exception.InvalidKeypair(reason=_(
            'Keypair name must be string and between 1 and 255 characters '
            'long'))


def _check_quota(context, user_id):
    try:
        quotas_obj.Quotas.check_deltas(context, {'key_pairs': 1}, user_id)
    except exception.OverQuota:
        raise webob.exc.HTTPForbidden(
            explanation=_('Quota exceeded, too many key pairs.'))


def _key_material(key_type, user_id, public_key):
    """(private key or None, public key, fingerprint)."""
    if public_key is None:
        if key_type == keypair_obj.KEYPAIR_TYPE_X509:
            return crypto.generate_winrm_x509_cert(user_id)
        return crypto.generate_key_pair()
    if key_type == keypair_obj.KEYPAIR_TYPE_X509:
        return None, public_key, crypto.generate_x509_fingerprint(public_key)
    return None, public_key, crypto.generate_fingerprint(public_key)


@wsgi.expected_errors((400, 403, 409))
@validation.schema(schema.create_v20, '2.0', '2.0')
@validation.schema(schema.create, '2.1', '2.1')
@validation.schema(schema.create_v22, '2.2', '2.9')
@validation.schema(schema.create_v210, '2.10')
def create(req, body):
    context = req.context
    values = body['keypair']
    user_id = _user_id(req, values.get('user_id'))
    _authorize(req, 'create', user_id)
    name = values['name'].strip()
    key_type = values.get('type', keypair_obj.KEYPAIR_TYPE_SSH)
    _check_name(name)
    _check_quota(context, user_id)
    private_key, public_key, fingerprint = _key_material(
        key_type, user_id, values.get('public_key'))
    keypair = keypair_obj.KeyPair(
        context, name=name, user_id=user_id, type=key_type,
        public_key=public_key, fingerprint=fingerprint)
    keypair.create()
    code = 201 if req.api_version_request.matches(TYPES_SINCE) else 200
    return wsgi.ResponseObject(views.created(req, keypair, private_key),
                               code=code)


@wsgi.expected_errors((400, 403))
def index(req):
    context = req.context
    user_id = _user_id(req, req.params.get('user_id'))
    _authorize(req, 'index', user_id)
    paged = req.api_version_request.matches(PAGING_SINCE)
    limit = marker = None
    if paged:
        limit, marker = common.get_limit_and_marker(req)
    try:
        keypairs = keypair_obj.KeyPairList.get_by_user(
            context, user_id, limit=limit, marker=marker)
    except exception.MarkerNotFound as e:
        raise webob.exc.HTTPBadRequest(explanation=e.format_message())
    return views.index(req, keypairs, paged)


@wsgi.expected_errors((403, 404))
def show(req, keypair_name):
    context = req.context
    user_id = _user_id(req, req.params.get('user_id'))
    _authorize(req, 'show', user_id)
    return views.show(req, keypair_obj.KeyPair.get_by_name(
        context, user_id, keypair_name))


@wsgi.expected_errors((403, 404))
def delete(req, keypair_name):
    context = req.context
    user_id = _user_id(req, req.params.get('user_id'))
    _authorize(req, 'delete', user_id)
    keypair_obj.KeyPair.destroy_by_name(context, user_id, keypair_name)
    code = 204 if req.api_version_request.matches(TYPES_SINCE) else 202
    return wsgi.ResponseObject(None, code=code)
