"""The one contract between nova-compute and a hypervisor.

nova-compute calls only these methods; which hypervisor is behind them
(libvirt, XenAPI, VMware, the fake driver) is known only inside
``nova/virt/``.  A driver that cannot do something raises
NotImplementedError, which the compute manager turns into a clear fault.
"""

from oslo_log import log as logging
from oslo_utils import importutils

import nova.conf
from nova import exception

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


class ComputeDriver(object):
    """Base class for virt drivers.

    Capabilities tell the compute manager and scheduler what a driver can
    do without trying it.
    """

    capabilities = {
        'has_imagecache': False,
        'supports_recreate': False,
        'supports_migrate_to_same_host': False,
        'supports_attach_interface': False,
        'supports_device_tagging': False,
    }

    def __init__(self, virtapi):
        self.virtapi = virtapi
        self._compute_event_callback = None

    # -- events --------------------------------------------------------------

    def register_event_listener(self, callback):
        """Have ``callback(event)`` called with every
        :class:`nova.virt.event.Event` the hypervisor reports (None stops
        the delivery)."""
        self._compute_event_callback = callback

    def emit_event(self, event):
        """Hand ``event`` to the registered listener, if any; a failing
        listener is logged, never raised into the hypervisor's thread."""
        callback = self._compute_event_callback
        if callback is None:
            LOG.debug('Discarding event %s: no listener', event)
            return
        try:
            callback(event)
        except Exception:
            LOG.exception('Exception dispatching event %s', event)

    # -- host --------------------------------------------------------------

    def init_host(self, host):
        """Prepare the hypervisor on ``host`` before the service starts."""
        raise NotImplementedError()

    def cleanup_host(self, host):
        """Undo init_host when the service stops."""

    def get_available_nodes(self, refresh=False):
        """Names of the hypervisor nodes this driver manages."""
        raise NotImplementedError()

    def get_available_resource(self, nodename):
        """Resources of ``nodename`` as a dict of compute_nodes columns:
        vcpus, memory_mb, local_gb, vcpus_used, memory_mb_used,
        local_gb_used, hypervisor_type, hypervisor_version,
        hypervisor_hostname, cpu_info, disk_available_least,
        supported_instances, numa_topology."""
        raise NotImplementedError()

    def get_host_uptime(self):
        raise NotImplementedError()

    def host_power_action(self, action):
        """Reboot, shut down or power up the host."""
        raise NotImplementedError()

    def set_host_enabled(self, enabled):
        raise NotImplementedError()

    # -- instances -----------------------------------------------------------

    def list_instances(self):
        """Names of the guests the hypervisor runs."""
        raise NotImplementedError()

    def list_instance_uuids(self):
        raise NotImplementedError()

    def instance_exists(self, instance):
        try:
            return instance.uuid in self.list_instance_uuids()
        except NotImplementedError:
            return instance.name in self.list_instances()

    def get_info(self, instance):
        """An InstanceInfo (power state) for ``instance``."""
        raise NotImplementedError()

    def spawn(self, context, instance, image_meta, injected_files,
              admin_password, allocations, network_info=None,
              block_device_info=None):
        """Create and start a guest for ``instance``."""
        raise NotImplementedError()

    def destroy(self, context, instance, network_info, block_device_info=None,
                destroy_disks=True):
        """Stop and remove the guest, and its disks if asked."""
        raise NotImplementedError()

    def cleanup(self, context, instance, network_info, block_device_info=None,
                destroy_disks=True, migrate_data=None, destroy_vifs=True):
        """Remove what is left of a guest after it was destroyed."""
        raise NotImplementedError()

    def reboot(self, context, instance, network_info, reboot_type,
               block_device_info=None, bad_volumes_callback=None):
        """Reboot: 'SOFT' (ACPI, falls back to hard) or 'HARD'."""
        raise NotImplementedError()

    def power_off(self, instance, timeout=0, retry_interval=0):
        raise NotImplementedError()

    def power_on(self, context, instance, network_info,
                 block_device_info=None):
        raise NotImplementedError()

    def pause(self, instance):
        raise NotImplementedError()

    def unpause(self, instance):
        raise NotImplementedError()

    def suspend(self, context, instance):
        raise NotImplementedError()

    def resume(self, context, instance, network_info,
               block_device_info=None):
        raise NotImplementedError()

    def rescue(self, context, instance, network_info, image_meta,
               rescue_password):
        raise NotImplementedError()

    def unrescue(self, instance, network_info):
        raise NotImplementedError()

    def snapshot(self, context, instance, image_id, update_task_state):
        """Upload the guest's disk to the image service as ``image_id``."""
        raise NotImplementedError()

    def migrate_disk_and_power_off(self, context, instance, dest, flavor,
                                   network_info, block_device_info=None,
                                   timeout=0, retry_interval=0):
        """Resize/migrate source side: stop the guest, ship its disks."""
        raise NotImplementedError()

    def finish_migration(self, context, migration, instance, disk_info,
                         network_info, image_meta, resize_instance,
                         block_device_info=None, power_on=True):
        """Resize/migrate destination side: start the guest there."""
        raise NotImplementedError()

    def confirm_migration(self, context, migration, instance, network_info):
        """Resize confirmed: remove the source copy."""
        raise NotImplementedError()

    def finish_revert_migration(self, context, instance, network_info,
                                block_device_info=None, power_on=True):
        """Resize reverted: bring the source copy back."""
        raise NotImplementedError()

    def get_console_output(self, context, instance):
        raise NotImplementedError()

    def get_vnc_console(self, context, instance):
        raise NotImplementedError()

    def get_spice_console(self, context, instance):
        raise NotImplementedError()

    def get_diagnostics(self, instance):
        raise NotImplementedError()

    def live_migration_force_complete(self, instance):
        """Make the running live migration of ``instance`` (from this
        host) finish now, e.g. by pausing the guest."""
        raise NotImplementedError()

    def live_migration_abort(self, instance):
        """Stop the running live migration of ``instance``; return once
        the guest runs on this host again."""
        raise NotImplementedError()


def load_compute_driver(virtapi, compute_driver=None):
    """Load ``nova.virt.<compute_driver>`` (e.g. ``fake.FakeDriver``)."""
    compute_driver = compute_driver or CONF.compute_driver
    if not compute_driver:
        LOG.error('Compute driver option required, but not specified')
        raise exception.VirtDriverNotFound(
            name='(none)', reason='set [DEFAULT] compute_driver')
    LOG.info('Loading compute driver %r', compute_driver)
    try:
        driver = importutils.import_object('nova.virt.%s' % compute_driver,
                                           virtapi)
    except ImportError as e:
        raise exception.VirtDriverNotFound(name=compute_driver,
                                           reason=str(e))
    if not isinstance(driver, ComputeDriver):
        raise exception.VirtDriverNotFound(
            name=compute_driver, reason='not a ComputeDriver')
    return driver


class InstanceInfo(object):
    """What a driver knows of one guest: its power state and identity."""

    def __init__(self, state, internal_id=None):
        self.state = state
        self.internal_id = internal_id

    def __eq__(self, other):
        return (self.__class__ == other.__class__ and
                self.__dict__ == other.__dict__)
