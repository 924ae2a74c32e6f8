"""A server's whole life through the real stack, once per compute driver.

The same scenario runs twice: with ``compute_driver =
libvirt.LibvirtDriver`` (``[libvirt] virt_type = qemu``: real QEMU guests
under a private libvirtd, booted from a real Glance) and with
``fake.FakeDriver`` (no hypervisor: fast, and only the API's states are
checked).  Everything else is real in both: Keystone, Glance, RabbitMQ,
MariaDB, nova-placement-api, nova-conductor, nova-scheduler, two
nova-compute services on this machine (own ``host`` and
``instances_path``, so a resize really moves the guest) and nova-api,
driven by the unmodified ``openstack`` CLI.

A small adapter per driver (:class:`LibvirtDomains`, :class:`NoDomains`)
answers what the hypervisor says about a server; the scenario compares it
with what ``openstack server show`` says.  The tests run in order and
share the servers they create (module state), as a user's session would.

The libvirt cloud reuses the libvirt tests' session environment (private
libvirtd, Glance with the test guest image) and adds its instances paths
to that environment's end-of-session leftovers check: no domain, overlay
disk or instance directory may remain.
"""

import json
import os
import subprocess
import sys
import time
import uuid

import pytest

from nova.tests.functional import infra
from nova.tests.functional.keystone import keystone  # noqa: F401
from nova.tests.functional.keystone import KeystoneCloud
from nova.tests.functional.libvirt.conftest import libvirt_env  # noqa: F401
from nova.tests.functional.libvirt import fixtures as lvfix
from nova.virt.libvirt import config as vconfig

pytestmark = pytest.mark.xdist_group('server-lifecycle')

DRIVERS = ('fake', 'libvirt')
SYNC_INTERVAL = 3
# The CLI installed beside the interpreter running the tests (the venv's
# bin directory need not be on PATH).
OPENSTACK = os.path.join(os.path.dirname(sys.executable), 'openstack')
# OS-EXT-STS:power_state as ``openstack -f json`` prints it (the raw
# number) -> its name, and the name -> what ``virsh domstate`` says.
POWER = {0: 'NOSTATE', 1: 'Running', 3: 'Paused', 4: 'Shutdown',
         6: 'Crashed', 7: 'Suspended'}
DOMSTATE = {'Running': 'running', 'Shutdown': 'shut off',
            'Paused': 'paused', 'Suspended': 'shut off'}
SMALL = {'ram': 128, 'disk': 1}
LARGE = {'ram': 192, 'disk': 1}


class CommandFailed(AssertionError):
    pass


def osc(cloud, *args, parse=True, check=True, timeout=300):
    """The ``openstack`` CLI as the admin user (``-f json`` when parsed).
    """
    cmd = [OPENSTACK] + list(args) + (['-f', 'json'] if parse else [])
    result = subprocess.run(cmd, env=cloud.env(), capture_output=True,
                            text=True, timeout=timeout)
    if not check:
        return result
    if result.returncode != 0:
        raise CommandFailed('%s exited %s\n%s\n%s\n%s' % (
            ' '.join(cmd), result.returncode, result.stdout,
            result.stderr, cloud.describe()))
    if parse:
        return json.loads(result.stdout) if result.stdout.strip() else None
    return result.stdout


class NoDomains(object):
    """The fake driver: guests live in nova-compute's memory, there is no
    domain to look at."""

    real = False

    def state(self, server):
        return None

    def files(self, server):
        return None

    def power_off_inside(self, server):
        pytest.skip('the fake driver has no guest that could power '
                    'itself off')

    def memory_mib(self, server):
        return None


class LibvirtDomains(object):
    """The libvirt driver: ask the private libvirtd with virsh."""

    real = True

    def __init__(self, env, instances_paths):
        self.env = env
        self.instances_paths = instances_paths  # host -> path

    @staticmethod
    def name(server):
        return server['OS-EXT-SRV-ATTR:instance_name']

    def state(self, server):
        return self.env.libvirtd.domstate(self.name(server))

    def files(self, server):
        return os.path.join(
            self.instances_paths[server['OS-EXT-SRV-ATTR:host']],
            server['id'])

    def power_off_inside(self, server):
        # An ACPI power button press: busybox acpid in the test guest runs
        # ``poweroff -f``, so the guest really turns itself off.
        self.env.libvirtd.virsh('shutdown', self.name(server))

    def memory_mib(self, server):
        xml = self.env.libvirtd.virsh('dumpxml', self.name(server))
        return vconfig.memory_kib(xml) // 1024

    def domains(self):
        return self.env.libvirtd.domains()


class Stack(object):
    """One cloud of the scenario and what the tests share."""

    def __init__(self, driver, cloud, domains, image_id, glance_url):
        self.driver = driver
        self.cloud = cloud
        self.domains = domains
        self.image_id = image_id
        self.glance_url = glance_url
        self.servers = {}
        self.images = []
        self.seen = {}  # server id -> boot ids seen on its console

    def osc(self, *args, **kwargs):
        return osc(self.cloud, *args, **kwargs)

    def show(self, server_id):
        server = self.osc('server', 'show', server_id)
        power = server['OS-EXT-STS:power_state']
        server['OS-EXT-STS:power_state'] = POWER.get(power, power)
        return server

    def wait(self, server_id, status, timeout=120, power=None):
        """Poll ``server show`` until status (and task_state None)."""
        deadline = time.monotonic() + timeout
        while True:
            server = self.show(server_id)
            if server['status'] == 'ERROR':
                raise AssertionError('server %s went to ERROR: %s\n%s' % (
                    server_id, server.get('fault'), self.cloud.describe()))
            if (server['status'] == status and
                    server['OS-EXT-STS:task_state'] is None and
                    (power is None or server['OS-EXT-STS:power_state'] ==
                     power)):
                return server
            if time.monotonic() > deadline:
                raise AssertionError(
                    'server %s: %s/%s/%s after %ss, wanted %s\n%s' % (
                        server_id, server['status'],
                        server['OS-EXT-STS:task_state'],
                        server['OS-EXT-STS:power_state'], timeout, status,
                        self.cloud.describe()))
            time.sleep(0.5)

    def agree(self, server):
        """The hypervisor agrees with the API's power state (nothing to
        compare with the fake driver)."""
        if not self.domains.real:
            return
        state = self.domains.state(server)
        assert state == DOMSTATE[server['OS-EXT-STS:power_state']], (
            server['OS-EXT-STS:power_state'], state)

    def console(self, server_id):
        return self.osc('console', 'log', 'show', server_id, parse=False)

    def boot_ids(self, server_id):
        """Boot ids the guest printed with its marker, one per boot."""
        log = self.console(server_id)
        return [line.split(lvfix.MARKER, 1)[1].strip()[:36]
                for line in log.splitlines() if lvfix.MARKER in line]

    def wait_marker(self, server_id, timeout=lvfix.BOOT_TIMEOUT):
        """Wait for a boot of the guest not seen before (the marker line
        carries the kernel's boot id); returns its boot id."""
        seen = self.seen.setdefault(server_id, set())
        deadline = time.monotonic() + timeout
        while True:
            new = [b for b in self.boot_ids(server_id) if b not in seen]
            if new:
                seen.update(new)
                return new[-1]
            if time.monotonic() > deadline:
                raise AssertionError('no new boot of %s after %ss:\n%s' % (
                    server_id, timeout, self.console(server_id)[-2000:]))
            time.sleep(1)

    def boots(self, server_id):
        """A (re)boot of a real guest is seen on its console."""
        if self.domains.real:
            return self.wait_marker(server_id)


def _flavor(cloud, name, spec):
    return osc(cloud, 'flavor', 'create', '--ram', str(spec['ram']),
               '--disk', str(spec['disk']), '--vcpus', '1', name)


def _fake_image(glance_url, tmp):
    """A few bytes the fake driver never reads, as a raw image."""
    from nova.image import glance as glance_client
    client = glance_client.GlanceClient(api_servers=[glance_url],
                                        num_retries=1)
    path = tmp / 'fake.img'
    path.write_bytes(b'not a disk, the fake driver never reads it\n')
    image = client.create(None, 'nova-test-fake-image', disk_format='raw',
                          container_format='bare')
    client.upload(None, image['id'], str(path))
    return image['id']


@pytest.fixture(scope='module', params=DRIVERS)
def stack(request, keystone, tmp_path_factory):  # noqa: F811
    driver = request.param
    t0 = time.monotonic()

    def phase(what):
        sys.stderr.write('lifecycle[%s]: %s at %.1fs\n' % (
            driver, what, time.monotonic() - t0))

    tmp = tmp_path_factory.mktemp('lifecycle-%s' % driver)
    glance_proc = None
    paths = {}
    if driver == 'libvirt':
        env = request.getfixturevalue('libvirt_env')
        glance_url = env.glance_proc.url
        image_id = env.images['disk']
    else:
        glance_proc = lvfix.Glance(str(tmp / 'glance')).start()
        glance_url = glance_proc.url
        image_id = _fake_image(glance_url, tmp)
    phase('glance ready')

    def compute_sections(index, host):
        path = str(tmp / ('instances-%d' % index))
        paths[host] = path
        sections = {'DEFAULT': {
            'instances_path': path,
            'sync_power_state_interval': SYNC_INTERVAL}}
        if driver == 'libvirt':
            sections['libvirt'] = {
                'virt_type': 'qemu',
                'connection_uri': env.libvirtd.uri,
                # Both services share the libvirtd: one node each.
                'node_name': host,
                'use_usb_tablet': False,
                'wait_soft_reboot_seconds': 30,
                'snapshots_directory': str(tmp / ('snapshots-%d' % index)),
            }
            sections['vnc'] = {'enabled': True,
                               'server_listen': '127.0.0.1'}
        return sections

    try:
        with infra.cloud_resources() as res:
            cloud = KeystoneCloud(
                keystone, res, tmp,
                compute_driver=('libvirt.LibvirtDriver' if driver == 'libvirt'
                                else 'fake.FakeDriver'),
                glance_url=glance_url,
                controller_sections={'DEFAULT': {
                    'allow_resize_to_same_host': False}},
                compute_sections=compute_sections, compute_count=2)
            if driver == 'libvirt':
                env.instances_paths.extend(paths.values())
                domains = LibvirtDomains(env, paths)
            else:
                domains = NoDomains()
            try:
                cloud.start()
                phase('cloud started')
                _flavor(cloud, 'lc.small', SMALL)
                _flavor(cloud, 'lc.large', LARGE)
                _flavor(cloud, 'lc.large2', dict(LARGE, ram=256))
                st = Stack(driver, cloud, domains, image_id, glance_url)
                yield st
                _cleanup(st)
            finally:
                cloud.stop()
    finally:
        if glance_proc is not None:
            glance_proc.stop()


def _cleanup(st):
    """Whatever a failed test left: servers, then snapshot images."""
    for server in st.osc('server', 'list', '--all-projects'):
        st.osc('server', 'delete', '--wait', server['ID'], parse=False,
               check=False)
    for image_id in st.images:
        st.osc('image', 'delete', image_id, parse=False, check=False)


@pytest.fixture
def guest_lock(stack):
    """Real guests boot one at a time on this machine."""
    if stack.domains.real:
        with lvfix.machine_lock('guest'):
            yield
    else:
        yield


def _create(st, name, image, flavor='lc.small'):
    server = st.osc('server', 'create', '--image', image, '--flavor', flavor,
                    '--wait', name, timeout=300)
    st.servers[name] = server['id']
    return st.show(server['id'])


# -- the scenario ---------------------------------------------------------


def test_create_active_running_with_marker(stack, guest_lock):
    server = _create(stack, 'lc-one', stack.image_id)
    assert server['status'] == 'ACTIVE'
    assert server['OS-EXT-STS:power_state'] == 'Running'
    assert server['OS-EXT-SRV-ATTR:host'] in stack.cloud.compute_hosts
    if stack.domains.real:
        name = stack.domains.name(server)
        assert name in stack.domains.domains()
        assert stack.domains.state(server) == 'running'
        assert os.path.isdir(stack.domains.files(server))
        stack.wait_marker(server['id'])
        assert lvfix.MARKER in stack.console(server['id'])
    else:
        assert isinstance(stack.console(server['id']), str)


@pytest.mark.parametrize('action,status,power,boots', [
    ('stop', 'SHUTOFF', 'Shutdown', False),
    ('start', 'ACTIVE', 'Running', True),
    ('reboot --soft', 'ACTIVE', 'Running', True),
    ('reboot --hard', 'ACTIVE', 'Running', True),
    ('pause', 'PAUSED', 'Paused', False),
    ('unpause', 'ACTIVE', 'Running', False),
    ('suspend', 'SUSPENDED', 'Suspended', False),
    ('resume', 'ACTIVE', 'Running', False),
])
def test_power_action(stack, guest_lock, action, status, power, boots):
    server_id = stack.servers['lc-one']
    args = action.split()
    stack.osc('server', args[0], *args[1:] + [server_id], parse=False)
    server = stack.wait(server_id, status, power=power)
    stack.agree(server)
    if boots:
        stack.boots(server_id)


def test_powered_off_inside_turns_shutoff(stack, guest_lock):
    server_id = stack.servers['lc-one']
    server = stack.wait(server_id, 'ACTIVE', power='Running')
    stack.domains.power_off_inside(server)
    lvfix.wait_for(lambda: stack.domains.state(server) == 'shut off', 60,
                   'the guest to power itself off')
    started = time.monotonic()
    server = stack.wait(server_id, 'SHUTOFF', timeout=SYNC_INTERVAL + 10,
                        power='Shutdown')
    assert time.monotonic() - started <= SYNC_INTERVAL + 10
    stack.agree(server)
    stack.osc('server', 'start', server_id, parse=False)
    server = stack.wait(server_id, 'ACTIVE', power='Running')
    stack.agree(server)
    stack.boots(server_id)


def _resize(st, server_id, flavor):
    old = st.show(server_id)
    st.osc('server', 'resize', '--flavor', flavor, '--wait', server_id,
           parse=False)
    server = st.wait(server_id, 'VERIFY_RESIZE')
    assert server['OS-EXT-SRV-ATTR:host'] != old['OS-EXT-SRV-ATTR:host']
    assert server['flavor']['name'] == flavor
    return old, server


def test_resize_confirm(stack, guest_lock):
    server_id = stack.servers['lc-one']
    old, server = _resize(stack, server_id, 'lc.large')
    stack.agree(server)
    if stack.domains.real:
        assert stack.domains.memory_mib(server) == LARGE['ram']
        assert os.path.isdir(stack.domains.files(server))
    stack.osc('server', 'resize', 'confirm', server_id, parse=False)
    server = stack.wait(server_id, 'ACTIVE', power='Running')
    assert server['OS-EXT-SRV-ATTR:host'] != old['OS-EXT-SRV-ATTR:host']
    stack.agree(server)
    if stack.domains.real:
        assert stack.domains.memory_mib(server) == LARGE['ram']
        # The source host kept nothing of the guest.
        assert not os.path.exists(stack.domains.files(old))
        assert not os.path.exists(stack.domains.files(old) + '_resize')
    stack.boots(server_id)


def test_resize_revert(stack, guest_lock):
    server_id = stack.servers['lc-one']
    old, server = _resize(stack, server_id, 'lc.large2')
    if stack.domains.real:
        assert stack.domains.memory_mib(server) == 256
    stack.osc('server', 'resize', 'revert', server_id, parse=False)
    server = stack.wait(server_id, 'ACTIVE', power='Running')
    assert server['OS-EXT-SRV-ATTR:host'] == old['OS-EXT-SRV-ATTR:host']
    assert server['flavor']['name'] == 'lc.large'
    stack.agree(server)
    if stack.domains.real:
        assert stack.domains.memory_mib(server) == LARGE['ram']
        assert stack.domains.name(server) in stack.domains.domains()
        # The destination of the reverted resize kept nothing.
        dest = dict(server, **{'OS-EXT-SRV-ATTR:host': [
            h for h in stack.cloud.compute_hosts
            if h != old['OS-EXT-SRV-ATTR:host']][0]})
        assert not os.path.exists(stack.domains.files(dest))
    stack.boots(server_id)


def test_snapshot_boots_a_second_server(stack, guest_lock):
    server_id = stack.servers['lc-one']
    name = 'lc-snap-%s' % uuid.uuid4().hex[:6]
    image = stack.osc('server', 'image', 'create', '--name', name, '--wait',
                      server_id, timeout=300)
    stack.images.append(image['id'])
    shown = stack.osc('image', 'show', image['id'])
    assert shown['status'] == 'active'
    assert shown['size'] > 0
    server = stack.wait(server_id, 'ACTIVE', power='Running')
    stack.agree(server)
    second = _create(stack, 'lc-two', image['id'])
    assert second['status'] == 'ACTIVE'
    assert image['id'] in json.dumps(second['image'])
    stack.agree(second)
    stack.boots(second['id'])


def test_delete_removes_domain_and_files(stack, guest_lock):
    gone = []
    for name in [n for n in ('lc-two', 'lc-one') if n in stack.servers]:
        server_id = stack.servers.pop(name)
        server = stack.show(server_id)
        stack.osc('server', 'delete', '--wait', server_id, parse=False)
        result = stack.osc('server', 'show', server_id, check=False)
        assert result.returncode != 0
        gone.append(server)
    for image_id in stack.images:
        stack.osc('image', 'delete', image_id, parse=False)
    stack.images[:] = []
    if stack.domains.real:
        for server in gone:
            assert stack.domains.name(server) not in stack.domains.domains()
            assert not os.path.exists(stack.domains.files(server))
    assert stack.osc('server', 'list', '--all-projects') == []
