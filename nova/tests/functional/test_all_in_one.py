"""README command 1: nova-all brings up the cloud as separate processes
and Ctrl-C leaves nothing behind."""

import os
import signal
import socket
import subprocess
import sys

import psutil
import pytest
import requests
import sqlalchemy as sa

from nova.db import engine as db_engine
from nova.db.main import models
from nova.tests.functional import infra


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


@pytest.fixture
def vhost():
    name = 'nova-aio-%s' % infra.run_id()
    infra.create_vhost(name)
    yield 'rabbit://guest:guest@%s/%s' % (infra.RABBIT_HOST, name)
    infra.delete_vhost(name)


def test_nova_all_starts_everything_and_stops_cleanly(tmp_path, vhost):
    state = tmp_path / 'state'
    port = _free_port()
    placement_port = _free_port()
    host = 'aio-%s' % infra.run_id()
    out = open(tmp_path / 'nova-all.out', 'wb')
    proc = subprocess.Popen(
        [sys.executable, '-m', 'nova.cmd.all', '--state-dir', str(state),
         '--transport-url', vhost, '--api-port', str(port),
         '--placement-port', str(placement_port), '--host', host],
        stdout=out, stderr=subprocess.STDOUT)
    try:
        def banner():
            if proc.poll() is not None:
                raise AssertionError('nova-all exited %s:\n%s' % (
                    proc.returncode,
                    (tmp_path / 'nova-all.out').read_text()))
            return 'Press Ctrl-C' in (tmp_path / 'nova-all.out').read_text()

        infra.wait_for(banner, 120, what='nova-all banner')
        text = (tmp_path / 'nova-all.out').read_text()
        for binary in ('nova-placement-api', 'nova-conductor',
                       'nova-scheduler', 'nova-compute', 'nova-api'):
            assert binary in text
        children = psutil.Process(proc.pid).children(recursive=True)
        assert len(children) >= 5

        conf = str(state / 'nova.conf')
        cells = infra.nova_manage(conf, 'cell_v2', 'list_cells').stdout
        assert 'cell0' in cells and 'cell1' in cells
        hosts = infra.nova_manage(conf, 'cell_v2', 'list_hosts').stdout
        assert host in hosts

        url = 'sqlite:///%s' % (state / 'nova.sqlite')
        with db_engine.session_for(url) as session:
            binaries = {r.binary for r in session.execute(
                sa.select(models.Service).filter_by(host=host)).scalars()}
        assert {'nova-conductor', 'nova-scheduler',
                'nova-compute'} <= binaries

        root = requests.get('http://127.0.0.1:%d/' % placement_port,
                            timeout=10)
        assert root.json()['versions'][0]['max_version'] == '1.16'

        versions = requests.get('http://127.0.0.1:%d/' % port, timeout=10)
        assert versions.status_code == 200
        assert 'v2.1' in {v['id'] for v in versions.json()['versions']}
        _boot_and_delete_a_server('http://127.0.0.1:%d/v2.1' % port)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(60)
        out.close()
    assert proc.returncode == 0, (tmp_path / 'nova-all.out').read_text()
    leftovers = [p for p in children if p.is_running() and
                 p.status() != psutil.STATUS_ZOMBIE]
    assert not leftovers, leftovers
    assert 'nova-all: stopped' in (tmp_path / 'nova-all.out').read_text()


def _boot_and_delete_a_server(endpoint):
    """A server goes ACTIVE on the fake driver and is deleted again."""
    headers = {'X-Auth-Token': 'admin:admin',
               'OpenStack-API-Version': 'compute 2.37'}
    resp = requests.post(endpoint + '/flavors', headers=headers, json={
        'flavor': {'name': 'aio.tiny', 'ram': 128, 'vcpus': 1, 'disk': 1}},
        timeout=30)
    assert resp.status_code == 200, resp.text
    flavor_id = resp.json()['flavor']['id']
    resp = requests.post(endpoint + '/servers', headers=headers, json={
        'server': {'name': 'aio-vm', 'flavorRef': flavor_id,
                   'imageRef': '155d900f-4e14-4e4c-a73d-069cbf4541e6',
                   'networks': 'none'}}, timeout=30)
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']

    def status():
        server = requests.get(endpoint + '/servers/' + server_id,
                              headers=headers, timeout=30).json()['server']
        assert server['status'] != 'ERROR', server.get('fault')
        return server['status'] == 'ACTIVE'

    infra.wait_for(status, 60, what='server ACTIVE')
    resp = requests.delete(endpoint + '/servers/' + server_id,
                           headers=headers, timeout=30)
    assert resp.status_code == 204, resp.text
    infra.wait_for(
        lambda: requests.get(endpoint + '/servers/' + server_id,
                             headers=headers, timeout=30).status_code == 404,
        60, what='server deleted')


def test_placeholder_daemons_say_not_implemented():
    """Daemons not built yet exit non-zero with one line: no fake success.
    """
    from nova.cmd import not_built
    for name in ('api_metadata', 'network', 'consoleauth', 'novncproxy',
                 'spicehtml5proxy', 'xvpvncproxy', 'cert'):
        result = subprocess.run(
            [sys.executable, '-c',
             'import sys; from nova.cmd import not_built; '
             'sys.exit(not_built.%s())' % name],
            capture_output=True, text=True, timeout=60)
        assert result.returncode != 0
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and 'not implemented yet' in lines[0]
        assert hasattr(not_built, name)
    assert os.path.exists(not_built.__file__)
