"""The fault builder's overLimit handling: a ``Retry-After`` given with a
413 or 429 is sent as the header and repeated as ``retryAfter`` in the
body (no route of 2.1-2.53 raises one today; the machinery is kept for
the statuses upstream defines it for)."""

import json

import webob.exc

from nova.api.openstack import faults


def test_413_with_retry_after_repeats_it_in_the_body():
    exc = webob.exc.HTTPRequestEntityTooLarge(
        explanation='Too many', headers={'Retry-After': '30'})
    resp = faults.from_exception(exc)
    assert resp.status_int == 413
    assert resp.headers['Retry-After'] == '30'
    assert json.loads(resp.body) == {'overLimit': {
        'code': 413, 'message': 'Too many', 'retryAfter': '30'}}


def test_429_is_overlimit_too():
    resp = faults.build(429, 'Slow down', {'Retry-After': 5})
    assert resp.headers['Retry-After'] == '5'
    assert json.loads(resp.body)['overLimit']['retryAfter'] == '5'


def test_403_keeps_retry_after_as_a_header_only():
    exc = webob.exc.HTTPForbidden(explanation='Quota exceeded',
                                  headers={'Retry-After': '0'})
    resp = faults.from_exception(exc)
    assert resp.headers['Retry-After'] == '0'
    assert json.loads(resp.body) == {'forbidden': {
        'code': 403, 'message': 'Quota exceeded'}}


def test_413_without_retry_after_has_no_retry_after():
    resp = faults.build(413, 'Request is too large.')
    assert 'Retry-After' not in resp.headers
    assert 'retryAfter' not in json.loads(resp.body)['overLimit']
