"""``nova.wsgi.osapi_compute:application`` under a separate WSGI server
(the standard library's wsgiref, in its own process), configured the way
uwsgi/mod_wsgi deployments configure it: OS_NOVA_CONFIG_DIR and
OS_NOVA_CONFIG_FILES."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from nova.db import migration

_SERVE = '''
import sys
from wsgiref.simple_server import make_server
from nova.wsgi import osapi_compute
make_server('127.0.0.1', int(sys.argv[1]),
            osapi_compute.application).serve_forever()
'''


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _request(url, token='admin:admin', headers=None):
    req = urllib.request.Request(url, headers=dict(
        {'X-Auth-Token': token}, **(headers or {})))
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            return resp.status, resp.headers, json.loads(resp.read())
    except urllib.error.HTTPError as e:
        return e.code, e.headers, json.loads(e.read())


def test_application_serves_under_a_wsgi_server(tmp_path):
    db_url = 'sqlite:///%s' % (tmp_path / 'api.db')
    migration.db_sync('api', url=db_url)
    (tmp_path / 'nova.conf').write_text(
        '[DEFAULT]\ntransport_url = fake:/\n'
        '[api]\nauth_strategy = noauth2\n'
        '[api_database]\nconnection = %s\n' % db_url)
    (tmp_path / 'extra.conf').write_text(
        '[oslo_middleware]\nmax_request_body_size = 1000\n')
    port = _free_port()
    env = dict(os.environ, OS_NOVA_CONFIG_DIR=str(tmp_path),
               OS_NOVA_CONFIG_FILES='nova.conf;extra.conf')
    proc = subprocess.Popen([sys.executable, '-c', _SERVE, str(port)],
                            env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    base = 'http://127.0.0.1:%d' % port
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, _headers, body = _request(base + '/')
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        assert status == 200
        assert body['versions'][1]['version'] == '2.53'
        status, headers, body = _request(
            base + '/v2.1/flavors',
            headers={'OpenStack-API-Version': 'compute 2.50'})
        assert (status, body) == (200, {'flavors': []})
        assert headers['OpenStack-API-Version'] == 'compute 2.50'
        status, _headers, body = _request(base + '/v2.1/flavors',
                                          token='alice:proj1')
        assert status == 200
        status, _headers, body = _request(base + '/v2.1/os-services',
                                          token='alice:proj1')
        assert status == 403
        assert body['forbidden']['code'] == 403
        # The second config file applies: a 2000-byte body is too large.
        req = urllib.request.Request(
            base + '/v2.1/flavors', method='POST',
            data=json.dumps({'flavor': {'name': 'x' * 2000}}).encode(),
            headers={'X-Auth-Token': 'admin:admin',
                     'Content-Type': 'application/json'})
        try:
            urllib.request.urlopen(req, timeout=5)
            raise AssertionError('no 413')
        except urllib.error.HTTPError as e:
            assert e.code == 413
            assert json.loads(e.read())['overLimit']['message'] == (
                'Request is too large. Larger than max_request_body_size '
                '(1000).')
    finally:
        proc.kill()
        proc.wait()
        output = proc.stdout.read().decode()
        proc.stdout.close()
    assert 'Traceback' not in output, output
