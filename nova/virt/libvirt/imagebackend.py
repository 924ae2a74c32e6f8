"""The files of one instance: its directory, disks, kernel and console log.

Layout of ``<instances_path>/<uuid>/``::

    disk           qcow2 overlay on the cached base image, root_gb big
    disk.local     qcow2 overlay on a blank ext4 base (flavor ephemeral_gb)
    disk.swap      qcow2 overlay on a blank swap base (flavor swap MiB)
    kernel         direct-boot kernel (AKI-style images), when there is one
    ramdisk        its initrd (ARI)
    disk.rescue    root of the rescue image while rescued (kernel.rescue,
                   ramdisk.rescue likewise)
    console.log    what the guest printed on its serial port
    libvirt.json   what the domain was built from (image properties,
                   boot files) so it can be rebuilt for reboot/resize
"""

import json
import os
import shutil
import subprocess

from oslo_log import log as logging

from nova.virt.libvirt import imagecache

LOG = logging.getLogger(__name__)

GiB = 1024 ** 3


def _run(*cmd):
    subprocess.run(cmd, check=True, capture_output=True, text=True)


def create_overlay(base, base_format, path, size_bytes=None):
    """A qcow2 overlay at ``path`` backed by ``base`` (absolute path),
    grown to ``size_bytes`` when that is bigger than the base."""
    _run('qemu-img', 'create', '-q', '-f', 'qcow2',
         '-b', os.path.abspath(base), '-F', base_format, path)
    if size_bytes:
        resize(path, size_bytes)


def virtual_size(path):
    return imagecache.qemu_img_info(path)['virtual-size']


def resize(path, size_bytes):
    """Grow a disk (never shrink it)."""
    if size_bytes > virtual_size(path):
        _run('qemu-img', 'resize', '-q', path, str(size_bytes))


def convert(src, dst, out_format):
    """A standalone copy of ``src`` (overlays flattened) in out_format."""
    _run('qemu-img', 'convert', '-U', '-O', out_format, src, dst)


def _mkfs_ext4(path):
    _run('mkfs.ext4', '-q', '-F', '-L', 'ephemeral0', path)


def _mkswap(path):
    _run('mkswap', path)


# How each kind of blank base disk is prepared.
BLANK_MAKERS = {'ephemeral_ext4': _mkfs_ext4, 'swap': _mkswap}


class InstanceFiles(object):
    """Paths and disks of one instance under one instances_path."""

    def __init__(self, instances_path, instance_uuid):
        self.instances_path = instances_path
        self.uuid = instance_uuid
        self.dir = os.path.join(instances_path, instance_uuid)

    def path(self, name):
        return os.path.join(self.dir, name)

    @property
    def resize_dir(self):
        return self.dir + '_resize'

    @property
    def console_log(self):
        return self.path('console.log')

    def exists(self):
        return os.path.isdir(self.dir)

    def ensure_dir(self):
        os.makedirs(self.dir, exist_ok=True)

    def truncate_console(self):
        """Empty the console log so a new boot cannot match old output."""
        self.ensure_dir()
        with open(self.console_log, 'w'):
            pass

    # -- what the domain was built from ----------------------------------

    def save_info(self, info):
        tmp = self.path('libvirt.json.tmp')
        with open(tmp, 'w') as f:
            json.dump(info, f, indent=1, sort_keys=True)
        os.rename(tmp, self.path('libvirt.json'))

    def load_info(self):
        try:
            with open(self.path('libvirt.json')) as f:
                return json.load(f)
        except FileNotFoundError:
            return {}

    # -- disks ---------------------------------------------------------------

    def create_root(self, cache, context, image_id, root_gb, name='disk'):
        """Root disk ``name`` as an overlay on the cached image."""
        base, fmt = cache.fetch(context, image_id)
        create_overlay(base, fmt, self.path(name),
                       root_gb * GiB if root_gb else None)
        return self.path(name)

    def fetch_boot_file(self, cache, context, image_id, name):
        """A kernel or ramdisk copied out of the cache (QEMU reads it)."""
        base, _fmt = cache.fetch(context, image_id)
        shutil.copyfile(base, self.path(name))
        return self.path(name)

    def create_ephemeral(self, cache, size_gb, name='disk.local'):
        base = cache.blank('ephemeral_ext4', size_gb * 1024,
                           BLANK_MAKERS['ephemeral_ext4'])
        create_overlay(base, 'raw', self.path(name))
        return self.path(name)

    def create_swap(self, cache, size_mb, name='disk.swap'):
        base = cache.blank('swap', size_mb, BLANK_MAKERS['swap'])
        create_overlay(base, 'raw', self.path(name))
        return self.path(name)

    def remove(self, with_resize=True):
        """Delete the instance directory (and its _resize twin)."""
        dirs = [self.dir] + ([self.resize_dir] if with_resize else [])
        for path in dirs:
            if os.path.exists(path):
                LOG.debug('Removing %s', path)
                shutil.rmtree(path)
