"""Plain HTTP(S) requests sent with http.client, answered as requests'
``Response``.

nova's calls to placement are small JSON requests on a kept-alive
connection, a scheduler sends two for each server (the candidates and
the claim) and conductor and nova-compute more.  Through requests and
urllib3 each costs about 0.3 ms of CPU in preparing, merging settings,
pool bookkeeping and wrapping the response; http.client alone, a tenth
of that.  :class:`Connections` sends what needs none of requests'
features (see ``nova.http_session``, which decides) and gives back a
``requests.Response`` with the status, headers and whole body, so
keystoneauth and the clients above it read it as before.  Failures are
raised as the requests exceptions keystoneauth turns into its own
(connect retries included).  Cookies a server would set on such an
answer are not kept (no service nova calls this way sets any), and the
answer has no ``raw`` stream: streamed requests go through requests.
"""

import datetime
import http.client
import os
import select
import socket
import ssl
import threading
import time

import requests
from requests import structures

# Idle connections kept per origin; more are closed after use.
MAX_IDLE = 16


def _ssl_context(verify, cert):
    """An SSLContext checking the server as requests would with
    ``verify`` (True: certifi's CA bundle, a path: that file or directory,
    False: no check) and presenting ``cert`` (a path or (cert, key))."""
    if verify is False:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    elif verify is True or verify is None:
        context = ssl.create_default_context(
            cafile=requests.certs.where())
    elif os.path.isdir(verify):
        context = ssl.create_default_context(capath=verify)
    else:
        context = ssl.create_default_context(cafile=verify)
    if cert:
        if isinstance(cert, (tuple, list)):
            context.load_cert_chain(cert[0], cert[1])
        else:
            context.load_cert_chain(cert)
    return context


def _timeouts(timeout):
    """(connect, read) seconds from requests' ``timeout`` argument."""
    if isinstance(timeout, (tuple, list)):
        return timeout[0], timeout[1]
    return timeout, timeout


def _dropped(conn):
    """Whether the server closed an idle kept-alive connection (it reads
    as ready: end of file), as urllib3 checks before reusing one."""
    sock = conn.sock
    if sock is None:
        return True
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    return bool(poller.poll(0))


class Connections(object):
    """Kept-alive http.client connections per origin, shared by threads
    (each connection used by one request at a time)."""

    def __init__(self):
        self._idle = {}
        self._contexts = {}
        self._lock = threading.Lock()

    def _context(self, verify, cert):
        context = self._contexts.get((verify, cert))
        if context is None:
            context = self._contexts[verify, cert] = _ssl_context(verify,
                                                                  cert)
        return context

    def _take(self, origin):
        with self._lock:
            idle = self._idle.get(origin)
            while idle:
                conn = idle.pop()
                if not _dropped(conn):
                    return conn
                conn.close()
        return None

    def _give_back(self, origin, conn):
        with self._lock:
            idle = self._idle.setdefault(origin, [])
            if len(idle) < MAX_IDLE:
                idle.append(conn)
                return
        conn.close()

    def _new(self, scheme, host, port, verify, cert, connect_timeout):
        if scheme == 'https':
            return http.client.HTTPSConnection(
                host, port, timeout=connect_timeout,
                context=self._context(verify, cert))
        return http.client.HTTPConnection(host, port,
                                          timeout=connect_timeout)

    def close(self):
        with self._lock:
            idle, self._idle = self._idle, {}
        for conns in idle.values():
            for conn in conns:
                conn.close()

    def send(self, method, url, parts, headers, body, timeout, verify,
             cert):
        """Send one request and read the whole answer: a
        ``requests.Response``.  ``url`` is http or https with no user
        info, ``parts`` its ``urlsplit``; ``body`` bytes, str or None."""
        scheme = parts.scheme.lower()
        host, port = parts.hostname, parts.port
        target = parts.path or '/'
        if parts.query:
            target += '?' + parts.query
        if isinstance(body, str):
            body = body.encode('utf-8')
        connect_timeout, read_timeout = _timeouts(timeout)
        if isinstance(cert, list):
            cert = tuple(cert)
        origin = (scheme, host, port, verify if scheme == 'https' else None,
                  cert if scheme == 'https' else None)
        started = time.monotonic()
        conn = self._take(origin)
        connected = conn is not None
        try:
            if conn is None:
                conn = self._new(scheme, host, port, verify, cert,
                                 connect_timeout)
                conn.connect()
                connected = True
                # Small requests on a kept-alive connection: no Nagle
                # wait for the ACK of the previous one.
                conn.sock.setsockopt(socket.IPPROTO_TCP,
                                     socket.TCP_NODELAY, 1)
            conn.sock.settimeout(read_timeout)
            conn.request(method, target, body=body, headers=headers)
            answer = conn.getresponse()
            content = answer.read()
        except socket.timeout as exc:
            _close(conn)
            if not connected:
                raise requests.exceptions.ConnectTimeout(exc)
            raise requests.exceptions.ReadTimeout(exc)
        except ssl.SSLError as exc:
            _close(conn)
            raise requests.exceptions.SSLError(exc)
        except (OSError, http.client.HTTPException) as exc:
            # Refused, reset, or a CA bundle or certificate not found.
            _close(conn)
            raise requests.exceptions.ConnectionError(exc)
        if answer.will_close:
            conn.close()
        else:
            self._give_back(origin, conn)
        return _response(method, url, headers, body, answer, content,
                         time.monotonic() - started)


def _close(conn):
    if conn is not None:
        conn.close()


def _response(method, url, headers, body, answer, content, elapsed):
    response = requests.Response()
    response.status_code = answer.status
    response.reason = answer.reason
    fields = structures.CaseInsensitiveDict()
    for name, value in answer.getheaders():
        if name in fields:
            # As urllib3 joins a repeated field.
            fields[name] = '%s, %s' % (fields[name], value)
        else:
            fields[name] = value
    response.headers = fields
    response._content = content
    response._content_consumed = True
    response.url = url
    response.encoding = requests.utils.get_encoding_from_headers(fields)
    response.elapsed = datetime.timedelta(seconds=elapsed)
    request = requests.PreparedRequest()
    request.method = method
    request.url = url
    request.headers = structures.CaseInsensitiveDict(headers)
    request.body = body
    response.request = request
    return response
