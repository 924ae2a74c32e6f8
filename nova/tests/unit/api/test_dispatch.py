"""The dispatcher on a made-up route table: version ranges, declared
errors, actions and body schemas."""

import json

import webob

from nova.api.openstack import wsgi
from nova.api import validation
from nova import context
from nova import exception


@wsgi.api_version('2.1', '2.9')
@wsgi.expected_errors(())
def old(req):
    return {'which': 'old'}


@wsgi.api_version('2.10')
@wsgi.expected_errors(())
def new(req):
    return {'which': 'new'}


@wsgi.api_version('2.20')
@wsgi.expected_errors(())
def recent_only(req):
    return {'which': 'recent'}


@wsgi.expected_errors(404)
def declared_404(req):
    raise exception.FlavorNotFound(flavor_id='x')


@wsgi.expected_errors(400)
def undeclared_404(req):
    raise exception.FlavorNotFound(flavor_id='x')


@wsgi.expected_errors(400)
def crashes(req):
    raise RuntimeError('boom')


@wsgi.expected_errors(())
def forbidden(req):
    raise exception.PolicyNotAuthorized(action='x:y')


@wsgi.response(202)
@wsgi.expected_errors(())
@validation.schema({'type': 'object',
                    'properties': {'a': {'type': 'integer'}},
                    'additionalProperties': False}, '2.1', '2.4')
@validation.schema({'type': 'object',
                    'properties': {'a': {'type': 'string'}},
                    'additionalProperties': False}, '2.5')
def accepts(req, body):
    return wsgi.ResponseObject({'got': body}, headers={'X-Thing': '1'})


@wsgi.expected_errors(())
def act_one(req, thing_id, body):
    return {'one': thing_id}


@wsgi.expected_errors(())
def act_two(req, thing_id, body):
    return None


ROUTES = (
    ('/things', {'GET': [old, new], 'POST': accepts}),
    ('/recent', {'GET': recent_only}),
    ('/errors/declared', {'GET': declared_404}),
    ('/errors/undeclared', {'GET': undeclared_404}),
    ('/errors/crash', {'GET': crashes}),
    ('/errors/forbidden', {'GET': forbidden}),
    ('/things/{thing_id}/action', {
        'POST': wsgi.Actions({'one': act_one}, {'two': act_two})}),
)

APP = wsgi.APIRouter(ROUTES)


def _call(path, method='GET', version=None, body=None, legacy=False):
    req = webob.Request.blank(path, method=method)
    req.environ['nova.context'] = context.RequestContext(
        user_id='u', project_id='p')
    if legacy:
        req.environ['nova.legacy_v2'] = True
    if version:
        req.headers['OpenStack-API-Version'] = 'compute %s' % version
    if body is not None:
        req.body = json.dumps(body).encode()
        req.content_type = 'application/json'
    resp = req.get_response(APP)
    return resp, (json.loads(resp.body) if resp.body else None)


def test_handler_chosen_by_version():
    assert _call('/things', version='2.9')[1] == {'which': 'old'}
    assert _call('/things', version='2.10')[1] == {'which': 'new'}
    assert _call('/things', version='latest')[1] == {'which': 'new'}
    assert _call('/things')[1] == {'which': 'old'}


def test_no_handler_for_version_is_404():
    resp, body = _call('/recent', version='2.19')
    assert resp.status_int == 404
    assert body['itemNotFound']['message'] == (
        'API version 2.19 is not supported on this method.')
    assert _call('/recent', version='2.20')[0].status_int == 200


def test_declared_error_becomes_its_fault():
    resp, body = _call('/errors/declared')
    assert resp.status_int == 404
    assert body == {'itemNotFound': {
        'code': 404, 'message': 'Flavor x could not be found.'}}


def test_undeclared_error_is_a_500(caplog):
    resp, body = _call('/errors/undeclared')
    assert resp.status_int == 500
    assert body['computeFault']['code'] == 500
    assert 'Unexpected API Error' in body['computeFault']['message']


def test_crash_is_a_500_logged_once(caplog):
    resp, body = _call('/errors/crash')
    assert resp.status_int == 500
    assert "<class 'RuntimeError'>" in body['computeFault']['message']
    tracebacks = [r for r in caplog.records if r.exc_info]
    assert len(tracebacks) == 1


def test_forbidden_always_allowed():
    resp, body = _call('/errors/forbidden')
    assert resp.status_int == 403
    assert body['forbidden']['message'] == (
        "Policy doesn't allow x:y to be performed.")


def test_schema_chosen_by_version_and_response_object():
    resp, body = _call('/things', 'POST', '2.4', {'a': 1})
    assert resp.status_int == 202
    assert resp.headers['X-Thing'] == '1'
    assert body == {'got': {'a': 1}}
    resp, body = _call('/things', 'POST', '2.5', {'a': 1})
    assert resp.status_int == 400
    assert body['badRequest']['message'].startswith(
        'Invalid input for field/attribute a. Value: 1.')


def test_legacy_v2_relaxes_additional_properties():
    resp, _body = _call('/things', 'POST', body={'a': 1, 'b': 2})
    assert resp.status_int == 400
    resp, body = _call('/things', 'POST', body={'a': 1, 'b': 2},
                       legacy=True)
    assert resp.status_int == 202
    assert 'OpenStack-API-Version' not in resp.headers


def test_actions_dispatch_on_body_key():
    resp, body = _call('/things/7/action', 'POST', body={'one': {}})
    assert body == {'one': '7'}
    resp, body = _call('/things/7/action', 'POST', body={'two': {}})
    assert resp.status_int == 200 and body is None


def test_actions_must_not_be_defined_twice():
    try:
        wsgi.Actions({'one': act_one}, {'one': act_two})
    except ValueError:
        return
    raise AssertionError('duplicate action accepted')
