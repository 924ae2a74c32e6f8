"""Serve a WSGI app with pre-forked worker processes.

The parent binds the listening socket once, forks ``workers`` children and
supervises them: a child that dies unexpectedly is replaced.  Each child
runs a multi-threaded cheroot server on the shared socket; the kernel
spreads connections between them.  SIGTERM or SIGINT to the parent stops
every child (each finishes its in-flight requests) and then the parent.
"""

import os
import signal
import socket
import threading
import time

from cheroot import wsgi as cheroot_wsgi
from oslo_log import log as logging

from nova.api import socket_files
from nova.db import engine
from nova import process

LOG = logging.getLogger(__name__)

# How often a dead child may be replaced per minute before giving up.
_MAX_RESPAWNS_PER_MINUTE = 10


def bind_socket(host, port, backlog=128):
    """A listening TCP socket for ``host:port`` (IPv4 or IPv6)."""
    info = socket.getaddrinfo(host, port, socket.AF_UNSPEC,
                              socket.SOCK_STREAM, 0, socket.AI_PASSIVE)
    family, socktype, proto, _name, addr = info[0]
    sock = socket.socket(family, socktype, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit TCP_NODELAY: without it a keep-alive
    # client waits ~40 ms for the delayed ACK on every response.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(addr)
    sock.listen(backlog)
    sock.set_inheritable(True)
    return sock


def _client_socket_timeout():
    """Seconds an idle keep-alive connection is kept (``[wsgi]
    client_socket_timeout``, 900 as upstream; 0 means no limit).

    cheroot's own default is 10 s: clients that pause longer (a poller,
    the placement client between bursts) then race the server's close and
    get "Remote end closed connection without response".
    """
    import nova.conf
    timeout = nova.conf.CONF.wsgi.client_socket_timeout
    return timeout if timeout else 365 * 24 * 3600


class _SharedSocketServer(cheroot_wsgi.Server):
    """A cheroot server that uses an already-bound socket, its
    connections reading and writing through :mod:`nova.api.socket_files`.
    """

    ConnectionClass = socket_files.Connection

    def __init__(self, sock, *args, **kwargs):
        self._shared_socket = sock
        super().__init__(sock.getsockname()[:2], *args, **kwargs)

    def bind(self, family, type, proto=0):
        self.socket = self._shared_socket
        self.bind_addr = self.socket.getsockname()[:2]


class WSGIService(object):
    """Pre-forking server of one WSGI app.

    :param app_factory: called in each child to build the app, so no
        database connection or thread crosses a fork.
    """

    def __init__(self, name, app_factory, host, port, workers=1,
                 threads=16, sock=None):
        self.name = name
        self.app_factory = app_factory
        self.workers = max(1, int(workers or 1))
        self.threads = threads
        self.sock = sock or bind_socket(host, port)
        self.host, self.port = self.sock.getsockname()[:2]
        self.children = {}
        self._stopping = False
        self._respawns = []

    # --- parent ---------------------------------------------------------

    def serve(self):
        """Run until signalled; returns the exit status."""
        LOG.info('%(name)s listening on %(host)s:%(port)s with %(n)d '
                 'workers', {'name': self.name, 'host': self.host,
                             'port': self.port, 'n': self.workers})
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)
        for _i in range(self.workers):
            self._spawn()
        while not self._stopping:
            # Poll: a blocking waitpid() would be resumed after a signal
            # and never notice _stopping.
            if not self._reap(block=False):
                time.sleep(0.2)
        self._stop_children()
        self.sock.close()
        LOG.info('%s stopped', self.name)
        return 0

    def _on_signal(self, signum, _frame):
        LOG.info('%(name)s caught signal %(sig)d, stopping',
                 {'name': self.name, 'sig': signum})
        self._stopping = True

    def _spawn(self):
        master = os.getpid()
        pid = os.fork()
        if pid == 0:
            # Until _child installs its graceful handler (after building
            # the app, which can take seconds), the parent's inherited one
            # would only set a flag in this copy and the SIGTERM would be
            # lost: a worker not serving yet simply dies.
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            status = 1
            try:
                process.die_with_parent(parent=master)
                status = self._child()
            except BaseException:
                LOG.exception('%s worker failed', self.name)
            finally:
                os._exit(status)
        self.children[pid] = time.monotonic()
        LOG.debug('Started %(name)s worker %(pid)d',
                  {'name': self.name, 'pid': pid})

    def _reap(self, block):
        """Collect one exited child (replacing it); True if one was."""
        try:
            pid, status = os.waitpid(-1, 0 if block else os.WNOHANG)
        except ChildProcessError:
            self._stopping = True
            return False
        except InterruptedError:
            return False
        if pid == 0 or pid not in self.children:
            return False
        del self.children[pid]
        if self._stopping:
            return True
        LOG.warning('%(name)s worker %(pid)d exited (status %(st)d); '
                    'starting a new one',
                    {'name': self.name, 'pid': pid, 'st': status})
        now = time.monotonic()
        self._respawns = [t for t in self._respawns if now - t < 60]
        if len(self._respawns) >= _MAX_RESPAWNS_PER_MINUTE:
            LOG.error('%s workers keep dying; giving up', self.name)
            self._stopping = True
            return True
        self._respawns.append(now)
        self._spawn()
        return True

    def _stop_children(self, timeout=30):
        for pid in list(self.children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                self.children.pop(pid, None)
        deadline = time.monotonic() + timeout
        while self.children and time.monotonic() < deadline:
            try:
                pid, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid:
                self.children.pop(pid, None)
            else:
                time.sleep(0.05)
        for pid in list(self.children):
            LOG.warning('Killing %(name)s worker %(pid)d',
                        {'name': self.name, 'pid': pid})
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self.children.clear()

    # --- child ----------------------------------------------------------

    def _child(self):
        # Connections opened before the fork belong to the parent.
        engine.dispose_all()
        server = _SharedSocketServer(self.sock, self.app_factory(),
                                     numthreads=self.threads,
                                     server_name=self.name,
                                     timeout=_client_socket_timeout())
        # Modules, the app and config live as long as the worker.
        process.freeze_long_lived()

        stopper = []

        def _stop(_signum, _frame):
            # stop() waits for in-flight requests: not in a signal handler.
            if not stopper:
                thread = threading.Thread(target=server.stop, daemon=True)
                stopper.append(thread)
                thread.start()

        signal.signal(signal.SIGINT, signal.SIG_IGN)
        server.prepare()
        # Only now: stop() does nothing to a server prepare() has not made
        # ready, so a SIGTERM during prepare() would be lost and the worker
        # would serve on.  Until here the default action ends the worker,
        # which has accepted nothing yet.
        signal.signal(signal.SIGTERM, _stop)
        server.serve()
        for thread in stopper:
            thread.join()
        return 0
