"""Loaded by daemons that boot_stack.py starts with ``--profile NAME``:
profile every thread with yappi (wall-clock off: CPU time) and write the
busiest functions to $NOVA_BENCH_PROFILE when the process exits."""

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
