"""nova.process: a forked worker does not outlive a SIGKILLed master."""

import os
import signal
import subprocess
import sys
import textwrap
import time

MASTER = textwrap.dedent('''
    import os, sys, time
    from nova import process
    master = os.getpid()
    pid = os.fork()
    if pid == 0:
        process.die_with_parent(parent=master)
        os.write(1, b'ready\\n')
        time.sleep(60)
        os._exit(0)
    os.write(1, b'%d\\n' % pid)
    time.sleep(60)
''')


def _alive(pid):
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().split()[2] != 'Z'
    except FileNotFoundError:
        return False


def test_worker_dies_with_its_killed_master():
    master = subprocess.Popen([sys.executable, '-c', MASTER],
                              stdout=subprocess.PIPE, text=True)
    try:
        lines = {master.stdout.readline().strip() for _ in range(2)}
        assert 'ready' in lines
        worker = int((lines - {'ready'}).pop())
        assert _alive(worker)
        os.kill(master.pid, signal.SIGKILL)
        master.wait()
        deadline = time.monotonic() + 30
        while _alive(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(worker)
    finally:
        if master.poll() is None:
            master.kill()
            master.wait()
