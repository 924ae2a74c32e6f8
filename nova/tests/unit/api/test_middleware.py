"""The outer WSGI middleware nova-api and placement share: the fault
wrapper (an exception nobody handled becomes a fault response) and the
request log (one line per request)."""

import logging

import webob
import webob.exc

from nova.api.middleware import faultwrap
from nova.api.middleware import requestlog
from nova import exception


def _raising(exc, start_first=False):
    def app(environ, start_response):
        if start_first:
            start_response('200 OK', [('Content-Type', 'text/plain')])
        raise exc
    return app


def _call(app, path='/v2.1/servers?limit=1'):
    return webob.Request.blank(path).get_response(app)


def test_an_unexpected_error_is_a_500_compute_fault(caplog):
    with caplog.at_level(logging.ERROR):
        resp = _call(faultwrap.FaultWrapper(_raising(RuntimeError('boom'))))
    assert resp.status_int == 500
    assert resp.json['computeFault']['code'] == 500
    assert 'boom' not in resp.text
    assert [r for r in caplog.records if 'boom' in r.getMessage()]


def test_an_error_with_a_status_keeps_it():
    resp = _call(faultwrap.FaultWrapper(
        _raising(exception.InstanceNotFound(instance_id='x'))))
    assert resp.status_int == 404
    assert (resp.json['itemNotFound']['message'] ==
            'Instance x could not be found.')
    resp = _call(faultwrap.FaultWrapper(
        _raising(webob.exc.HTTPForbidden(explanation='no'))))
    assert resp.status_int == 403
    assert resp.json['forbidden']['message'] == 'no'


def test_a_response_started_before_the_error_is_replaced():
    resp = _call(faultwrap.FaultWrapper(
        _raising(RuntimeError('late'), start_first=True)))
    assert resp.status_int == 500
    assert resp.content_type == 'application/json'


def test_one_log_line_per_request(caplog):
    def app(environ, start_response):
        start_response('202 Accepted', [
            ('Content-Length', '2'),
            ('X-OpenStack-Nova-API-Version', '2.37')])
        return [b'{}']

    with caplog.at_level(logging.INFO, logger=requestlog.__name__):
        resp = _call(requestlog.RequestLog(app), '/v2.1/servers?a=b%20c')
    assert resp.status_int == 202 and resp.body == b'{}'
    (line,) = [r.getMessage() for r in caplog.records
               if r.name == requestlog.__name__]
    assert '"GET /v2.1/servers?a=b%20c" status: 202 len: 2' in line
    assert 'microversion: 2.37 time: ' in line
