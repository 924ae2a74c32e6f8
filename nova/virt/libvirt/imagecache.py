"""The base image cache: ``<instances_path>/_base``.

Each Glance image a guest boots from is downloaded once, verified against
its checksum, and kept read-only in ``_base`` under the SHA-1 of its id;
instance disks are copy-on-write overlays on it.  A per-image file lock
(``flock``, which also separates threads) makes concurrent builds of one
image wait for a single download.  Blank ephemeral and swap bases are made
the same way.
"""

import contextlib
import fcntl
import hashlib
import json
import os
import subprocess

from oslo_log import log as logging

import nova.conf

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


def base_dir(instances_path):
    return os.path.join(instances_path, CONF.image_cache_subdirectory_name)


def cache_name(image_id):
    return hashlib.sha1(image_id.encode('utf-8')).hexdigest()


@contextlib.contextmanager
def file_lock(path):
    """An exclusive flock on ``path`` (created if missing)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def qemu_img_info(path):
    out = subprocess.run(['qemu-img', 'info', '-U', '--output=json', path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


class ImageCache(object):
    """Fetches images into the ``_base`` of one instances_path."""

    def __init__(self, instances_path, glance):
        self.instances_path = instances_path
        self.glance = glance
        self.fetch_count = 0  # downloads done (tests check "once")

    @property
    def base_dir(self):
        return base_dir(self.instances_path)

    def fetch(self, context, image_id):
        """Path of the cached base of ``image_id`` and its format
        ('raw', 'qcow2'...), downloading it if needed."""
        os.makedirs(self.base_dir, exist_ok=True)
        path = os.path.join(self.base_dir, cache_name(image_id))
        with file_lock(path + '.lock'):
            if not os.path.exists(path):
                self._download(context, image_id, path)
            os.utime(path)  # last use, for a cache cleaner
            return path, qemu_img_info(path)['format']

    def _download(self, context, image_id, path):
        part = path + '.part'
        image = self.glance.show(context, image_id)
        LOG.info('Downloading image %s into %s', image_id, path)
        self.glance.download(context, image_id, part, image=image)
        try:
            actual = qemu_img_info(part)['format']
            declared = image.get('disk_format')
            if declared in ('raw', 'qcow2') and declared != actual:
                # Never let a "raw" image be opened as qcow2 (or the
                # reverse): a qcow2 header may name any host file.
                raise ValueError('image %s is declared %s but holds %s'
                                 % (image_id, declared, actual))
        except BaseException:
            os.unlink(part)
            raise
        os.chmod(part, 0o444)
        os.rename(part, path)
        self.fetch_count += 1

    def blank(self, kind, size_mb, make):
        """Path of a cached blank raw disk ``<kind>_<size_mb>``, prepared
        by ``make(path)`` (e.g. mkfs or mkswap) once."""
        os.makedirs(self.base_dir, exist_ok=True)
        path = os.path.join(self.base_dir, '%s_%d' % (kind, size_mb))
        with file_lock(path + '.lock'):
            if not os.path.exists(path):
                part = path + '.part'
                with open(part, 'wb') as f:
                    f.truncate(size_mb * 1024 * 1024)
                try:
                    make(part)
                except BaseException:
                    os.unlink(part)
                    raise
                os.rename(part, path)
        return path
