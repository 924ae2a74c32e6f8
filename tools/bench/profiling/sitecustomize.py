"""Loaded by daemons that boot_stack.py starts with ``--profile NAME``:
profile every thread with yappi (wall-clock off: CPU time) and write the
busiest functions to $NOVA_BENCH_PROFILE.<pid>.txt when the process exits.

A forked worker (nova-api, placement) starts its own profile and writes
it when it leaves through ``os._exit``, which skips atexit handlers."""

import atexit
import os

_OUT = os.environ.get('NOVA_BENCH_PROFILE')

if _OUT:
    import yappi

    yappi.set_clock_type('cpu')
    yappi.start(builtins=False, profile_threads=True)

    def _dump():
        yappi.stop()
        stats = yappi.get_func_stats()
        stats.sort('ttot')
        with open('%s.%d.txt' % (_OUT, os.getpid()), 'w') as f:
            stats.print_all(out=f, columns={
                0: ('name', 100), 1: ('ncall', 10), 2: ('tsub', 8),
                3: ('ttot', 8), 4: ('tavg', 8)})

    atexit.register(_dump)

    def _restart_in_child():
        yappi.stop()
        yappi.clear_stats()
        yappi.start(builtins=False, profile_threads=True)

    os.register_at_fork(after_in_child=_restart_in_child)
    _real_exit = os._exit

    def _exit_with_profile(status):
        try:
            _dump()
        finally:
            _real_exit(status)

    os._exit = _exit_with_profile
