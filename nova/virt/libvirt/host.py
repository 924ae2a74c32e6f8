"""The connection to libvirtd: opening it, its events, what the host has.

One :class:`Host` per driver.  libvirt's default event loop runs in one
daemon thread per process (shared by every Host); domain lifecycle
callbacks arrive there and are turned into
:class:`nova.virt.event.LifecycleEvent` for the driver's listener.
"""

import json
import os
import socket
import threading
import time
import xml.etree.ElementTree as ET

from oslo_log import log as logging

import nova.conf
from nova import exception
from nova.virt import event as virtevent
from nova.virt.libvirt import guest as libvirt_guest

try:
    import libvirt
except ImportError:  # pragma: no cover - reported when a Host is made
    libvirt = None
else:
    # libvirt's default handler prints every error (e.g. "Domain not
    # found" for each lookup of a guest that is gone) on stderr; the
    # errors are raised as libvirtError and handled or logged by us.
    libvirt.registerErrorHandler(lambda _ctx, _err: None, None)

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

_event_loop_lock = threading.Lock()
_event_loop_thread = None


class HypervisorUnavailable(exception.NovaException):
    msg_fmt = "Connection to the hypervisor is broken on host: %(host)s"


def _start_event_loop():
    """Register libvirt's default event implementation and run it in a
    daemon thread, once per process (before the first connection)."""
    global _event_loop_thread
    with _event_loop_lock:
        if _event_loop_thread is not None:
            return

        def run():
            while True:
                try:
                    libvirt.virEventRunDefaultImpl()
                except Exception:  # keep the loop alive
                    LOG.exception('libvirt event loop iteration failed')
                    time.sleep(0.1)

        libvirt.virEventRegisterDefaultImpl()
        _event_loop_thread = threading.Thread(
            target=run, name='libvirt-events', daemon=True)
        _event_loop_thread.start()


def default_uri(virt_type=None):
    if CONF.libvirt.connection_uri:
        return CONF.libvirt.connection_uri
    virt_type = virt_type or CONF.libvirt.virt_type
    return {'kvm': 'qemu:///system', 'qemu': 'qemu:///system',
            'lxc': 'lxc:///', 'xen': 'xen:///', 'uml': 'uml:///system',
            'parallels': 'parallels:///system'}[virt_type]


class Host(object):

    def __init__(self, uri=None, event_handler=None):
        if libvirt is None:
            raise HypervisorUnavailable(
                host=CONF.host,
                message='libvirt-python is not installed (pip install '
                        'libvirt-python; it needs libvirt-dev)')
        self.uri = uri or default_uri()
        self._event_handler = event_handler
        self._conn = None
        self._conn_lock = threading.Lock()
        self._callback_ids = []
        self._caps = None

    # -- connection --------------------------------------------------------

    def get_connection(self):
        with self._conn_lock:
            if self._conn is not None:
                try:
                    if self._conn.isAlive():
                        return self._conn
                except libvirt.libvirtError:
                    pass
                LOG.warning('Connection to libvirt %s lost; reconnecting',
                            self.uri)
                self._conn = None
            self._conn = self._connect()
            return self._conn

    def _connect(self):
        if self._event_handler is not None:
            _start_event_loop()
        try:
            conn = libvirt.open(self.uri)
        except libvirt.libvirtError as e:
            raise HypervisorUnavailable(
                host=CONF.host,
                message='cannot connect to libvirt at %s: %s'
                        % (self.uri, e.get_error_message()))
        if self._event_handler is not None:
            self._callback_ids = [conn.domainEventRegisterAny(
                None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                self._lifecycle_callback, None)]
        LOG.info('Connected to libvirt %s', self.uri)
        return conn

    def close(self):
        with self._conn_lock:
            conn, self._conn = self._conn, None
        if conn is None:
            return
        for cb in self._callback_ids:
            try:
                conn.domainEventDeregisterAny(cb)
            except libvirt.libvirtError:
                pass
        self._callback_ids = []
        try:
            conn.close()
        except libvirt.libvirtError:
            pass

    # -- events ------------------------------------------------------------

    @classmethod
    def _transition(cls, event, detail):
        if event == libvirt.VIR_DOMAIN_EVENT_STOPPED:
            return virtevent.EVENT_LIFECYCLE_STOPPED
        if event == libvirt.VIR_DOMAIN_EVENT_STARTED:
            return virtevent.EVENT_LIFECYCLE_STARTED
        if event == libvirt.VIR_DOMAIN_EVENT_SUSPENDED:
            if detail == getattr(
                    libvirt, 'VIR_DOMAIN_EVENT_SUSPENDED_POSTCOPY', -1):
                return virtevent.EVENT_LIFECYCLE_POSTCOPY_STARTED
            return virtevent.EVENT_LIFECYCLE_PAUSED
        if event == libvirt.VIR_DOMAIN_EVENT_RESUMED:
            return virtevent.EVENT_LIFECYCLE_RESUMED
        if event == libvirt.VIR_DOMAIN_EVENT_PMSUSPENDED:
            return virtevent.EVENT_LIFECYCLE_SUSPENDED
        return None

    def _lifecycle_callback(self, conn, dom, event, detail, opaque):
        transition = self._transition(event, detail)
        if transition is None:
            return
        try:
            uuid = dom.UUIDString()
        except libvirt.libvirtError:
            return
        evt = virtevent.LifecycleEvent(uuid, transition)
        LOG.debug('libvirt event %s', evt)
        try:
            self._event_handler(evt)
        except Exception:
            LOG.exception('Event handler failed for %s', evt)

    # -- domains -----------------------------------------------------------

    def get_guest(self, instance):
        """The :class:`Guest` of ``instance`` (looked up by uuid)."""
        return self.get_guest_by_uuid(instance.uuid)

    def get_guest_by_uuid(self, uuid):
        try:
            dom = self.get_connection().lookupByUUIDString(uuid)
        except libvirt.libvirtError as e:
            if e.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN:
                raise exception.InstanceNotFound(instance_id=uuid)
            raise
        return libvirt_guest.Guest(dom)

    def find_guest(self, instance):
        """The Guest of ``instance`` or None when it has no domain."""
        try:
            return self.get_guest(instance)
        except exception.InstanceNotFound:
            return None

    def define(self, xml):
        """Define (or redefine) a persistent domain; returns its Guest."""
        return libvirt_guest.Guest(self.get_connection().defineXML(xml))

    def list_guests(self):
        conn = self.get_connection()
        return [libvirt_guest.Guest(d) for d in conn.listAllDomains(0)]

    # -- host facts --------------------------------------------------------

    def capabilities(self):
        if self._caps is None:
            self._caps = ET.fromstring(self.get_connection().getCapabilities())
        return self._caps

    def get_hostname(self):
        try:
            return self.get_connection().getHostname()
        except libvirt.libvirtError:
            return socket.gethostname()

    def get_version(self):
        """Hypervisor version as an integer (major*1000000 + minor*1000 +
        micro), e.g. 7002022 for QEMU 7.2.22."""
        return self.get_connection().getVersion()

    def get_libvirt_version(self):
        return self.get_connection().getLibVersion()

    def get_hypervisor_type(self):
        return self.get_connection().getType()

    def get_cpu_count(self):
        return self.get_connection().getInfo()[2]

    def get_memory_mb_total(self):
        return self.get_connection().getInfo()[1]

    def get_memory_mb_used(self):
        """Host memory in use (MiB), from /proc/meminfo when readable."""
        try:
            with open('/proc/meminfo') as f:
                info = {}
                for line in f:
                    key, _, rest = line.partition(':')
                    info[key] = int(rest.split()[0])
            avail = info.get('MemAvailable',
                             info['MemFree'] + info.get('Buffers', 0) +
                             info.get('Cached', 0))
            return (info['MemTotal'] - avail) // 1024
        except (OSError, KeyError, ValueError):
            free = self.get_connection().getFreeMemory() // (1024 * 1024)
            return self.get_memory_mb_total() - free

    def get_cpu_info(self):
        """JSON describing the host CPU as compute nodes store it."""
        cpu = self.capabilities().find('./host/cpu')
        info = {'arch': None, 'model': None, 'vendor': None,
                'topology': {}, 'features': []}
        if cpu is not None:
            info['arch'] = cpu.findtext('arch')
            info['model'] = cpu.findtext('model')
            info['vendor'] = cpu.findtext('vendor')
            topo = cpu.find('topology')
            if topo is not None:
                info['topology'] = {
                    k: int(topo.get(k)) for k in ('cells', 'sockets',
                                                  'cores', 'threads')
                    if topo.get(k) is not None}
            info['features'] = sorted(
                f.get('name') for f in cpu.findall('feature'))
        return json.dumps(info)

    def get_supported_instances(self):
        """[[arch, hypervisor type, vm mode], ...] from the capabilities."""
        result = []
        for guest in self.capabilities().findall('guest'):
            os_type = guest.findtext('os_type')
            arch = guest.find('arch')
            if arch is None:
                continue
            for domain in arch.findall('domain'):
                entry = [arch.get('name'), domain.get('type'), os_type]
                if entry not in result:
                    result.append(entry)
        return result

    @staticmethod
    def get_uptime():
        """``uptime``-style line: time, how long up, load averages."""
        with open('/proc/uptime') as f:
            seconds = int(float(f.read().split()[0]))
        days, rest = divmod(seconds, 86400)
        hours, rest = divmod(rest, 3600)
        minutes = rest // 60
        load = os.getloadavg()
        return ' %s up %d days, %2d:%02d,  load average: %.2f, %.2f, %.2f' % (
            time.strftime('%H:%M:%S'), days, hours, minutes, *load)
