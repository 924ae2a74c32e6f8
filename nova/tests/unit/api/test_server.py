"""nova-api as a real process: pre-forked workers on one socket, clean
stop on SIGTERM."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from nova.db import migration


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _get(url, token='admin:admin'):
    req = urllib.request.Request(url, headers={'X-Auth-Token': token})
    with urllib.request.urlopen(req, timeout=5) as resp:
        return resp.status, resp.read()


def _children(pid):
    path = '/proc/%d/task/%d/children' % (pid, pid)
    with open(path) as f:
        return [int(p) for p in f.read().split()]


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0); look at its state.
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().split(')')[-1].split()[0] != 'Z'
    except FileNotFoundError:
        return False


def test_nova_api_serves_and_stops(tmp_path):
    db_url = 'sqlite:///%s' % (tmp_path / 'api.db')
    migration.db_sync('api', url=db_url)
    port = _free_port()
    conf = tmp_path / 'nova.conf'
    conf.write_text(
        '[DEFAULT]\n'
        'osapi_compute_listen = 127.0.0.1\n'
        'osapi_compute_listen_port = %d\n'
        'osapi_compute_workers = 2\n'
        'transport_url = fake:/\n'
        'enabled_apis = osapi_compute\n'
        '[api]\nauth_strategy = noauth2\n'
        '[api_database]\nconnection = %s\n' % (port, db_url))
    # Output to a file, not a pipe, and the server in its own process
    # group: if the parent dies first, workers left behind would hold a
    # pipe open and reading it would hang the test instead of failing it.
    log_path = tmp_path / 'nova-api.log'
    log = open(log_path, 'wb')
    proc = subprocess.Popen(
        [sys.executable, '-m', 'nova.cmd.api', '--config-file', str(conf)],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, body = _get('http://127.0.0.1:%d/v2.1/flavors'
                                    % port)
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        assert status == 200
        assert json.loads(body) == {'flavors': []}
        workers = _children(proc.pid)
        assert len(workers) == 2
        for _i in range(6):
            assert _get('http://127.0.0.1:%d/' % port)[0] == 200
        proc.send_signal(signal.SIGTERM)
        try:
            status = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail('nova-api still runs 30 s after SIGTERM:\n%s'
                        % log_path.read_text())
        assert status == 0, log_path.read_text()
        for pid in workers:
            assert not _alive(pid)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
    output = log_path.read_text()
    assert 'osapi_compute stopped' in output


def _spawn_one(service):
    """Fork one worker of ``service`` as serve() would; its pid."""
    previous = signal.signal(signal.SIGTERM, service._on_signal)
    try:
        service._spawn()
    finally:
        signal.signal(signal.SIGTERM, previous)
    (pid,) = list(service.children)
    return pid


def _exit_status(pid, timeout=10):
    """The wait status of ``pid`` once it exits, or None after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.05)
    return None


def _reap(service, pid):
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    service.sock.close()


def test_worker_still_starting_dies_on_sigterm():
    """A SIGTERM reaching a worker before its app is built is not lost
    (it inherited the parent's handler, which only sets a flag)."""
    from nova.api import server

    def slow_factory():
        time.sleep(30)

    service = server.WSGIService('t', slow_factory, '127.0.0.1', 0)
    pid = _spawn_one(service)
    try:
        time.sleep(0.2)
        os.kill(pid, signal.SIGTERM)
        status = _exit_status(pid)
        assert status is not None, 'the starting worker ignored SIGTERM'
        assert os.WIFSIGNALED(status)
        assert os.WTERMSIG(status) == signal.SIGTERM
    finally:
        _reap(service, pid)


def test_worker_preparing_its_server_stops_on_sigterm(monkeypatch):
    """A SIGTERM while cheroot prepares the server is not lost either:
    cheroot's stop() ignores a server not ready yet, so a graceful handler
    installed before prepare() would leave the worker serving."""
    from nova.api import server

    prepare = server._SharedSocketServer.prepare

    def slow_prepare(self):
        time.sleep(2)
        prepare(self)

    monkeypatch.setattr(server._SharedSocketServer, 'prepare', slow_prepare)

    def app(environ, start_response):
        start_response('200 OK', [])
        return [b'']

    service = server.WSGIService('t', lambda: app, '127.0.0.1', 0)
    pid = _spawn_one(service)
    try:
        time.sleep(0.7)
        os.kill(pid, signal.SIGTERM)
        assert _exit_status(pid) is not None, 'the worker ignored SIGTERM'
    finally:
        _reap(service, pid)
