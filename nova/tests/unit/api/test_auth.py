"""The keystone context middleware, fed the headers auth_token sets."""

import json

import webob
import webob.dec

from nova.api.middleware import keystone
from nova.tests.unit.api import fixtures


@webob.dec.wsgify
def _echo(req):
    ctx = req.environ['nova.context']
    return webob.Response(json={
        'user_id': ctx.user_id, 'project_id': ctx.project_id,
        'roles': ctx.roles, 'is_admin': ctx.is_admin,
        'catalog': ctx.service_catalog})


def _call(headers):
    fixtures.ensure_config_parsed()
    req = webob.Request.blank('/', headers=headers)
    resp = req.get_response(keystone.KeystoneContext(_echo))
    return resp.status_int, json.loads(resp.body)


def test_context_from_identity_headers():
    catalog = [{'type': 'image', 'endpoints': []},
               {'type': 'object-store', 'endpoints': []}]
    status, body = _call({
        'X-Identity-Status': 'Confirmed', 'X-User-Id': 'u1',
        'X-Project-Id': 'p1', 'X-Roles': 'member,reader',
        'X-Service-Catalog': json.dumps(catalog)})
    assert status == 200
    assert body['user_id'] == 'u1' and body['project_id'] == 'p1'
    assert sorted(body['roles']) == ['member', 'reader']
    assert body['is_admin'] is False
    assert [s['type'] for s in body['catalog']] == ['image']


def test_admin_role_makes_an_admin_context():
    status, body = _call({'X-Identity-Status': 'Confirmed',
                          'X-User-Id': 'u1', 'X-Project-Id': 'p1',
                          'X-Roles': 'admin'})
    assert status == 200 and body['is_admin'] is True


def test_unconfirmed_identity_is_unauthorized():
    status, body = _call({'X-Identity-Status': 'Invalid'})
    assert status == 401
    assert body['unauthorized']['code'] == 401


def test_missing_project_is_unauthorized():
    status, _body = _call({'X-Identity-Status': 'Confirmed',
                           'X-User-Id': 'u1'})
    assert status == 401


def test_keystone_pipeline_builds():
    fixtures.ensure_config_parsed()
    app = keystone.pipeline(_echo)
    assert app is not None
