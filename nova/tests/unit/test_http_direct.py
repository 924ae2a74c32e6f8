"""Requests sent by nova.http_direct (through nova.http_session's session)
against real local HTTP and HTTPS servers: what comes back reads as what
requests gives, connections are kept and replaced, failures raise what
keystoneauth expects, and what needs requests still goes through it."""

import datetime
import http.server
import ipaddress
import json
import socket
import ssl
import threading
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from keystoneauth1 import adapter as ks_adapter
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import session as ks_session
from keystoneauth1 import token_endpoint
import pytest
import requests

from nova import http_session


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        self.server.connections.append(self.client_address)

    def _send(self, status, body, headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _echo(self):
        length = int(self.headers.get('Content-Length') or 0)
        seen = {'method': self.command, 'path': self.path,
                'body': self.rfile.read(length).decode(),
                'headers': {k.lower(): v for k, v in self.headers.items()}}
        self._send(200, json.dumps(seen).encode(),
                   [('Content-Type', 'application/json; charset=UTF-8'),
                    ('X-Twice', 'a'), ('X-Twice', 'b')])

    do_PUT = do_POST = do_DELETE = _echo

    def do_GET(self):
        if self.path == '/chunked':
            self.send_response(200)
            self.send_header('Transfer-Encoding', 'chunked')
            self.end_headers()
            for part in (b'{"a": ', b'"' + b'x' * 70000 + b'"', b'}'):
                self.wfile.write(b'%x\r\n%s\r\n' % (len(part), part))
            self.wfile.write(b'0\r\n\r\n')
        elif self.path == '/close':
            self.close_connection = True
            self._send(404, b'gone', [('Connection', 'close')])
        elif self.path == '/redirect':
            self._send(302, b'', [('Location', '/target')])
        elif self.path == '/slow':
            time.sleep(1.5)
            self._send(200, b'late')
        else:
            self._echo()


def _serve(context=None):
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), _Handler)
    server.daemon_threads = True
    server.connections = []
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture
def server():
    server = _serve()
    yield server
    server.shutdown()
    server.server_close()


def _url(server, path='/'):
    scheme = 'https' if isinstance(server.socket, ssl.SSLSocket) else 'http'
    return '%s://127.0.0.1:%d%s' % (scheme, server.server_address[1], path)


def _send(session, method, url, **kwargs):
    """As keystoneauth sends: no redirects followed, a str body."""
    kwargs.setdefault('allow_redirects', False)
    return session.request(method, url, **kwargs)


def test_answer_reads_as_requests_reads_it(server):
    direct = http_session.EnvironmentOnceSession()
    plain = requests.Session()
    url = _url(server, '/allocations/c1?x=1')
    body = json.dumps({'allocations': {}})
    headers = {'Content-Type': 'application/json', 'X-Mine': 'yes'}
    ours = _send(direct, 'PUT', url, data=body, headers=headers)
    theirs = _send(plain, 'PUT', url, data=body, headers=headers)
    for answer in (ours, theirs):
        assert answer.status_code == 200
        assert answer.reason == 'OK'
        assert answer.url == url
        assert answer.headers['x-twice'] == 'a, b'
        assert answer.encoding == 'UTF-8'
        assert answer.request.method == 'PUT'
    seen, seen_by_requests = ours.json(), theirs.json()
    # requests asks for compressed answers (and decodes them); http.client
    # asks for none.  Everything else the server saw is the same.
    assert seen['headers'].pop('accept-encoding') == 'identity'
    seen_by_requests['headers'].pop('accept-encoding')
    assert seen == seen_by_requests
    assert seen['path'] == '/allocations/c1?x=1'
    assert seen['body'] == body
    assert seen['headers']['x-mine'] == 'yes'
    assert seen['headers']['content-length'] == str(len(body))
    assert ours.text == ours.content.decode('utf-8')
    assert isinstance(ours.elapsed, datetime.timedelta)


def test_a_none_header_removes_the_sessions(server):
    session = http_session.EnvironmentOnceSession()
    seen = _send(session, 'GET', _url(server),
                 headers={'User-Agent': None}).json()['headers']
    assert 'user-agent' not in seen
    assert seen['accept-encoding'] == 'identity'


def test_connections_are_kept_and_replaced(server, monkeypatch):
    session = http_session.EnvironmentOnceSession()
    for _i in range(5):
        assert _send(session, 'GET', _url(server)).status_code == 200
    assert len(server.connections) == 1
    # The server closes this one: the next request opens another.
    assert _send(session, 'GET', _url(server, '/close')).status_code == 404
    assert _send(session, 'GET', _url(server)).status_code == 200
    assert len(server.connections) == 2
    # The server drops an idle one by itself (its keep-alive timeout):
    # seen before reuse, not an error.
    monkeypatch.setattr(_Handler, 'timeout', 0.2)
    assert _send(session, 'GET', _url(server, '/close')).status_code == 404
    assert _send(session, 'GET', _url(server)).status_code == 200
    time.sleep(0.6)
    assert _send(session, 'GET', _url(server)).status_code == 200
    assert len(server.connections) == 4


def test_chunked_answer_is_read_whole(server):
    session = http_session.EnvironmentOnceSession()
    answer = _send(session, 'GET', _url(server, '/chunked'))
    assert len(answer.json()['a']) == 70000


def test_concurrent_requests_each_get_their_answer(server):
    session = http_session.EnvironmentOnceSession()
    errors = []

    def work(n):
        for i in range(20):
            path = '/t%d/%d' % (n, i)
            seen = _send(session, 'DELETE', _url(server, path)).json()
            if seen['path'] != path:
                errors.append((path, seen['path']))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(server.connections) <= 8


def test_failures_raise_what_keystoneauth_expects(server):
    session = http_session.EnvironmentOnceSession()
    with socket.socket() as unused:
        unused.bind(('127.0.0.1', 0))
        port = unused.getsockname()[1]
    with pytest.raises(requests.exceptions.ConnectionError):
        _send(session, 'GET', 'http://127.0.0.1:%d/' % port)
    with pytest.raises(requests.exceptions.ReadTimeout):
        _send(session, 'GET', _url(server, '/slow'), timeout=0.3)
    # Through keystoneauth, as the placement client sends.
    ks = ks_session.Session(
        auth=token_endpoint.Token('http://127.0.0.1:%d' % port, 't'),
        session=session)
    with pytest.raises(ks_exc.ConnectFailure):
        ks_adapter.Adapter(ks, service_type='placement').get('/x')
    ks = ks_session.Session(auth=token_endpoint.Token(_url(server), 't'),
                            session=session)
    placement = ks_adapter.Adapter(ks, service_type='placement')
    seen = placement.put('/a', json={'k': 1}, raise_exc=False).json()
    assert seen['headers']['x-auth-token'] == 't'
    assert json.loads(seen['body']) == {'k': 1}
    with pytest.raises(ks_exc.NotFound):
        placement.get('/close')


def test_what_needs_requests_goes_through_it(server, monkeypatch):
    session = http_session.EnvironmentOnceSession()
    # Followed redirects and query parameters are requests' own.
    answer = _send(session, 'GET', _url(server, '/redirect'),
                   allow_redirects=True)
    assert answer.json()['path'] == '/target'
    assert answer.history[0].status_code == 302
    assert _send(session, 'GET', _url(server, '/redirect')).status_code == 302
    assert _send(session, 'GET', _url(server, '/p'), params={'a': 'b c'}
                 ).json()['path'] == '/p?a=b+c'
    # A proxy for the origin: the request goes to the proxy.
    proxy = _serve()
    try:
        monkeypatch.setenv('http_proxy', _url(proxy))
        monkeypatch.delenv('no_proxy', raising=False)
        monkeypatch.delenv('NO_PROXY', raising=False)
        fresh = http_session.EnvironmentOnceSession()
        seen = _send(fresh, 'GET', 'http://placement.example:8778/rp').json()
        assert seen['path'] == 'http://placement.example:8778/rp'
    finally:
        proxy.shutdown()
        proxy.server_close()


def _certificate(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, '127.0.0.1')])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address('127.0.0.1'))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None),
                           critical=True)
            .sign(key, hashes.SHA256()))
    cert_path = tmp_path / 'cert.pem'
    key_path = tmp_path / 'key.pem'
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    return str(cert_path), str(key_path)


def test_https_checks_the_server_as_requests_does(tmp_path):
    cert, key = _certificate(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = _serve(context)
    try:
        session = http_session.EnvironmentOnceSession()
        url = _url(server, '/secure')
        assert _send(session, 'GET', url, verify=cert).json()[
            'path'] == '/secure'
        assert _send(session, 'GET', url, verify=False).status_code == 200
        with pytest.raises(requests.exceptions.SSLError):
            _send(session, 'GET', url, verify=True)
        with pytest.raises(requests.exceptions.SSLError):
            _send(requests.Session(), 'GET', url, verify=True)
        # A client certificate, given as keystoneauth gives it.
        assert _send(session, 'GET', url, verify=cert,
                     cert=[cert, key]).status_code == 200
        missing = str(tmp_path / 'missing-ca.pem')
        with pytest.raises(requests.exceptions.ConnectionError):
            _send(session, 'GET', url, verify=missing)
        with pytest.raises(OSError):
            _send(requests.Session(), 'GET', url, verify=missing)
    finally:
        server.shutdown()
        server.server_close()
