"""Client side of the compute RPC API (topic ``compute``, server = host).

Calls go to one host (``compute.<host>``), over the message queue of the
cell the context targets.  The version cap follows ``[upgrade_levels]
compute`` ("auto" asks the services table).
"""

import threading

import oslo_messaging as messaging

import nova.conf
from nova.objects import service as service_obj
from nova import rpc
from nova import rpc_versions

CONF = nova.conf.CONF

RPC_TOPIC = 'compute'


class ComputeAPI(object):
    """Client side of the compute RPC API.

    API version history:

    * 5.0 - First version of this implementation: build, delete, power,
      console, snapshot, password, move (prep_resize, resize_instance,
      finish_resize, confirm/revert), live migration, rebuild, shelve,
      external events and diagnostics.
    * 5.1 - live_migration_force_complete and live_migration_abort.
    """

    VERSION_ALIASES = {'pike': '5.0', 'queens': '5.0'}

    def __init__(self):
        self.target = messaging.Target(topic=RPC_TOPIC, version='5.1')
        self.version_cap = rpc_versions.version_cap(
            'compute', self.VERSION_ALIASES,
            auto=rpc_versions.auto_from_service_versions(
                'nova-compute', 'compute_rpc',
                service_obj.SERVICE_VERSION_HISTORY))
        self.client = rpc.get_client(self.target,
                                     version_cap=self.version_cap)
        self._cell_clients = {}
        self._lock = threading.Lock()

    def _client_for(self, ctxt):
        url = getattr(ctxt, 'mq_connection', None)
        if not url or rpc.get_transport(ctxt) is rpc.TRANSPORT:
            return self.client
        with self._lock:
            client = self._cell_clients.get(url)
            if client is None:
                client = self._cell_clients[url] = rpc.get_client(
                    self.target, version_cap=self.version_cap,
                    context=ctxt)
            return client

    def _prepare(self, host, version='5.0', ctxt=None, **kwargs):
        client = self._client_for(ctxt) if ctxt is not None else self.client
        return client.prepare(server=host, version=version, **kwargs)

    def _cast(self, ctxt, host, method, **kwargs):
        self._prepare(host, ctxt=ctxt).cast(ctxt, method, **kwargs)

    def _call(self, ctxt, host, method, **kwargs):
        return self._prepare(host, ctxt=ctxt).call(ctxt, method, **kwargs)

    # -- build and delete ----------------------------------------------------

    def build_and_run_instance(self, ctxt, instance, host, image,
                               request_spec, filter_properties,
                               admin_password=None, injected_files=None,
                               requested_networks=None,
                               security_groups=None,
                               block_device_mapping=None, node=None,
                               limits=None, host_list=None):
        self._cast(ctxt, host, 'build_and_run_instance', instance=instance,
                   image=image, request_spec=request_spec,
                   filter_properties=filter_properties,
                   admin_password=admin_password,
                   injected_files=injected_files,
                   requested_networks=requested_networks,
                   security_groups=security_groups,
                   block_device_mapping=block_device_mapping, node=node,
                   limits=limits, host_list=host_list)

    def terminate_instance(self, ctxt, instance, bdms):
        self._cast(ctxt, instance.host, 'terminate_instance',
                   instance=instance, bdms=bdms)

    # -- power ---------------------------------------------------------------

    def reboot_instance(self, ctxt, instance, block_device_info,
                        reboot_type):
        self._cast(ctxt, instance.host, 'reboot_instance',
                   instance=instance, block_device_info=block_device_info,
                   reboot_type=reboot_type)

    def stop_instance(self, ctxt, instance, do_cast=True,
                      clean_shutdown=True):
        method = self._cast if do_cast else self._call
        return method(ctxt, instance.host, 'stop_instance',
                      instance=instance, clean_shutdown=clean_shutdown)

    def start_instance(self, ctxt, instance):
        self._cast(ctxt, instance.host, 'start_instance', instance=instance)

    def pause_instance(self, ctxt, instance):
        self._cast(ctxt, instance.host, 'pause_instance', instance=instance)

    def unpause_instance(self, ctxt, instance):
        self._cast(ctxt, instance.host, 'unpause_instance',
                   instance=instance)

    def suspend_instance(self, ctxt, instance):
        self._cast(ctxt, instance.host, 'suspend_instance',
                   instance=instance)

    def resume_instance(self, ctxt, instance):
        self._cast(ctxt, instance.host, 'resume_instance', instance=instance)

    def rescue_instance(self, ctxt, instance, rescue_password,
                        rescue_image_ref=None, clean_shutdown=True):
        self._cast(ctxt, instance.host, 'rescue_instance', instance=instance,
                   rescue_password=rescue_password,
                   rescue_image_ref=rescue_image_ref,
                   clean_shutdown=clean_shutdown)

    def unrescue_instance(self, ctxt, instance):
        self._cast(ctxt, instance.host, 'unrescue_instance',
                   instance=instance)

    def soft_delete_instance(self, ctxt, instance):
        self._cast(ctxt, instance.host, 'soft_delete_instance',
                   instance=instance)

    def restore_instance(self, ctxt, instance):
        self._cast(ctxt, instance.host, 'restore_instance',
                   instance=instance)

    def trigger_crash_dump(self, ctxt, instance):
        self._cast(ctxt, instance.host, 'trigger_crash_dump',
                   instance=instance)

    # -- console, password, diagnostics -----------------------------------

    def get_console_output(self, ctxt, instance, tail_length):
        return self._call(ctxt, instance.host, 'get_console_output',
                          instance=instance, tail_length=tail_length)

    def get_vnc_console(self, ctxt, instance, console_type):
        return self._call(ctxt, instance.host, 'get_vnc_console',
                          instance=instance, console_type=console_type)

    def get_spice_console(self, ctxt, instance, console_type):
        return self._call(ctxt, instance.host, 'get_spice_console',
                          instance=instance, console_type=console_type)

    def set_admin_password(self, ctxt, instance, new_pass):
        return self._call(ctxt, instance.host, 'set_admin_password',
                          instance=instance, new_pass=new_pass)

    def get_diagnostics(self, ctxt, instance):
        return self._call(ctxt, instance.host, 'get_diagnostics',
                          instance=instance)

    def get_host_uptime(self, ctxt, host):
        """The hypervisor's uptime text (``uptime``-style), from ``host``."""
        return self._call(ctxt, host, 'get_host_uptime')

    # -- images --------------------------------------------------------------

    def snapshot_instance(self, ctxt, instance, image_id):
        self._cast(ctxt, instance.host, 'snapshot_instance',
                   instance=instance, image_id=image_id)

    def backup_instance(self, ctxt, instance, image_id, backup_type,
                        rotation):
        self._cast(ctxt, instance.host, 'backup_instance', instance=instance,
                   image_id=image_id, backup_type=backup_type,
                   rotation=rotation)

    def shelve_instance(self, ctxt, instance, image_id=None,
                        clean_shutdown=True):
        self._cast(ctxt, instance.host, 'shelve_instance', instance=instance,
                   image_id=image_id, clean_shutdown=clean_shutdown)

    def shelve_offload_instance(self, ctxt, instance, clean_shutdown=True):
        self._cast(ctxt, instance.host, 'shelve_offload_instance',
                   instance=instance, clean_shutdown=clean_shutdown)

    def unshelve_instance(self, ctxt, instance, host, image=None,
                          filter_properties=None, node=None,
                          request_spec=None):
        self._cast(ctxt, host, 'unshelve_instance', instance=instance,
                   image=image, filter_properties=filter_properties,
                   node=node, request_spec=request_spec)

    # -- resize and cold migration -------------------------------------------

    def prep_resize(self, ctxt, instance, image, flavor, host, migration,
                    request_spec=None, filter_properties=None, node=None,
                    clean_shutdown=True, host_list=None):
        self._cast(ctxt, host, 'prep_resize', instance=instance,
                   image=image, flavor=flavor, migration=migration,
                   request_spec=request_spec,
                   filter_properties=filter_properties, node=node,
                   clean_shutdown=clean_shutdown, host_list=host_list)

    def resize_instance(self, ctxt, instance, migration, image, flavor,
                        clean_shutdown=True):
        self._cast(ctxt, migration.source_compute, 'resize_instance',
                   instance=instance, migration=migration, image=image,
                   flavor=flavor, clean_shutdown=clean_shutdown)

    def finish_resize(self, ctxt, instance, migration, image, host,
                      disk_info=None):
        """``disk_info``: what the source's driver returned from
        migrate_disk_and_power_off (where the destination finds the
        disks)."""
        self._cast(ctxt, host, 'finish_resize', instance=instance,
                   migration=migration, image=image, disk_info=disk_info)

    def confirm_resize(self, ctxt, instance, migration, host):
        self._cast(ctxt, migration.source_compute, 'confirm_resize',
                   instance=instance, migration=migration)

    def revert_resize(self, ctxt, instance, migration, host):
        self._cast(ctxt, migration.dest_compute, 'revert_resize',
                   instance=instance, migration=migration)

    def finish_revert_resize(self, ctxt, instance, migration, host):
        self._cast(ctxt, host, 'finish_revert_resize', instance=instance,
                   migration=migration)

    # -- live migration, rebuild, evacuate ---------------------------------

    def check_can_live_migrate_destination(self, ctxt, instance, host,
                                           block_migration,
                                           disk_over_commit):
        return self._call(ctxt, host, 'check_can_live_migrate_destination',
                          instance=instance,
                          block_migration=block_migration,
                          disk_over_commit=disk_over_commit)

    def live_migration(self, ctxt, instance, dest, block_migration,
                       host, migration, migrate_data=None):
        self._cast(ctxt, host, 'live_migration', instance=instance,
                   dest=dest, block_migration=block_migration,
                   migration=migration, migrate_data=migrate_data)

    def post_live_migration_at_destination(self, ctxt, instance,
                                           block_migration, host,
                                           migration=None):
        self._cast(ctxt, host, 'post_live_migration_at_destination',
                   instance=instance, block_migration=block_migration,
                   migration=migration)

    def rebuild_instance(self, ctxt, instance, new_pass, injected_files,
                         image_ref, orig_image_ref, orig_sys_metadata, bdms,
                         recreate=False, on_shared_storage=False, host=None,
                         preserve_ephemeral=False, migration=None,
                         node=None, limits=None, request_spec=None):
        self._cast(ctxt, host, 'rebuild_instance', instance=instance,
                   new_pass=new_pass, injected_files=injected_files,
                   image_ref=image_ref, orig_image_ref=orig_image_ref,
                   orig_sys_metadata=orig_sys_metadata, bdms=bdms,
                   recreate=recreate, on_shared_storage=on_shared_storage,
                   preserve_ephemeral=preserve_ephemeral,
                   migration=migration, scheduled_node=node, limits=limits,
                   request_spec=request_spec)

    # -- events --------------------------------------------------------------

    def external_instance_event(self, ctxt, instances, events, host=None):
        """Cast the events to each host holding one of ``instances``."""
        by_host = {}
        for instance in instances:
            by_host.setdefault(host or instance.host, []).append(instance)
        for target, insts in by_host.items():
            if not target:
                continue
            uuids = {i.uuid for i in insts}
            self._cast(ctxt, target, 'external_instance_event',
                       instances=insts,
                       events=[e for e in events
                               if getattr(e, 'instance_uuid', None) in uuids
                               or (isinstance(e, dict) and
                                   e.get('instance_uuid') in uuids)])

    # -- live migration control (5.1) ----------------------------------------

    def _prepare_51(self, ctxt, host, method):
        """A 5.1 client for ``host``; refused (501) while the version cap
        keeps the cloud on 5.0 (computes that do not know the method)."""
        client = self._client_for(ctxt)
        if not client.can_send_version('5.1'):
            from nova import exception
            raise exception.NotImplementedYet(
                what='%s with computes older than RPC 5.1' % method)
        return client.prepare(server=host, version='5.1')

    def live_migration_force_complete(self, ctxt, instance, migration):
        """Cast to the migration's source host: finish it now (e.g. by
        pausing the guest so its memory stops changing)."""
        self._prepare_51(ctxt, migration.source_compute,
                         'live_migration_force_complete').cast(
            ctxt, 'live_migration_force_complete', instance=instance,
            migration=migration)

    def live_migration_abort(self, ctxt, instance, migration_id):
        """Cast to the instance's (source) host: stop the migration."""
        self._prepare_51(ctxt, instance.host, 'live_migration_abort').cast(
            ctxt, 'live_migration_abort', instance=instance,
            migration_id=migration_id)
