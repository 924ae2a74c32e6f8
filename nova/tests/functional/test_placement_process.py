"""nova-placement-api as a real process on fresh MariaDB databases.

Starts ``python -m nova.cmd.placement_api --config-file X`` on a free
port, walks a provider through its life over HTTP (create, inventory,
allocation, usages, candidates, delete), then stops it with SIGTERM and
expects exit status 0.
"""

import json
import signal
import socket
import urllib.error
import urllib.request
import uuid

from nova.tests.fixtures import database as db_fixtures
from nova.tests.functional import infra

HEADERS = {'X-Auth-Token': 'admin',
           'OpenStack-API-Version': 'placement latest'}


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class _Client(object):
    def __init__(self, base):
        self.base = base

    def call(self, method, path, body=None, headers=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data,
                                     method=method)
        for key, value in dict(HEADERS, **(headers or {})).items():
            req.add_header(key, value)
        if data is not None:
            req.add_header('Content-Type', 'application/json')
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                raw = resp.read()
                status = resp.status
        except urllib.error.HTTPError as e:
            raw = e.read()
            status = e.code
        return status, (json.loads(raw) if raw else None)


def _answers(client):
    try:
        return client.call('GET', '/')[0] == 200
    except OSError:
        return False


def test_placement_process_lifecycle(tmp_path):
    port = _free_port()
    with db_fixtures.synced_databases('mysql') as urls:
        conf = tmp_path / 'nova.conf'
        infra.write_conf(str(conf), {
            'DEFAULT': {'placement_listen': '127.0.0.1',
                        'placement_listen_port': port,
                        'placement_workers': 2},
            'api': {'auth_strategy': 'noauth2'},
            'api_database': {'connection': urls['api']},
            'database': {'connection': urls['main']},
        })
        daemon = infra.Daemon('nova-placement-api', 'nova.cmd.placement_api',
                              [str(conf)], str(tmp_path / 'placement.log'))
        daemon.start()
        try:
            client = _Client('http://127.0.0.1:%d' % port)
            infra.wait_for(lambda: _answers(client), 30,
                           what='placement to answer', daemons=[daemon])
            _exercise(client)
            daemon.signal(signal.SIGTERM)
            status = daemon.proc.wait(30)
            assert status == 0, daemon.log()[-3000:]
        finally:
            daemon.stop()


def _exercise(client):
    status, body = client.call('GET', '/', headers={'X-Auth-Token': ''})
    assert status == 200
    assert body['versions'][0]['min_version'] == '1.0'
    assert body['versions'][0]['max_version'] == '1.16'

    rp = str(uuid.uuid4())
    consumer = str(uuid.uuid4())
    assert client.call('POST', '/resource_providers',
                       {'name': 'compute1', 'uuid': rp})[0] == 201
    status, body = client.call(
        'PUT', '/resource_providers/%s/inventories' % rp,
        {'resource_provider_generation': 0,
         'inventories': {'VCPU': {'total': 4, 'allocation_ratio': 2.0},
                         'MEMORY_MB': {'total': 2048, 'reserved': 512}}})
    assert status == 200, body
    assert body['resource_provider_generation'] == 1

    status, body = client.call(
        'PUT', '/resource_providers/%s/inventories' % rp,
        {'resource_provider_generation': 0, 'inventories': {}})
    assert status == 409, body
    assert 'resource provider generation conflict' in (
        body['errors'][0]['detail'])

    status, body = client.call(
        'GET', '/allocation_candidates?resources=VCPU:2,MEMORY_MB:1024')
    assert status == 200, body
    # Allocation requests keyed by provider (1.12+), as PUT takes them.
    assert [list(r['allocations']) for r in body['allocation_requests']] \
        == [[rp]]

    allocation = {'allocations': body['allocation_requests'][0][
        'allocations'], 'project_id': 'project1', 'user_id': 'user1'}
    status, body = client.call('PUT', '/allocations/%s' % consumer,
                               allocation)
    assert status == 204, body

    status, body = client.call('GET', '/resource_providers/%s/usages' % rp)
    assert status == 200
    assert body['usages'] == {'VCPU': 2, 'MEMORY_MB': 1024}
    status, body = client.call('GET', '/usages?project_id=project1')
    assert body['usages'] == {'VCPU': 2, 'MEMORY_MB': 1024}

    too_much = dict(allocation)
    too_much['allocations'] = {rp: {'resources': {'MEMORY_MB': 1024}}}
    status, body = client.call('PUT', '/allocations/%s' % uuid.uuid4(),
                               too_much)
    assert status == 409, body

    assert client.call('DELETE', '/resource_providers/%s' % rp)[0] == 409
    assert client.call('DELETE', '/allocations/%s' % consumer)[0] == 204
    assert client.call('DELETE', '/resource_providers/%s' % rp)[0] == 204
    assert client.call('GET', '/resource_providers/%s' % rp)[0] == 404
