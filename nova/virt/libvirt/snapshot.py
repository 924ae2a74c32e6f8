"""Snapshot: the instance's root disk, flattened, uploaded to Glance.

A running or paused guest is saved to disk (managed save) while its root
disk is copied, so the copy is consistent, then restored as it was.
"""

import os
import tempfile

from oslo_log import log as logging

import nova.conf
from nova.compute import power_state
from nova.compute import task_states
from nova.virt.libvirt import imagebackend

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


def snapshot(drv, context, instance, image_id, update_task_state):
    guest = drv.host.get_guest(instance)
    files = drv.files(instance)
    info = files.load_info()
    out_format = CONF.libvirt.snapshot_image_format or 'qcow2'
    update_task_state(task_state=task_states.IMAGE_PENDING_UPLOAD)

    staging = CONF.libvirt.snapshots_directory
    os.makedirs(staging, exist_ok=True)
    fd, out = tempfile.mkstemp(dir=staging, prefix='%s.' % instance.uuid,
                               suffix='.' + out_format)
    os.close(fd)
    try:
        state = guest.get_power_state()
        saved = state in (power_state.RUNNING, power_state.PAUSED)
        if saved:
            guest.managed_save()
        try:
            imagebackend.convert(files.path('disk'), out, out_format)
        finally:
            if saved:
                guest.launch()
        update_task_state(task_state=task_states.IMAGE_UPLOADING,
                          expected_state=task_states.IMAGE_PENDING_UPLOAD)
        changes = {'disk_format': out_format, 'container_format': 'bare'}
        for key, value in info.get('props', {}).items():
            changes.setdefault(key, value)
        for key in ('kernel_id', 'ramdisk_id'):
            ident = info.get(key.split('_')[0])
            if ident:
                changes[key] = ident
        drv.glance.update(context, image_id, changes)
        image = drv.glance.upload(context, image_id, out)
        LOG.info('Snapshot of %s uploaded as image %s (%s)', instance.uuid,
                 image_id, image['status'])
        return image
    finally:
        os.unlink(out)
