"""nova-api's cheroot server on nova.api.socket_files, spoken to over raw
sockets: kept-alive and pipelined requests, bodies by length and in
chunks, large answers, clients that go away."""

import hashlib
import socket
import threading
import time

import pytest

from nova.api import server
from nova.api import socket_files


def _app(environ, start_response):
    if environ['PATH_INFO'] == '/big':
        body = b'x' * (1024 * 1024)
    else:
        data = environ['wsgi.input'].read()
        body = ('%s %s %d %s' % (
            environ['REQUEST_METHOD'], environ['PATH_INFO'], len(data),
            hashlib.sha256(data).hexdigest())).encode()
    start_response('200 OK', [('Content-Length', str(len(body))),
                              ('Content-Type', 'text/plain')])
    return [body]


@pytest.fixture
def address():
    sock = server.bind_socket('127.0.0.1', 0)
    srv = server._SharedSocketServer(sock, _app, numthreads=4,
                                     server_name='t', timeout=5)
    srv.prepare()
    thread = threading.Thread(target=srv.serve, daemon=True)
    thread.start()
    yield sock.getsockname()[:2]
    srv.stop()
    thread.join(10)
    assert not thread.is_alive()


def _read_answer(stream):
    """(status line, body) of one answer read from ``stream``."""
    head = b''
    while b'\r\n\r\n' not in head:
        chunk = stream.recv(1)
        if not chunk:
            raise EOFError(head)
        head += chunk
    lines = head.decode().split('\r\n')
    length = [int(line.split(':', 1)[1]) for line in lines
              if line.lower().startswith('content-length:')][0]
    body = b''
    while len(body) < length:
        chunk = stream.recv(length - len(body))
        if not chunk:
            raise EOFError(body)
        body += chunk
    return lines[0], body


def _request(method, path, body=b'', extra=''):
    return ('%s %s HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n%s\r\n'
            % (method, path, len(body), extra)).encode() + body


def test_the_server_uses_these_files(address):
    assert server._SharedSocketServer.ConnectionClass is \
        socket_files.Connection


def test_pipelined_requests_on_a_kept_connection(address):
    with socket.create_connection(address) as client:
        client.sendall(_request('GET', '/a') + _request('PUT', '/b', b'xy')
                       + _request('DELETE', '/c'))
        answers = [_read_answer(client) for _i in range(3)]
        assert [status for status, _body in answers] == ['HTTP/1.1 200 OK'] * 3
        assert answers[0][1].startswith(b'GET /a 0 ')
        assert answers[1][1].startswith(b'PUT /b 2 ')
        assert answers[2][1].startswith(b'DELETE /c 0 ')
        # Later, on the same connection.
        time.sleep(0.3)
        client.sendall(_request('GET', '/d'))
        assert _read_answer(client)[1].startswith(b'GET /d 0 ')


def test_bodies_by_length_and_in_chunks(address):
    payload = bytes(range(256)) * 800
    digest = hashlib.sha256(payload).hexdigest().encode()
    with socket.create_connection(address) as client:
        client.sendall(_request('POST', '/len', payload))
        status, body = _read_answer(client)
        assert body == b'POST /len %d %s' % (len(payload), digest)
        chunked = b''.join(b'%x\r\n%s\r\n' % (len(part), part) for part in
                           (payload[:70000], payload[70000:])) + b'0\r\n\r\n'
        client.sendall(b'POST /chunks HTTP/1.1\r\nHost: t\r\n'
                       b'Transfer-Encoding: chunked\r\n\r\n' + chunked)
        status, body = _read_answer(client)
        assert body == b'POST /chunks %d %s' % (len(payload), digest)


def test_a_large_answer_arrives_whole(address):
    with socket.create_connection(address) as client:
        client.sendall(_request('GET', '/big'))
        status, body = _read_answer(client)
        assert status == 'HTTP/1.1 200 OK'
        assert body == b'x' * (1024 * 1024)


def test_clients_that_go_away_leave_the_server_serving(address):
    # Gone in the middle of a body, and without a word.
    gone = socket.create_connection(address)
    gone.sendall(_request('POST', '/cut', b'x' * 100)[:-60])
    gone.close()
    silent = socket.create_connection(address)
    silent.close()
    with socket.create_connection(address) as client:
        client.sendall(_request('GET', '/after'))
        assert _read_answer(client)[1].startswith(b'GET /after 0 ')


def test_has_data_does_not_wait():
    left, right = socket.socketpair()
    try:
        left.settimeout(30)
        reader = socket_files.Reader(left)
        started = time.monotonic()
        assert not reader.has_data()
        assert time.monotonic() - started < 1
        assert left.gettimeout() == 30
        right.sendall(b'GET / HTTP/1.1\r\n')
        time.sleep(0.05)
        assert reader.has_data()
        assert reader.readline() == b'GET / HTTP/1.1\r\n'
        assert not reader.has_data()
    finally:
        left.close()
        right.close()


def test_has_data_of_a_closed_connection_is_false():
    left, right = socket.socketpair()
    reader = socket_files.Reader(left)
    right.close()
    assert not reader.has_data()
    reader.close()
    left.close()
    assert not reader.has_data()
