"""What goes into a guest's domain: flavor + image properties + config.

:func:`build_domain` is the only place that reads the ``[libvirt]``,
``[vnc]`` and ``[spice]`` options for the domain definition; the flows
(spawn, reboot, rescue, resize) pass it the disks they prepared.
"""

import errno
import os
import tempfile

from oslo_log import log as logging

import nova.conf
from nova.virt.libvirt import config as vconfig

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

# Image properties the designer understands (Glance names).
IMAGE_PROPS = ('hw_disk_bus', 'hw_cdrom_bus', 'hw_vif_model', 'os_type',
               'hw_machine_type', 'hw_video_model', 'hw_pointer_model',
               'os_command_line', 'hw_rng_model', 'architecture',
               'hw_architecture')

_BUS_PREFIX = {'virtio': 'vd', 'scsi': 'sd', 'sata': 'sd', 'usb': 'sd',
               'ide': 'hd', 'xen': 'xvd', 'uml': 'ubd', 'lxc': ''}
_DEFAULT_CMDLINE = 'root=/dev/vda console=tty0 console=ttyS0'


def image_properties(image_meta):
    """The ``properties`` dict of ``image_meta`` (a Glance-style dict or an
    object with ``properties``), flattened to plain strings."""
    if image_meta is None:
        return {}
    if isinstance(image_meta, dict):
        props = dict(image_meta.get('properties') or {})
    else:
        props = getattr(image_meta, 'properties', None) or {}
        if not isinstance(props, dict):
            props = {k: getattr(props, k) for k in IMAGE_PROPS
                     if props.obj_attr_is_set(k)}
    return {k: v for k, v in props.items() if v is not None}


def image_attr(image_meta, name, default=None):
    """A core attribute (id, disk_format...) of a dict or object image."""
    if image_meta is None:
        return default
    if isinstance(image_meta, dict):
        return image_meta.get(name, default)
    return getattr(image_meta, name, default)


def disk_bus(props, virt_type=None):
    virt_type = virt_type or CONF.libvirt.virt_type
    bus = props.get('hw_disk_bus')
    if bus:
        return bus
    if virt_type in ('kvm', 'qemu'):
        return 'virtio'
    if virt_type == 'xen':
        return 'xen'
    return 'ide'


def dev_name(bus, index):
    """Guest device name of the ``index``-th disk on ``bus`` (vda, vdb...)."""
    prefix = CONF.libvirt.disk_prefix or _BUS_PREFIX.get(bus, 'sd')
    return prefix + 'abcdefghijklmnopqrstuvwxyz'[index]


def vif_model(props, virt_type=None):
    virt_type = virt_type or CONF.libvirt.virt_type
    model = props.get('hw_vif_model')
    if model:
        return model
    return 'virtio' if virt_type in ('kvm', 'qemu') else None


def _supports_direct_io(dirpath):
    """Whether files in ``dirpath`` can be opened with O_DIRECT (tmpfs and
    some others cannot; cache='none' needs it)."""
    if not hasattr(os, 'O_DIRECT'):
        return False
    fd, path = None, None
    try:
        os.makedirs(dirpath, exist_ok=True)
        handle, path = tempfile.mkstemp(dir=dirpath, prefix='.directio.')
        os.close(handle)
        fd = os.open(path, os.O_WRONLY | os.O_DIRECT)
        return True
    except OSError as e:
        if e.errno != errno.EINVAL:
            LOG.debug('O_DIRECT check in %s failed: %s', dirpath, e)
        return False
    finally:
        if fd is not None:
            os.close(fd)
        if path:
            os.unlink(path)


def cache_mode(instances_path, source_type='file'):
    """Disk cache mode: ``[libvirt] disk_cachemodes`` for the source type,
    else none where O_DIRECT works and writethrough where it does not."""
    for item in CONF.libvirt.disk_cachemodes:
        kind, _, mode = item.partition('=')
        if kind.strip() == source_type and mode.strip():
            return mode.strip()
    if _supports_direct_io(instances_path):
        return 'none'
    return 'writethrough'


def machine_type(props, arch='x86_64'):
    if props.get('hw_machine_type'):
        return props['hw_machine_type']
    for item in CONF.libvirt.hw_machine_type or []:
        key, _, value = item.partition('=')
        if key.strip() == arch and value.strip():
            return value.strip()
    return None


def cpu_config(virt_type=None):
    """The <cpu> of guests, or None to let the hypervisor choose."""
    virt_type = virt_type or CONF.libvirt.virt_type
    mode = CONF.libvirt.cpu_mode
    if mode is None:
        # Software emulation cannot model the host's CPU.
        mode = 'host-model' if virt_type == 'kvm' else 'none'
    if mode == 'none':
        return None
    if mode == 'custom':
        if not CONF.libvirt.cpu_model:
            raise ValueError('[libvirt] cpu_mode = custom needs cpu_model')
        return vconfig.CPU('custom', model=CONF.libvirt.cpu_model,
                           features=CONF.libvirt.cpu_model_extra_flags)
    return vconfig.CPU(mode, features=CONF.libvirt.cpu_model_extra_flags
                       if mode == 'host-model' else ())


def build_domain(instance, flavor, props, disks, console_log,
                 network_info=None, kernel=None, initrd=None,
                 virt_type=None):
    """A :class:`config.Domain` for ``instance`` sized by ``flavor``.

    ``disks`` is a list of :class:`config.Disk` in boot order; ``kernel``
    and ``initrd`` make it a direct kernel boot (AKI/ARI images).
    """
    virt_type = virt_type or CONF.libvirt.virt_type
    dom = vconfig.Domain(instance.name, instance.uuid,
                         memory_kib=flavor.memory_mb * 1024,
                         vcpus=flavor.vcpus, virt_type=virt_type)
    dom.arch = props.get('hw_architecture') or props.get('architecture')
    dom.machine = machine_type(props)
    dom.cpu = cpu_config(virt_type)
    if props.get('os_type') == 'windows':
        dom.clock_offset = 'localtime'
    if kernel:
        dom.kernel = kernel
        dom.initrd = initrd
        dom.cmdline = props.get('os_command_line') or _DEFAULT_CMDLINE
    dom.metadata = {
        'name': getattr(instance, 'display_name', None) or instance.name,
        'flavor': flavor.name,
        'memory': flavor.memory_mb,
        'vcpus': flavor.vcpus,
    }
    dom.devices.extend(disks)
    for vif in network_info or []:
        dom.devices.append(_interface(vif, vif_model(props, virt_type)))
    dom.devices.append(vconfig.SerialConsole(console_log))

    graphics = False
    if CONF.vnc.enabled:
        dom.devices.append(vconfig.Graphics('vnc', CONF.vnc.server_listen))
        graphics = True
    if CONF.spice.enabled:
        dom.devices.append(vconfig.Graphics(
            'spice', CONF.spice.server_listen,
            agent_mouse=CONF.spice.agent_enabled))
        graphics = True
    if graphics:
        dom.video_model = (props.get('hw_video_model') or
                           ('qxl' if CONF.spice.enabled else 'cirrus'))
        pointer = props.get('hw_pointer_model')
        dom.tablet = (pointer == 'usbtablet' or
                      (pointer is None and CONF.libvirt.use_usb_tablet))
    if CONF.libvirt.mem_stats_period_seconds > 0:
        dom.memballoon_period = CONF.libvirt.mem_stats_period_seconds
    if props.get('hw_rng_model') == 'virtio' and CONF.libvirt.rng_dev_path:
        dom.rng_path = CONF.libvirt.rng_dev_path
    return dom


def _interface(vif, model):
    """A NIC for one entry of network_info (a VIF dict or object)."""
    get = vif.get if isinstance(vif, dict) else (
        lambda k, d=None: getattr(vif, k, d))
    network = get('network') or {}
    bridge = (network.get('bridge') if isinstance(network, dict)
              else getattr(network, 'bridge', None))
    mtu = None
    meta = (network.get('meta') if isinstance(network, dict) else None)
    if meta:
        mtu = meta.get('mtu')
    devname = get('devname')
    return vconfig.Interface(
        get('address'), model=model, bridge=bridge,
        target_dev=None if bridge else devname, mtu=mtu)
