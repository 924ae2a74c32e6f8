"""Power flows: reboot, power off/on, pause, suspend, rescue."""

import os
import time

from oslo_log import log as logging

import nova.conf
from nova.compute import power_state
from nova import exception
from nova.virt.libvirt import build
from nova.virt.libvirt import designer

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


def clean_shutdown(guest, timeout, retry_interval=0):
    """ACPI power-off, re-sent every ``retry_interval`` seconds; True when
    the guest turned itself off within ``timeout``."""
    if not guest.is_active():
        return True
    retry_interval = retry_interval or timeout
    deadline = time.monotonic() + timeout
    while True:
        try:
            guest.shutdown()
        except Exception as e:
            LOG.debug('ACPI shutdown of %s: %s', guest.name, e)
        left = deadline - time.monotonic()
        if guest.wait_for_shutoff(max(0, min(retry_interval, left))):
            return True
        if time.monotonic() >= deadline:
            return False


def hard_reboot(drv, instance):
    """Destroy, redefine from the instance's flavor and files, boot."""
    guest = drv.host.find_guest(instance)
    if guest is not None:
        guest.destroy()
        guest.remove_managed_save()
    files = drv.files(instance)
    guest = build.define_domain(drv, instance, files,
                                rescue='rescue' in files.load_info())
    build.start(guest, files)


def reboot(drv, instance, reboot_type):
    if reboot_type == 'SOFT':
        guest = drv.host.get_guest(instance)
        if guest.get_power_state() == power_state.RUNNING:
            if clean_shutdown(guest, CONF.libvirt.wait_soft_reboot_seconds):
                LOG.info('Guest %s shut down; starting it again',
                         instance.uuid)
                build.start(guest, drv.files(instance))
                return
            LOG.warning('Guest %s did not shut down within %s s; doing a '
                        'hard reboot', instance.uuid,
                        CONF.libvirt.wait_soft_reboot_seconds)
    hard_reboot(drv, instance)


def power_off(drv, instance, timeout=0, retry_interval=0):
    guest = drv.host.get_guest(instance)
    if timeout and clean_shutdown(guest, timeout, retry_interval):
        return
    guest.destroy()


def power_on(drv, instance):
    hard_reboot(drv, instance)


def pause(drv, instance):
    drv.host.get_guest(instance).pause()


def unpause(drv, instance):
    drv.host.get_guest(instance).resume()


def suspend(drv, instance):
    guest = drv.host.get_guest(instance)
    if guest.get_power_state() not in (power_state.RUNNING,
                                       power_state.PAUSED):
        raise exception.InstanceNotRunning(instance_id=instance.uuid)
    guest.managed_save()


def resume(drv, instance):
    guest = drv.host.get_guest(instance)
    if guest.has_managed_save():
        guest.launch()
    elif not guest.is_active():
        hard_reboot(drv, instance)


def rescue(drv, context, instance, image_meta):
    """Boot the rescue image with the instance's own disk attached
    second."""
    files = drv.files(instance)
    info = files.load_info()
    props = designer.image_properties(image_meta)
    image_id = (CONF.libvirt.rescue_image_id or
                designer.image_attr(image_meta, 'id') or
                info.get('image_id') or instance.image_ref)
    kernel_id = CONF.libvirt.rescue_kernel_id or props.get('kernel_id')
    ramdisk_id = CONF.libvirt.rescue_ramdisk_id or props.get('ramdisk_id')
    if not CONF.libvirt.rescue_image_id and not props and info.get('kernel'):
        kernel_id, ramdisk_id = info.get('kernel'), info.get('ramdisk')
    rescue_info = {'image_id': image_id}
    files.create_root(drv.image_cache, context, image_id,
                      instance.flavor.root_gb, name='disk.rescue')
    if kernel_id:
        files.fetch_boot_file(drv.image_cache, context, kernel_id,
                              'kernel.rescue')
        rescue_info['kernel'] = kernel_id
        if ramdisk_id:
            files.fetch_boot_file(drv.image_cache, context, ramdisk_id,
                                  'ramdisk.rescue')
            rescue_info['ramdisk'] = ramdisk_id
    info['rescue'] = rescue_info
    files.save_info(info)
    guest = drv.host.get_guest(instance)
    guest.destroy()
    guest = build.define_domain(drv, instance, files, rescue=True)
    build.start(guest, files)


def unrescue(drv, instance):
    files = drv.files(instance)
    info = files.load_info()
    if 'rescue' not in info:
        raise exception.InstanceNotInRescueMode(instance_id=instance.uuid)
    guest = drv.host.get_guest(instance)
    guest.destroy()
    del info['rescue']
    files.save_info(info)
    for name in ('disk.rescue', 'kernel.rescue', 'ramdisk.rescue'):
        if os.path.exists(files.path(name)):
            os.unlink(files.path(name))
    guest = build.define_domain(drv, instance, files)
    build.start(guest, files)
