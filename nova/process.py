"""Process helpers shared by the daemons that fork and the tools that
start them, and the garbage collector's tuning for long-lived heaps.

A forked worker (API, conductor, scheduler, placement) must not outlive
its master: when the master is killed with SIGKILL it cannot relay a
signal, and an orphaned worker would keep consuming from RabbitMQ or
holding a port.  Linux's parent-death signal covers that case.
"""

import ctypes
import gc
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


def freeze_long_lived(gen0_threshold=50000):
    """Keep the garbage collector off what the process holds for good.

    Collects once, then freezes every object alive (``gc.freeze()``), so
    later full collections, which a request's burst of new objects sets
    off, no longer walk them: in nova-scheduler holding 10,000 host
    states, each full collection took ~180 ms, one every ten requests.
    A larger first-generation threshold lets a request's short-lived
    objects die by reference counting before the collector runs at all.
    Frozen objects that later become cyclic garbage are not reclaimed;
    call this after loading what stays, not per request.
    """
    gc.collect()
    gc.freeze()
    _gen0, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(max(gen0_threshold, _gen0), gen1, gen2)
