"""Cold migration and resize: moving an instance's disks between two
instances_path directories (two compute services on one machine, or one
service resizing in place).

Source side (:func:`migrate_disk_and_power_off`): power the guest off,
forget its domain, rename ``<uuid>`` to ``<uuid>_resize`` and return
``disk_info`` (JSON) naming that directory.  Destination side
(:func:`finish_migration`): copy the disks from there into its own
``<uuid>``, re-point each overlay at a base in its own ``_base`` (fetched
from Glance if missing), grow the root disk to the new flavor and define
the domain from ``instance.flavor`` (the new flavor by then).
:func:`confirm_migration` deletes ``<uuid>_resize``;
:func:`finish_revert_migration` renames it back and boots the guest with
the old flavor again.
"""

import json
import os
import shutil
import subprocess

from oslo_log import log as logging

import nova.conf
from nova import exception
from nova.virt.libvirt import build
from nova.virt.libvirt import imagebackend
from nova.virt.libvirt import power

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


class ResizeError(exception.Invalid):
    msg_fmt = "Resize error: %(reason)s"


def migrate_disk_and_power_off(drv, instance, dest, flavor, timeout=0,
                               retry_interval=0):
    files = drv.files(instance)
    old = instance.flavor
    if flavor.root_gb < old.root_gb:
        raise ResizeError(reason='unable to shrink the root disk from '
                                 '%d to %d GiB' % (old.root_gb,
                                                   flavor.root_gb))
    if flavor.ephemeral_gb < old.ephemeral_gb:
        raise ResizeError(reason='unable to shrink the ephemeral disk')
    guest = drv.host.find_guest(instance)
    if guest is not None:
        if not (timeout and power.clean_shutdown(guest, timeout,
                                                 retry_interval)):
            guest.destroy()
        guest.undefine()
    if os.path.exists(files.resize_dir):
        shutil.rmtree(files.resize_dir)
    os.rename(files.dir, files.resize_dir)
    LOG.info('Instance %s powered off; disks staged in %s for %s',
             instance.uuid, files.resize_dir, dest)
    return json.dumps({'source_host': CONF.host,
                       'source_path': files.resize_dir})


def _rebase(path, base, fmt):
    subprocess.run(['qemu-img', 'rebase', '-u', '-b', base, '-F', fmt,
                    path], check=True, capture_output=True, text=True)


def finish_migration(drv, context, instance, disk_info, power_on=True):
    src = json.loads(disk_info)['source_path']
    files = drv.files(instance)
    if not os.path.isdir(src):
        raise ResizeError(reason='source disks %s are not reachable from '
                                 'this host' % src)
    files.ensure_dir()
    try:
        with open(os.path.join(src, 'libvirt.json')) as f:
            info = json.load(f)
        info.pop('rescue', None)
        for name in ('kernel', 'ramdisk'):
            if info.get(name):
                shutil.copyfile(os.path.join(src, name), files.path(name))
        for disk in info['disks']:
            path = files.path(disk['name'])
            shutil.copyfile(os.path.join(src, disk['name']), path)
            if 'image' in disk:
                base, fmt = drv.image_cache.fetch(context, disk['image'])
            else:
                kind, size_mb = disk['blank']
                base = drv.image_cache.blank(
                    kind, size_mb, imagebackend.BLANK_MAKERS[kind])
                fmt = 'raw'
            _rebase(path, base, fmt)
        root_gb = instance.flavor.root_gb
        if root_gb:
            imagebackend.resize(files.path('disk'),
                                root_gb * imagebackend.GiB)
        files.save_info(info)
        guest = build.define_domain(drv, instance, files)
        if power_on:
            build.start(guest, files)
    except Exception:
        LOG.exception('Finishing the migration of %s failed', instance.uuid)
        guest = drv.host.find_guest(instance)
        if guest is not None and os.path.isdir(files.dir):
            guest.destroy()
            guest.undefine()
        if os.path.abspath(files.dir) != os.path.abspath(src):
            shutil.rmtree(files.dir, ignore_errors=True)
        raise


def confirm_migration(drv, instance):
    files = drv.files(instance)
    if os.path.exists(files.resize_dir):
        shutil.rmtree(files.resize_dir)


def finish_revert_migration(drv, instance, power_on=True):
    files = drv.files(instance)
    if os.path.exists(files.resize_dir):
        if os.path.exists(files.dir):
            shutil.rmtree(files.dir)
        os.rename(files.resize_dir, files.dir)
    guest = drv.host.find_guest(instance)
    if guest is not None:
        guest.destroy()
    guest = build.define_domain(drv, instance, files)
    if power_on:
        build.start(guest, files)
