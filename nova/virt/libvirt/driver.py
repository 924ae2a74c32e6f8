"""LibvirtDriver: the ComputeDriver contract on libvirt (KVM or QEMU).

This module only holds the driver's state and delegates; the work lives
in one module per task flow:

==================  ====================================================
``build``           spawn, destroy, (re)defining domains
``power``           reboot, power off/on, pause, suspend, rescue
``snapshot``        root disk -> Glance image
``migration``       resize and cold migration disk moves
``console``         serial log, VNC and SPICE endpoints
``resources``       what the host offers (get_available_resource)
``host``            the libvirt connection, events, host facts
``guest``           power operations on one domain
``designer``        flavor + image + config -> domain description
``config``          domain description -> XML
``imagebackend``    the files of one instance
``imagecache``      base images downloaded once into ``_base``
==================  ====================================================
"""

import os

from oslo_log import log as logging

import nova.conf
from nova.virt import driver
from nova.virt.libvirt import build
from nova.virt.libvirt import console
from nova.virt.libvirt import host as libvirt_host
from nova.virt.libvirt import imagebackend
from nova.virt.libvirt import imagecache
from nova.virt.libvirt import migration
from nova.virt.libvirt import power
from nova.virt.libvirt import resources
from nova.virt.libvirt import snapshot

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


class LibvirtDriver(driver.ComputeDriver):

    capabilities = dict(driver.ComputeDriver.capabilities,
                        has_imagecache=True,
                        supports_migrate_to_same_host=True)

    def __init__(self, virtapi, uri=None, instances_path=None, glance=None):
        """``uri`` and ``instances_path`` default to the configuration
        (``[libvirt] connection_uri``/virt_type, ``[DEFAULT]
        instances_path``); ``glance`` to a client of ``[glance]
        api_servers``."""
        super().__init__(virtapi)
        self.instances_path = instances_path or CONF.instances_path
        self.host = libvirt_host.Host(uri, event_handler=self.emit_event)
        self._glance = glance
        self._image_cache = None
        self._nodename = None

    @property
    def glance(self):
        if self._glance is None:
            from nova.image import glance
            self._glance = glance.get_client()
        return self._glance

    @property
    def image_cache(self):
        if self._image_cache is None:
            self._image_cache = imagecache.ImageCache(self.instances_path,
                                                      self.glance)
        return self._image_cache

    def files(self, instance):
        return imagebackend.InstanceFiles(self.instances_path,
                                          instance.uuid)

    # -- host --------------------------------------------------------------

    def init_host(self, host):
        os.makedirs(self.instances_path, exist_ok=True)
        self.host.get_connection()
        self._nodename = host

    def cleanup_host(self, host):
        self.host.close()

    def nodename(self):
        """``[libvirt] node_name``, else the hypervisor's hostname."""
        return CONF.libvirt.node_name or self.host.get_hostname()

    def get_available_nodes(self, refresh=False):
        return [self.nodename()]

    def get_available_resource(self, nodename):
        return resources.available_resource(self, nodename)

    def get_host_uptime(self):
        return self.host.get_uptime()

    # -- instances ---------------------------------------------------------

    def list_instances(self):
        return [g.name for g in self.host.list_guests()]

    def list_instance_uuids(self):
        return [g.uuid for g in self.host.list_guests()]

    def get_info(self, instance):
        guest = self.host.get_guest(instance)
        return driver.InstanceInfo(state=guest.get_power_state(),
                                   internal_id=guest.uuid)

    def spawn(self, context, instance, image_meta, injected_files,
              admin_password, allocations, network_info=None,
              block_device_info=None):
        build.spawn(self, context, instance, image_meta, network_info)

    def destroy(self, context, instance, network_info, block_device_info=None,
                destroy_disks=True):
        build.destroy(self, instance, destroy_disks)

    def cleanup(self, context, instance, network_info, block_device_info=None,
                destroy_disks=True, migrate_data=None, destroy_vifs=True):
        build.destroy(self, instance, destroy_disks)

    def reboot(self, context, instance, network_info, reboot_type,
               block_device_info=None, bad_volumes_callback=None):
        power.reboot(self, instance, reboot_type)

    def power_off(self, instance, timeout=0, retry_interval=0):
        power.power_off(self, instance, timeout, retry_interval)

    def power_on(self, context, instance, network_info,
                 block_device_info=None):
        power.power_on(self, instance)

    def pause(self, instance):
        power.pause(self, instance)

    def unpause(self, instance):
        power.unpause(self, instance)

    def suspend(self, context, instance):
        power.suspend(self, instance)

    def resume(self, context, instance, network_info,
               block_device_info=None):
        power.resume(self, instance)

    def rescue(self, context, instance, network_info, image_meta,
               rescue_password):
        power.rescue(self, context, instance, image_meta)

    def unrescue(self, instance, network_info):
        power.unrescue(self, instance)

    def snapshot(self, context, instance, image_id, update_task_state):
        snapshot.snapshot(self, context, instance, image_id,
                          update_task_state)

    # -- moves ---------------------------------------------------------------

    def migrate_disk_and_power_off(self, context, instance, dest, flavor,
                                   network_info, block_device_info=None,
                                   timeout=0, retry_interval=0):
        return migration.migrate_disk_and_power_off(
            self, instance, dest, flavor, timeout, retry_interval)

    def finish_migration(self, context, migration_, instance, disk_info,
                         network_info, image_meta, resize_instance,
                         block_device_info=None, power_on=True):
        migration.finish_migration(self, context, instance, disk_info,
                                   power_on)

    def confirm_migration(self, context, migration_, instance, network_info):
        migration.confirm_migration(self, instance)

    def finish_revert_migration(self, context, instance, network_info,
                                block_device_info=None, power_on=True):
        migration.finish_revert_migration(self, instance, power_on)

    # -- consoles --------------------------------------------------------------

    def get_console_output(self, context, instance):
        return console.console_output(self, instance)

    def get_vnc_console(self, context, instance):
        return console.vnc_console(self, instance)

    def get_spice_console(self, context, instance):
        return console.spice_console(self, instance)

    def get_diagnostics(self, instance):
        return resources.diagnostics(self, instance)
