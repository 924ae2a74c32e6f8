"""Real parts for the libvirt driver tests: a private libvirtd, a Glance
API, the test guest image, and helpers to watch real domains.

Everything is started through the scripts under tools/ (the same ones a
developer runs by hand).  A part that cannot start raises InfraError: the
tests fail, they never skip.
"""

import contextlib
import fcntl
import os
import socket
import subprocess
import time

from oslo_utils import uuidutils

from nova import objects

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__),
                                    '..', '..', '..', '..'))
CACHE = os.environ.get('NOVA_TEST_CACHE',
                       os.path.expanduser('~/.cache/nova-tests'))
MARKER = 'NOVA-TEST-GUEST-UP'
BOOT_TIMEOUT = 90


class InfraError(RuntimeError):
    """A real part the tests need is missing or broken."""


def run(cmd, timeout=900, **kwargs):
    try:
        result = subprocess.run(cmd, capture_output=True, text=True,
                                timeout=timeout, **kwargs)
    except subprocess.TimeoutExpired as e:
        raise InfraError('%s timed out: %s' % (' '.join(cmd), e))
    if result.returncode != 0:
        raise InfraError('%s failed (%s):\n%s%s' % (
            ' '.join(cmd), result.returncode, result.stdout[-3000:],
            result.stderr[-3000:]))
    return result.stdout


def tool(*parts):
    return os.path.join(REPO, 'tools', *parts)


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def machine_lock(name):
    """A lock shared by every test process on this machine (xdist workers
    included): one guest boots at a time."""
    os.makedirs(CACHE, exist_ok=True)
    fd = os.open(os.path.join(CACHE, name + '.lock'),
                 os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def install_packages():
    with machine_lock('install'):
        run(['bash', tool('libvirt', 'install.sh')])


def build_guest():
    out = os.path.join(CACHE, 'guest')
    with machine_lock('guest-build'):
        run(['bash', tool('guest', 'build-test-image.sh'), out])
    return out


class Libvirtd(object):
    def __init__(self, state_dir):
        self.state_dir = state_dir
        self.uri = None

    def start(self):
        out = run(['bash', tool('libvirt', 'start.sh'), self.state_dir])
        self.uri = out.strip().splitlines()[-1]
        return self

    def stop(self):
        subprocess.run(['bash', tool('libvirt', 'stop.sh'), self.state_dir],
                       capture_output=True, timeout=120)

    def virsh(self, *args, check=True):
        cmd = ['virsh', '-c', self.uri] + list(args)
        if check:
            return run(cmd, timeout=120).strip()
        return subprocess.run(cmd, capture_output=True, text=True,
                              timeout=120)

    def domstate(self, name):
        return self.virsh('domstate', name)

    def domains(self):
        out = self.virsh('list', '--all', '--name')
        return [line for line in out.splitlines() if line.strip()]


class Glance(object):
    def __init__(self, state_dir):
        self.state_dir = state_dir
        self.port = None
        self.url = None

    def start(self):
        # The script takes its own lock around the install.
        run(['bash', tool('glance', 'install.sh'), CACHE])
        self.port = free_port()
        run(['bash', tool('glance', 'start.sh'), self.state_dir,
             str(self.port)])
        self.url = 'http://127.0.0.1:%d' % self.port
        return self

    def stop(self):
        subprocess.run(['bash', tool('glance', 'stop.sh'), self.state_dir],
                       capture_output=True, timeout=60)


def make_flavor(name='t.small', memory_mb=128, vcpus=1, root_gb=1,
                ephemeral_gb=0, swap=0, flavor_id=1):
    return objects.Flavor(id=flavor_id, flavorid=str(flavor_id), name=name,
                          memory_mb=memory_mb, vcpus=vcpus, root_gb=root_gb,
                          ephemeral_gb=ephemeral_gb, swap=swap,
                          extra_specs={})


def make_instance(image_id, flavor=None, **kw):
    flavor = flavor or make_flavor()
    values = dict(uuid=uuidutils.generate_uuid(), image_ref=image_id,
                  display_name='libvirt-test', flavor=flavor,
                  memory_mb=flavor.memory_mb, vcpus=flavor.vcpus,
                  root_gb=flavor.root_gb, ephemeral_gb=flavor.ephemeral_gb,
                  kernel_id=None, ramdisk_id=None, task_state=None,
                  vm_state='building', host='libvirt-test')
    values.update(kw)
    return objects.Instance(**values)


def wait_for(predicate, timeout, what, interval=0.5):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError('timed out after %ss waiting for %s'
                                 % (timeout, what))
        time.sleep(interval)


def wait_for_marker(driver, instance, timeout=BOOT_TIMEOUT):
    """The console output once the guest printed its marker line."""
    return wait_for(
        lambda: (lambda out: out if MARKER in out else None)(
            driver.get_console_output(None, instance)),
        timeout, 'the guest marker on the console of %s' % instance.uuid)
