"""Session fixtures of the libvirt driver tests: private libvirtd + Glance
+ the test guest, started once per test process, and a check at the end
that nothing was left behind.

Select these tests with ``-m libvirt``; they run by default.
"""

import os
import shutil
import tempfile

import pytest

import nova.conf
from nova import objects
from nova.image import glance as glance_client
from nova.tests.functional.libvirt import fixtures as lvfix
from nova.virt.libvirt import driver as libvirt_driver

CONF = nova.conf.CONF


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.libvirt)


def pytest_configure(config):
    config.addinivalue_line(
        'markers', 'libvirt: tests on real QEMU guests through a private '
                   'libvirtd and Glance')


class Env(object):
    """What the tests share: daemons, images, CONF, instances paths."""

    def __init__(self, root):
        self.root = root
        self.libvirtd = lvfix.Libvirtd(os.path.join(root, 'libvirt'))
        self.glance_proc = lvfix.Glance(os.path.join(root, 'glance'))
        self.instances_paths = []
        self.images = {}
        self.drivers = []

    def start(self):
        lvfix.install_packages()
        guest_dir = lvfix.build_guest()
        self.libvirtd.start()
        self.glance_proc.start()
        self.glance = glance_client.GlanceClient(
            api_servers=[self.glance_proc.url], num_retries=1)
        qcow2 = os.path.join(self.root, 'guest.qcow2')
        lvfix.run(['qemu-img', 'convert', '-O', 'qcow2',
                   os.path.join(guest_dir, 'disk.img'), qcow2])
        disk = self.glance.create(None, 'nova-test-guest',
                                  disk_format='qcow2',
                                  container_format='bare')
        self.glance.upload(None, disk['id'], qcow2)
        kernel = self.glance.create(None, 'nova-test-kernel',
                                    disk_format='aki',
                                    container_format='aki')
        self.glance.upload(None, kernel['id'],
                           os.path.join(guest_dir, 'vmlinuz'))
        ramdisk = self.glance.create(None, 'nova-test-ramdisk',
                                     disk_format='ari',
                                     container_format='ari')
        self.glance.upload(None, ramdisk['id'],
                           os.path.join(guest_dir, 'initrd.img'))
        self.images = {'disk': disk['id'], 'kernel': kernel['id'],
                       'ramdisk': ramdisk['id']}
        self.overrides = [
            ('virt_type', 'qemu', 'libvirt'),
            ('connection_uri', self.libvirtd.uri, 'libvirt'),
            ('wait_soft_reboot_seconds', 30, 'libvirt'),
            ('use_usb_tablet', False, 'libvirt'),
            ('snapshots_directory', os.path.join(self.root, 'snapshots'),
             'libvirt'),
            ('api_servers', [self.glance_proc.url], 'glance'),
            ('instances_path', os.path.join(self.root, 'instances'), None),
            ('enabled', True, 'vnc'),
            ('server_listen', '127.0.0.1', 'vnc'),
        ]
        self.apply_overrides()

    def apply_overrides(self):
        for name, value, group in self.overrides:
            CONF.set_override(name, value, group)

    def clear_overrides(self):
        for name, _value, group in self.overrides:
            CONF.clear_override(name, group)

    def driver(self, instances_path=None):
        path = instances_path or CONF.instances_path
        drv = libvirt_driver.LibvirtDriver(None, instances_path=path,
                                           glance=self.glance)
        drv.init_host('libvirt-test')
        self.drivers.append(drv)
        if path not in self.instances_paths:
            self.instances_paths.append(path)
        return drv

    def leftovers(self):
        """Domains, instance directories and overlay disks still there."""
        found = ['domain %s' % d for d in self.libvirtd.domains()]
        base = CONF.image_cache_subdirectory_name
        for path in self.instances_paths:
            if not os.path.isdir(path):
                continue
            for name in os.listdir(path):
                if name != base:
                    found.append(os.path.join(path, name))
        return found

    def stop(self):
        for drv in self.drivers:
            drv.cleanup_host('libvirt-test')
        self.libvirtd.stop()
        self.glance_proc.stop()
        self.clear_overrides()


@pytest.fixture(scope='session')
def libvirt_env():
    objects.register_all()
    root = tempfile.mkdtemp(prefix='nova-libvirt-')
    env = Env(root)
    try:
        env.start()
    except Exception:
        env.libvirtd.stop()
        env.glance_proc.stop()
        shutil.rmtree(root, ignore_errors=True)
        raise
    # The environment lives for the session, but its configuration must
    # not leak into other tests run by the same worker: the ``env``
    # fixture applies it around each libvirt test.
    env.clear_overrides()
    yield env
    env.apply_overrides()
    try:
        left = env.leftovers()
    finally:
        env.stop()
    shutil.rmtree(root, ignore_errors=True)
    assert not left, 'left behind after the libvirt tests: %s' % left


@pytest.fixture
def env(libvirt_env):
    """The shared environment, with this machine's guest lock held so one
    guest boots at a time even across test processes."""
    with lvfix.machine_lock('guest'):
        libvirt_env.apply_overrides()
        try:
            yield libvirt_env
        finally:
            libvirt_env.clear_overrides()
