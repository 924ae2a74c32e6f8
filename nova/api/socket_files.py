"""Socket files for cheroot's connections, on the C io module.

cheroot reads requests and writes responses through its own buffered
files, built on ``_pyio``, the pure-Python io module (so that it can look
into the read buffer): every request line and header is read by Python
code, and every write is copied into a bytearray first.  That is about a
fifth of the CPU of a small API request.  Here the reader is the C
``io.BufferedReader`` and the writer sends straight to the socket; what
cheroot asks of them besides reading and writing (``has_data``, the byte
counts of its statistics) is kept.
"""

import io
import socket

from cheroot import makefile as cheroot_makefile
from cheroot import server as cheroot_server


class Reader(io.BufferedReader):
    """A socket's buffered reader that can tell whether a request is
    already waiting: in its buffer or on the socket."""

    def __init__(self, sock, bufsize=io.DEFAULT_BUFFER_SIZE):
        super().__init__(socket.SocketIO(sock, 'rb'), bufsize)
        self._sock = sock
        self.bytes_read = 0

    def read(self, size=-1):
        data = super().read(size)
        self.bytes_read += len(data)
        return data

    def has_data(self):
        """Whether a request of the kept-alive connection can be read
        without waiting (cheroot then serves it at once rather than
        waiting for the socket to be readable).  Looks without blocking:
        a look at the socket fills the buffer if bytes have arrived."""
        sock = self._sock
        try:
            timeout = sock.gettimeout()
            sock.setblocking(False)
        except OSError:
            return False
        try:
            return bool(self.peek(1))
        except (OSError, ValueError):
            # Reset by the peer, or this file already closed.
            return False
        finally:
            try:
                sock.settimeout(timeout)
            except OSError:
                pass


class Writer(object):
    """Sends each write whole, as cheroot's writer does, without copying
    it into a buffer first."""

    def __init__(self, sock):
        self._sock = sock
        self.bytes_written = 0
        self.closed = False

    def write(self, data):
        if self.closed:
            raise ValueError('write to a closed socket file')
        self._sock.sendall(data)
        self.bytes_written += len(data)
        return len(data)

    def flush(self):
        pass

    def close(self):
        self.closed = True


def make_file(sock, mode='r', bufsize=io.DEFAULT_BUFFER_SIZE):
    """cheroot's ``MakeFile`` signature."""
    if 'r' in mode:
        return Reader(sock, bufsize if bufsize and bufsize > 0
                      else io.DEFAULT_BUFFER_SIZE)
    return Writer(sock)


class Connection(cheroot_server.HTTPConnection):
    """cheroot's connection on these files (a TLS adapter's own files are
    left to it)."""

    def __init__(self, server, sock, makefile=cheroot_makefile.MakeFile):
        if makefile is cheroot_makefile.MakeFile:
            makefile = make_file
        super().__init__(server, sock, makefile)
