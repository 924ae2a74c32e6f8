"""Power operations on one libvirt domain.

:class:`Guest` wraps a ``virDomain`` with the operations the flows need,
each one a single libvirt call or a short, bounded wait.  Errors from
libvirt propagate as ``libvirt.libvirtError``; the flows decide what they
mean.
"""

import time

from oslo_log import log as logging

from nova.compute import power_state

try:
    import libvirt
except ImportError:  # pragma: no cover
    libvirt = None

LOG = logging.getLogger(__name__)


def _state_map():
    return {
        libvirt.VIR_DOMAIN_NOSTATE: power_state.NOSTATE,
        libvirt.VIR_DOMAIN_RUNNING: power_state.RUNNING,
        libvirt.VIR_DOMAIN_BLOCKED: power_state.RUNNING,
        libvirt.VIR_DOMAIN_PAUSED: power_state.PAUSED,
        libvirt.VIR_DOMAIN_SHUTDOWN: power_state.SHUTDOWN,
        libvirt.VIR_DOMAIN_SHUTOFF: power_state.SHUTDOWN,
        libvirt.VIR_DOMAIN_CRASHED: power_state.CRASHED,
        libvirt.VIR_DOMAIN_PMSUSPENDED: power_state.SUSPENDED,
    }


class Guest(object):

    def __init__(self, domain):
        self._domain = domain

    @property
    def name(self):
        return self._domain.name()

    @property
    def uuid(self):
        return self._domain.UUIDString()

    @property
    def id(self):
        return self._domain.ID()

    def is_active(self):
        return bool(self._domain.isActive())

    def get_power_state(self):
        """The nova power state; a stopped domain holding a managed-save
        image (a suspended instance) is SUSPENDED."""
        state, _reason = self._domain.state()
        if (state == libvirt.VIR_DOMAIN_SHUTOFF and
                self.has_managed_save()):
            return power_state.SUSPENDED
        return _state_map().get(state, power_state.NOSTATE)

    def get_xml(self, inactive=False):
        flags = libvirt.VIR_DOMAIN_XML_INACTIVE if inactive else 0
        return self._domain.XMLDesc(flags)

    def has_managed_save(self):
        return bool(self._domain.hasManagedSaveImage(0))

    # -- power -------------------------------------------------------------

    def launch(self, pause=False):
        """Start the defined domain (from its managed-save image if it has
        one)."""
        flags = libvirt.VIR_DOMAIN_START_PAUSED if pause else 0
        self._domain.createWithFlags(flags)

    def shutdown(self):
        """Ask the guest OS to power off (ACPI power button)."""
        self._domain.shutdown()

    def destroy(self, attempts=3):
        """Pull the plug.  Retries when QEMU is slow to die."""
        for attempt in range(1, attempts + 1):
            if not self.is_active():
                return
            try:
                self._domain.destroy()
                return
            except libvirt.libvirtError as e:
                if not self.is_active():
                    return
                code = e.get_error_code()
                if attempt == attempts or code not in (
                        libvirt.VIR_ERR_OPERATION_TIMEOUT,
                        libvirt.VIR_ERR_SYSTEM_ERROR,
                        libvirt.VIR_ERR_OPERATION_FAILED):
                    raise
                LOG.warning('Destroying %s failed (%s); retrying',
                            self.name, e.get_error_message())
                time.sleep(1)

    def wait_for_shutoff(self, timeout, interval=0.5):
        """True once the domain is off, False after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            if not self.is_active():
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(interval)

    def pause(self):
        self._domain.suspend()

    def resume(self):
        self._domain.resume()

    def managed_save(self):
        """Save the memory to disk and stop (suspend)."""
        self._domain.managedSave(0)

    def remove_managed_save(self):
        if self.has_managed_save():
            self._domain.managedSaveRemove(0)

    def undefine(self):
        """Forget the domain, with its managed-save image and NVRAM."""
        flags = (libvirt.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                 getattr(libvirt, 'VIR_DOMAIN_UNDEFINE_NVRAM', 0))
        try:
            self._domain.undefineFlags(flags)
        except libvirt.libvirtError as e:
            if e.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN:
                return
            raise

    def info(self):
        """(state, max memory KiB, memory KiB, vcpus, cpu time ns)."""
        return self._domain.info()
