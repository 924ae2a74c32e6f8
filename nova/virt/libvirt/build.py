"""Building and tearing down guests: spawn, destroy, and (re)defining the
domain from what an instance's directory holds.

Every flow that needs a fresh domain definition (hard reboot, power on,
rescue, resize, revert) goes through :func:`define_domain`, which rebuilds
the XML from the instance's flavor and the ``libvirt.json`` saved at spawn.
"""

from oslo_log import log as logging

import nova.conf
from nova.compute import task_states
from nova import exception
from nova.virt.libvirt import designer
from nova.virt.libvirt import config as vconfig

try:
    import libvirt
except ImportError:  # pragma: no cover
    libvirt = None

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


class GuestLaunchFailed(exception.NovaException):
    msg_fmt = "Failed to start guest %(instance_uuid)s: %(reason)s"


def error_text(exc):
    if libvirt is not None and isinstance(exc, libvirt.libvirtError):
        return exc.get_error_message()
    return str(exc)


def domain_xml(drv, instance, flavor, files, info, rescue=False):
    """The domain XML of ``instance`` from its saved ``info``."""
    props = info.get('props', {})
    bus = designer.disk_bus(props)
    cache = designer.cache_mode(files.instances_path)
    names = [d['name'] for d in info.get('disks', [])]
    kernel = files.path('kernel') if info.get('kernel') else None
    initrd = files.path('ramdisk') if info.get('ramdisk') else None
    if rescue:
        r = info['rescue']
        names = ['disk.rescue', 'disk']
        kernel = files.path('kernel.rescue') if r.get('kernel') else None
        initrd = files.path('ramdisk.rescue') if r.get('ramdisk') else None
    disks = [vconfig.Disk(files.path(name), designer.dev_name(bus, i),
                          target_bus=bus, driver_format='qcow2', cache=cache)
             for i, name in enumerate(names)]
    dom = designer.build_domain(instance, flavor, props, disks,
                                files.console_log,
                                network_info=info.get('network_info'),
                                kernel=kernel, initrd=initrd)
    return dom.to_xml()


def define_domain(drv, instance, files, flavor=None, rescue=False):
    """(Re)define the domain of ``instance``; returns its Guest."""
    info = files.load_info()
    if not info:
        raise exception.InstanceNotFound(instance_id=instance.uuid)
    xml = domain_xml(drv, instance, flavor or instance.flavor, files, info,
                     rescue=rescue)
    return drv.host.define(xml)


def start(guest, files):
    """Boot ``guest`` with an empty console log."""
    files.truncate_console()
    guest.launch()


def _vif_list(network_info):
    result = []
    for vif in network_info or []:
        if isinstance(vif, dict):
            result.append({'address': vif.get('address'),
                           'devname': vif.get('devname'),
                           'network': {'bridge': (vif.get('network') or {})
                                       .get('bridge')}})
    return result


def prepare_disks(drv, context, instance, image_meta, files):
    """Create the instance's disks and boot files; returns the info dict
    saved as libvirt.json."""
    props = designer.image_properties(image_meta)
    flavor = instance.flavor
    image_id = designer.image_attr(image_meta, 'id') or instance.image_ref
    info = {'image_id': image_id, 'props': {
        k: v for k, v in props.items() if k in designer.IMAGE_PROPS},
        'disks': []}
    kernel_id = (getattr(instance, 'kernel_id', None) or
                 props.get('kernel_id'))
    ramdisk_id = (getattr(instance, 'ramdisk_id', None) or
                  props.get('ramdisk_id'))
    if kernel_id:
        files.fetch_boot_file(drv.image_cache, context, kernel_id, 'kernel')
        info['kernel'] = kernel_id
        if ramdisk_id:
            files.fetch_boot_file(drv.image_cache, context, ramdisk_id,
                                  'ramdisk')
            info['ramdisk'] = ramdisk_id
    files.create_root(drv.image_cache, context, image_id, flavor.root_gb)
    info['disks'].append({'name': 'disk', 'image': image_id})
    if flavor.ephemeral_gb:
        files.create_ephemeral(drv.image_cache, flavor.ephemeral_gb)
        info['disks'].append({'name': 'disk.local',
                              'blank': ['ephemeral_ext4',
                                        flavor.ephemeral_gb * 1024]})
    if flavor.swap:
        files.create_swap(drv.image_cache, flavor.swap)
        info['disks'].append({'name': 'disk.swap',
                              'blank': ['swap', flavor.swap]})
    return info


def spawn(drv, context, instance, image_meta, network_info=None):
    files = drv.files(instance)
    if drv.host.find_guest(instance) is not None:
        raise exception.InstanceExists(name=instance.name)
    guest = None
    try:
        files.ensure_dir()
        info = prepare_disks(drv, context, instance, image_meta, files)
        info['network_info'] = _vif_list(network_info)
        files.save_info(info)
        guest = define_domain(drv, instance, files)
        start(guest, files)
    except Exception as e:
        LOG.error('Spawning %s failed: %s', instance.uuid, error_text(e))
        _undo_spawn(drv, instance, files)
        if isinstance(e, (exception.ImageNotFound, exception.InstanceExists)):
            raise
        raise GuestLaunchFailed(instance_uuid=instance.uuid,
                                reason=error_text(e)) from e
    LOG.info('Guest %s (%s) started', instance.uuid, instance.name)


def _undo_spawn(drv, instance, files):
    try:
        guest = drv.host.find_guest(instance)
        if guest is not None:
            guest.destroy()
            guest.undefine()
    except Exception:
        LOG.exception('Could not remove the domain of %s', instance.uuid)
    try:
        files.remove(with_resize=False)
    except Exception:
        LOG.exception('Could not remove the files of %s', instance.uuid)


def destroy(drv, instance, destroy_disks=True):
    """Stop and forget the domain; delete its files if asked.  A guest
    that is already gone is not an error."""
    guest = drv.host.find_guest(instance)
    if guest is not None:
        guest.destroy()
        guest.undefine()
    if destroy_disks:
        # While a resize is reverted, <uuid>_resize holds the source copy.
        reverting = (getattr(instance, 'task_state', None) ==
                     task_states.RESIZE_REVERTING)
        drv.files(instance).remove(with_resize=not reverting)
