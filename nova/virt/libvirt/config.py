"""libvirt domain XML, built from plain description objects.

Each class describes one part of a domain (a disk, a NIC, the serial
console...) with Python attributes and knows how to render itself as an
``xml.etree`` element.  Nothing here talks to libvirt or reads
configuration: :mod:`nova.virt.libvirt.designer` decides *what* goes in a
domain, this module only says *how it is written*.
"""

import xml.etree.ElementTree as ET

NOVA_NS = 'http://openstack.org/xmlns/libvirt/nova/1.1'


def _sub(parent, tag, text=None, **attrs):
    el = ET.SubElement(parent, tag,
                       {k.rstrip('_'): str(v) for k, v in attrs.items()
                        if v is not None})
    if text is not None:
        el.text = str(text)
    return el


class Disk(object):
    """A file-backed disk or cdrom."""

    def __init__(self, path, target_dev, target_bus='virtio',
                 driver_format='qcow2', cache=None, device='disk',
                 readonly=False, discard=None, serial=None):
        self.path = path
        self.target_dev = target_dev
        self.target_bus = target_bus
        self.driver_format = driver_format
        self.cache = cache
        self.device = device
        self.readonly = readonly
        self.discard = discard
        self.serial = serial

    def render(self, parent):
        disk = _sub(parent, 'disk', type='file', device=self.device)
        _sub(disk, 'driver', name='qemu', type=self.driver_format,
             cache=self.cache, discard=self.discard)
        _sub(disk, 'source', file=self.path)
        _sub(disk, 'target', dev=self.target_dev, bus=self.target_bus)
        if self.readonly:
            _sub(disk, 'readonly')
        if self.serial:
            _sub(disk, 'serial', self.serial)
        return disk


class Interface(object):
    """A NIC plugged into a Linux bridge, a libvirt network or a tap."""

    def __init__(self, mac, model='virtio', bridge=None, network=None,
                 target_dev=None, mtu=None):
        self.mac = mac
        self.model = model
        self.bridge = bridge
        self.network = network
        self.target_dev = target_dev
        self.mtu = mtu

    def render(self, parent):
        if self.bridge:
            nic = _sub(parent, 'interface', type='bridge')
            _sub(nic, 'source', bridge=self.bridge)
        elif self.network:
            nic = _sub(parent, 'interface', type='network')
            _sub(nic, 'source', network=self.network)
        else:
            nic = _sub(parent, 'interface', type='ethernet')
        _sub(nic, 'mac', address=self.mac)
        if self.model:
            _sub(nic, 'model', type=self.model)
        if self.target_dev:
            _sub(nic, 'target', dev=self.target_dev)
        if self.mtu:
            _sub(nic, 'mtu', size=self.mtu)
        return nic


class SerialConsole(object):
    """Serial port 0 on a pty, everything it prints logged to a file
    (by virtlogd), plus the matching <console>."""

    def __init__(self, log_path):
        self.log_path = log_path

    def render(self, parent):
        serial = _sub(parent, 'serial', type='pty')
        _sub(serial, 'log', file=self.log_path, append='off')
        _sub(serial, 'target', port=0)
        console = _sub(parent, 'console', type='pty')
        _sub(console, 'target', type='serial', port=0)
        return serial


class Graphics(object):
    """A VNC or SPICE server on ``listen``, port chosen by libvirt."""

    def __init__(self, kind, listen, keymap=None, agent_mouse=None):
        if kind not in ('vnc', 'spice'):
            raise ValueError('unknown graphics type %r' % kind)
        self.kind = kind
        self.listen = listen
        self.keymap = keymap
        self.agent_mouse = agent_mouse

    def render(self, parent):
        gfx = _sub(parent, 'graphics', type=self.kind, autoport='yes',
                   keymap=self.keymap, listen=self.listen)
        _sub(gfx, 'listen', type='address', address=self.listen)
        if self.kind == 'spice' and self.agent_mouse is not None:
            _sub(gfx, 'mouse', mode='client' if self.agent_mouse
                 else 'server')
        return gfx


class CPU(object):
    """<cpu>: host-model, host-passthrough or a named (custom) model."""

    def __init__(self, mode, model=None, features=(), sockets=None,
                 cores=None, threads=None):
        self.mode = mode
        self.model = model
        self.features = list(features)
        self.sockets = sockets
        self.cores = cores
        self.threads = threads

    def render(self, parent):
        if self.mode == 'custom':
            cpu = _sub(parent, 'cpu', mode='custom', match='exact')
            if self.model:
                _sub(cpu, 'model', self.model, fallback='allow')
        else:
            cpu = _sub(parent, 'cpu', mode=self.mode)
        if self.sockets:
            _sub(cpu, 'topology', sockets=self.sockets, cores=self.cores,
                 threads=self.threads)
        for name in self.features:
            _sub(cpu, 'feature', policy='require', name=name)
        return cpu


class Domain(object):
    """A whole guest.  ``devices`` holds Disk/Interface/SerialConsole/
    Graphics objects in the order they should appear."""

    def __init__(self, name, uuid, memory_kib, vcpus, virt_type='kvm'):
        self.virt_type = virt_type
        self.name = name
        self.uuid = uuid
        self.memory_kib = memory_kib
        self.vcpus = vcpus
        self.os_type = 'hvm'
        self.arch = None
        self.machine = None
        self.kernel = None
        self.initrd = None
        self.cmdline = None
        self.boot_devs = ['hd']
        self.features = ['acpi', 'apic']
        self.clock_offset = 'utc'
        self.cpu = None
        self.devices = []
        self.video_model = None
        self.tablet = False
        self.memballoon_period = None
        self.rng_path = None
        self.metadata = {}  # nova:<key> text elements
        self.on_poweroff = 'destroy'
        self.on_reboot = 'restart'
        self.on_crash = 'destroy'

    def to_element(self):
        dom = ET.Element('domain', type=self.virt_type)
        _sub(dom, 'name', self.name)
        _sub(dom, 'uuid', self.uuid)
        if self.metadata:
            meta = _sub(dom, 'metadata')
            inst = _sub(meta, '{%s}instance' % NOVA_NS)
            for key, value in self.metadata.items():
                _sub(inst, '{%s}%s' % (NOVA_NS, key), value)
        _sub(dom, 'memory', self.memory_kib, unit='KiB')
        _sub(dom, 'currentMemory', self.memory_kib, unit='KiB')
        _sub(dom, 'vcpu', self.vcpus)

        os_el = _sub(dom, 'os')
        _sub(os_el, 'type', self.os_type, arch=self.arch,
             machine=self.machine)
        if self.kernel:
            _sub(os_el, 'kernel', self.kernel)
            if self.initrd:
                _sub(os_el, 'initrd', self.initrd)
            if self.cmdline:
                _sub(os_el, 'cmdline', self.cmdline)
        else:
            for dev in self.boot_devs:
                _sub(os_el, 'boot', dev=dev)

        if self.features:
            feats = _sub(dom, 'features')
            for name in self.features:
                _sub(feats, name)
        if self.cpu is not None:
            self.cpu.render(dom)
        clock = _sub(dom, 'clock', offset=self.clock_offset)
        _sub(clock, 'timer', name='rtc', tickpolicy='catchup')
        _sub(clock, 'timer', name='pit', tickpolicy='delay')
        _sub(dom, 'on_poweroff', self.on_poweroff)
        _sub(dom, 'on_reboot', self.on_reboot)
        _sub(dom, 'on_crash', self.on_crash)

        devices = _sub(dom, 'devices')
        for dev in self.devices:
            dev.render(devices)
        if self.tablet:
            _sub(devices, 'input', type='tablet', bus='usb')
        if self.video_model:
            video = _sub(devices, 'video')
            _sub(video, 'model', type=self.video_model)
        if self.rng_path:
            rng = _sub(devices, 'rng', model='virtio')
            _sub(rng, 'backend', self.rng_path, model='random')
        balloon = _sub(devices, 'memballoon', model='virtio')
        if self.memballoon_period:
            _sub(balloon, 'stats', period=self.memballoon_period)
        return dom

    def to_xml(self):
        ET.register_namespace('nova', NOVA_NS)
        root = self.to_element()
        ET.indent(root)
        return ET.tostring(root, encoding='unicode')


def parse(xml_text):
    """The element tree of a domain XML document."""
    return ET.fromstring(xml_text)


def memory_kib(xml_text):
    """<memory> of a domain XML, in KiB."""
    el = parse(xml_text).find('memory')
    factor = {'KiB': 1, 'k': 1, 'MiB': 1024, 'M': 1024,
              'GiB': 1024 * 1024, 'G': 1024 * 1024, 'b': 1.0 / 1024,
              'bytes': 1.0 / 1024}[el.get('unit', 'KiB')]
    return int(int(el.text) * factor)


def disk_paths(xml_text):
    """(target dev, source file) of each file-backed disk, in order."""
    result = []
    for disk in parse(xml_text).findall('./devices/disk'):
        src = disk.find('source')
        tgt = disk.find('target')
        if src is not None and src.get('file'):
            result.append((tgt.get('dev'), src.get('file')))
    return result


def graphics_port(xml_text, kind):
    """Port of the running domain's VNC or SPICE server, or None."""
    for gfx in parse(xml_text).findall('./devices/graphics'):
        if gfx.get('type') == kind:
            port = gfx.get('port')
            if port and int(port) > 0:
                return (int(port), gfx.get('tlsPort') and
                        int(gfx.get('tlsPort')))
    return None
