"""A hypervisor that keeps its guests in memory.

For tests and for trying the control plane without a hypervisor.  Guests
change state for real (spawned guests run, paused guests pause...), the
reported resources come from ``[fake_driver]`` options, and a spawn can be
made to fail on chosen hosts to exercise rescheduling.
"""

import json
import os
import threading
import types

from oslo_config import cfg
from oslo_log import log as logging

import nova.conf
from nova.compute import power_state
from nova import exception
from nova.virt import driver

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

fake_driver_group = cfg.OptGroup('fake_driver',
                                 title='Fake virt driver (testing only)')
fake_driver_opts = [
    cfg.IntOpt('vcpus', default=1000, min=1,
               help="vCPUs the fake hypervisor reports."),
    cfg.IntOpt('memory_mb', default=800000, min=1,
               help="Memory (MB) the fake hypervisor reports."),
    cfg.IntOpt('local_gb', default=600000, min=1,
               help="Disk (GB) the fake hypervisor reports."),
    cfg.ListOpt('fail_spawn_on_hosts', default=[],
                help="Hosts ([DEFAULT] host values) on which every spawn "
                     "fails, to exercise rescheduling."),
    cfg.FloatOpt('spawn_seconds', default=0.0, min=0.0,
                 help="Seconds a spawn takes."),
    cfg.StrOpt('state_path',
               help="File the guests are written to when nova-compute "
                    "stops and read from when it starts, so they outlive "
                    "a restart of the service as a real hypervisor's do. "
                    "Unset: guests live only as long as the process."),
]
CONF.register_group(fake_driver_group)
CONF.register_opts(fake_driver_opts, group=fake_driver_group)


def list_opts():
    return {fake_driver_group: fake_driver_opts}


def _flavor_dict(flavor):
    if flavor is None:
        return None
    return {k: getattr(flavor, k) for k in ('vcpus', 'memory_mb', 'root_gb',
                                            'ephemeral_gb')}


def _off_note(timeout, retry_interval):
    """What a guest's console shows of a power off."""
    if timeout:
        return ('clean shutdown asked (%s s, every %s s)'
                % (timeout, retry_interval))
    return 'powered off'


class FakeGuest(object):
    def __init__(self, name, uuid, state, flavor=None):
        self.name = name
        self.uuid = uuid
        self.state = state
        self.flavor = flavor
        self.console = []


class FakeDriver(driver.ComputeDriver):
    """In-memory guests with real state changes."""

    capabilities = dict(driver.ComputeDriver.capabilities,
                        supports_recreate=True,
                        supports_migrate_to_same_host=True)

    def __init__(self, virtapi):
        super().__init__(virtapi)
        self._guests = {}
        # Source copies of guests being resized/migrated away, kept until
        # the move is confirmed (dropped) or reverted (restored).
        self._migrating = {}
        self._lock = threading.Lock()
        self._host = None

    # -- host ------------------------------------------------------------------

    def init_host(self, host):
        self._host = host
        path = CONF.fake_driver.state_path
        if path and os.path.exists(path):
            with open(path) as f:
                saved = json.load(f)
            with self._lock:
                for uuid, g in saved.items():
                    flavor = (types.SimpleNamespace(**g['flavor'])
                              if g.get('flavor') else None)
                    self._guests[uuid] = FakeGuest(g['name'], uuid,
                                                   g['state'], flavor)

    def cleanup_host(self, host):
        path = CONF.fake_driver.state_path
        if not path:
            return
        with self._lock:
            saved = {uuid: {'name': g.name, 'state': g.state,
                            'flavor': _flavor_dict(g.flavor)}
                     for uuid, g in self._guests.items()}
        with open(path, 'w') as f:
            json.dump(saved, f)

    def get_available_nodes(self, refresh=False):
        return [self._host or CONF.host]

    def get_available_resource(self, nodename):
        opts = CONF.fake_driver
        with self._lock:
            guests = (list(self._guests.values()) +
                      list(self._migrating.values()))
        vcpus_used = sum(g.flavor.vcpus for g in guests if g.flavor)
        memory_used = sum(g.flavor.memory_mb for g in guests if g.flavor)
        disk_used = sum(g.flavor.root_gb + g.flavor.ephemeral_gb
                        for g in guests if g.flavor)
        return {
            'vcpus': opts.vcpus,
            'memory_mb': opts.memory_mb,
            'local_gb': opts.local_gb,
            'vcpus_used': vcpus_used,
            'memory_mb_used': memory_used,
            'local_gb_used': disk_used,
            'hypervisor_type': 'fake',
            'hypervisor_version': 1000,
            'hypervisor_hostname': nodename,
            'cpu_info': '{"model": "fake", "vendor": "fake", '
                        '"topology": {"sockets": 1, "cores": 1, '
                        '"threads": 1}, "features": []}',
            'disk_available_least': opts.local_gb - disk_used,
            'supported_instances': [['x86_64', 'fake', 'hvm']],
            'numa_topology': None,
        }

    def get_host_uptime(self):
        return ' 08:32:11 up 93 days, 18:25, 12 users,  load average: 0.00'

    def host_power_action(self, action):
        return action

    def set_host_enabled(self, enabled):
        return 'enabled' if enabled else 'disabled'

    # -- guests ------------------------------------------------------------------

    def list_instances(self):
        with self._lock:
            return [g.name for g in self._guests.values()]

    def list_instance_uuids(self):
        with self._lock:
            return list(self._guests)

    def _guest(self, instance):
        guest = self._guests.get(instance.uuid)
        if guest is None:
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        return guest

    def _set_state(self, instance, state, expect=None):
        with self._lock:
            guest = self._guest(instance)
            if expect is not None and guest.state not in expect:
                raise exception.Invalid(
                    'guest %s is %s' % (instance.uuid,
                                        power_state.STATE_MAP[guest.state]))
            guest.state = state

    def get_info(self, instance):
        with self._lock:
            return driver.InstanceInfo(state=self._guest(instance).state,
                                       internal_id=instance.uuid)

    def spawn(self, context, instance, image_meta, injected_files,
              admin_password, allocations, network_info=None,
              block_device_info=None):
        if (self._host or CONF.host) in CONF.fake_driver.fail_spawn_on_hosts:
            raise exception.NovaException(
                'The fake driver was told to fail spawns on host %s'
                % (self._host or CONF.host))
        if CONF.fake_driver.spawn_seconds:
            threading.Event().wait(CONF.fake_driver.spawn_seconds)
        flavor = getattr(instance, 'flavor', None)
        guest = FakeGuest(instance.name, instance.uuid, power_state.RUNNING,
                          flavor)
        guest.console.append('fake guest %s booted' % instance.uuid)
        with self._lock:
            self._guests[instance.uuid] = guest

    def destroy(self, context, instance, network_info, block_device_info=None,
                destroy_disks=True):
        with self._lock:
            self._guests.pop(instance.uuid, None)

    def cleanup(self, context, instance, network_info, block_device_info=None,
                destroy_disks=True, migrate_data=None, destroy_vifs=True):
        self.destroy(context, instance, network_info, block_device_info,
                     destroy_disks)

    def reboot(self, context, instance, network_info, reboot_type,
               block_device_info=None, bad_volumes_callback=None):
        self._set_state(instance, power_state.RUNNING)

    def power_off(self, instance, timeout=0, retry_interval=0):
        """Off at once; a clean shutdown (``timeout``) is noted on the
        console, as the guest would show it."""
        self._set_state(instance, power_state.SHUTDOWN)
        with self._lock:
            guest = self._guests.get(instance.uuid)
            if guest is not None:
                guest.console.append(_off_note(timeout, retry_interval))

    def power_on(self, context, instance, network_info,
                 block_device_info=None):
        self._set_state(instance, power_state.RUNNING)

    def pause(self, instance):
        self._set_state(instance, power_state.PAUSED,
                        expect=(power_state.RUNNING,))

    def unpause(self, instance):
        self._set_state(instance, power_state.RUNNING,
                        expect=(power_state.PAUSED,))

    def suspend(self, context, instance):
        self._set_state(instance, power_state.SUSPENDED,
                        expect=(power_state.RUNNING, power_state.PAUSED))

    def resume(self, context, instance, network_info,
               block_device_info=None):
        self._set_state(instance, power_state.RUNNING,
                        expect=(power_state.SUSPENDED,))

    def rescue(self, context, instance, network_info, image_meta,
               rescue_password):
        self._set_state(instance, power_state.RUNNING)

    def unrescue(self, instance, network_info):
        self._set_state(instance, power_state.RUNNING)

    def get_console_output(self, context, instance):
        with self._lock:
            return '\n'.join(self._guest(instance).console) + '\n'

    def get_vnc_console(self, context, instance):
        self.get_info(instance)
        return {'host': CONF.my_ip, 'port': 6969,
                'internal_access_path': None}

    def get_spice_console(self, context, instance):
        self.get_info(instance)
        return {'host': CONF.my_ip, 'port': 6969, 'tlsPort': 6970,
                'internal_access_path': None}

    def get_diagnostics(self, instance):
        with self._lock:
            guest = self._guest(instance)
            return {'state': power_state.STATE_MAP[guest.state],
                    'driver': 'fake', 'hypervisor': 'fake',
                    'num_cpus': guest.flavor.vcpus if guest.flavor else 0,
                    'memory_details': {
                        'maximum': guest.flavor.memory_mb
                        if guest.flavor else 0, 'used': 0},
                    'uptime': 46664, 'config_drive': False}

    def set_admin_password(self, instance, new_pass):
        with self._lock:
            self._guest(instance).admin_password = new_pass

    def trigger_crash_dump(self, instance):
        with self._lock:
            guest = self._guest(instance)
            guest.console.append('fake guest %s: NMI received, crash dump '
                                 'written' % instance.uuid)

    def snapshot(self, context, instance, image_id, update_task_state):
        """Remember the image id on the guest; with an image service
        (``[glance] api_servers``) upload a few bytes describing the guest
        so the image becomes active, as a real snapshot's would."""
        with self._lock:
            guest = self._guest(instance)
            guest.snapshots = getattr(guest, 'snapshots', []) + [image_id]
        update_task_state(task_state='image_pending_upload')
        if not CONF.glance.api_servers:
            return
        update_task_state(task_state='image_uploading',
                          expected_state='image_pending_upload')
        import tempfile
        from nova.image import glance
        client = glance.get_client()
        client.update(context, image_id, {'disk_format': 'raw',
                                          'container_format': 'bare'})
        with tempfile.NamedTemporaryFile(prefix='fake-snapshot-') as f:
            f.write(('fake snapshot of %s\n' % instance.uuid).encode())
            f.flush()
            client.upload(context, image_id, f.name)

    def soft_delete(self, instance):
        self.power_off(instance)

    def restore(self, instance):
        self.power_on(None, instance, None)

    # -- moves -------------------------------------------------------------

    def migrate_disk_and_power_off(self, context, instance, dest, flavor,
                                   network_info, block_device_info=None,
                                   timeout=0, retry_interval=0):
        with self._lock:
            guest = self._guests.pop(instance.uuid, None)
            if guest is None:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            guest.state = power_state.SHUTDOWN
            guest.console.append(_off_note(timeout, retry_interval))
            self._migrating[instance.uuid] = guest
        return '{"fake": "disk info"}'

    def finish_migration(self, context, migration, instance, disk_info,
                         network_info, image_meta, resize_instance,
                         block_device_info=None, power_on=True):
        guest = FakeGuest(instance.name, instance.uuid,
                          power_state.RUNNING if power_on
                          else power_state.SHUTDOWN, instance.flavor)
        guest.console.append('fake guest %s arrived from %s'
                             % (instance.uuid, migration.source_compute))
        with self._lock:
            self._guests[instance.uuid] = guest

    def confirm_migration(self, context, migration, instance, network_info):
        with self._lock:
            self._migrating.pop(instance.uuid, None)

    def finish_revert_migration(self, context, instance, network_info,
                                block_device_info=None, power_on=True):
        with self._lock:
            guest = self._migrating.pop(instance.uuid, None)
            if guest is None:
                guest = FakeGuest(instance.name, instance.uuid,
                                  power_state.SHUTDOWN, instance.flavor)
            guest.flavor = instance.flavor
            guest.state = (power_state.RUNNING if power_on
                           else power_state.SHUTDOWN)
            self._guests[instance.uuid] = guest

    def check_can_live_migrate_destination(self, context, instance,
                                           block_migration=False,
                                           disk_over_commit=False):
        return {'block_migration': bool(block_migration)}

    def live_migration(self, context, instance, dest):
        """Source side: the guest leaves this host."""
        with self._lock:
            if instance.uuid not in self._guests:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            self._guests.pop(instance.uuid)

    def post_live_migration_at_destination(self, context, instance,
                                           network_info,
                                           block_migration=False):
        paused = instance.vm_state == 'paused'
        guest = FakeGuest(instance.name, instance.uuid,
                          power_state.PAUSED if paused
                          else power_state.RUNNING, instance.flavor)
        guest.console.append('fake guest %s live-migrated here'
                             % instance.uuid)
        with self._lock:
            self._guests[instance.uuid] = guest

    # -- live migration control --------------------------------------------
    # A fake live migration copies nothing, so there is nothing to speed
    # up or stop: both note it on the guest's console; aborting leaves the
    # guest running here.  Both need the guest on this host.

    def live_migration_force_complete(self, instance):
        guest = self._guest(instance)
        guest.console.append('fake guest %s: live migration forced to '
                             'complete' % instance.uuid)

    def live_migration_abort(self, instance):
        guest = self._guest(instance)
        guest.state = power_state.RUNNING
        guest.console.append('fake guest %s: live migration aborted'
                             % instance.uuid)
