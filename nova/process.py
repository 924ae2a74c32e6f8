"""Process helpers shared by the daemons that fork and the tools that
start them.

A forked worker (API, conductor, scheduler, placement) must not outlive
its master: when the master is killed with SIGKILL it cannot relay a
signal, and an orphaned worker would keep consuming from RabbitMQ or
holding a port.  Linux's parent-death signal covers that case.
"""

import ctypes
import os
import signal

_PR_SET_PDEATHSIG = 1

# Loaded at import, in the parent: a preexec_fn must not load libraries.
try:
    _LIBC = ctypes.CDLL('libc.so.6', use_errno=True)
except OSError:   # not glibc/Linux: parent-death signals are not available
    _LIBC = None


def die_with_parent(signum=signal.SIGTERM, parent=None):
    """In a child process: receive ``signum`` when the parent exits.

    Safe to call as a ``preexec_fn`` of :class:`subprocess.Popen`.
    ``parent`` is the pid the caller forked from (read before the fork);
    if it is already gone by the time this runs, the child sends the
    signal to itself.
    """
    if _LIBC is None:
        return
    if parent is None:
        parent = os.getppid()
    _LIBC.prctl(_PR_SET_PDEATHSIG, int(signum))
    if os.getppid() != parent:
        os.kill(os.getpid(), signum)
