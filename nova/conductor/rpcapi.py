"""Client side of the conductor RPC API (topic ``conductor``).

nova-compute reaches the database only through this API: every remotable
object method it calls becomes ``object_class_action_versions`` or
``object_action`` here.
"""

import oslo_messaging as messaging

import nova.conf
from nova import rpc
from nova import rpc_versions

CONF = nova.conf.CONF

RPC_TOPIC = 'conductor'


class ConductorAPI(object):
    """Client side of the conductor RPC API.

    API version history:

    * 3.0 - object_class_action_versions, object_action and
      object_backport_versions (the object indirection API).
    """

    VERSION_ALIASES = {'pike': '3.0', 'queens': '3.0'}

    def __init__(self):
        target = messaging.Target(topic=RPC_TOPIC, version='3.0')
        version_cap = rpc_versions.version_cap('conductor',
                                               self.VERSION_ALIASES)
        self.client = rpc.get_client(target, version_cap=version_cap)

    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        cctxt = self.client.prepare()
        return cctxt.call(context, 'object_class_action_versions',
                          objname=objname, objmethod=objmethod,
                          object_versions=object_versions,
                          args=args, kwargs=kwargs)

    def object_action(self, context, objinst, objmethod, args, kwargs):
        cctxt = self.client.prepare()
        return cctxt.call(context, 'object_action', objinst=objinst,
                          objmethod=objmethod, args=args, kwargs=kwargs)

    def object_backport_versions(self, context, objinst, object_versions):
        cctxt = self.client.prepare()
        return cctxt.call(context, 'object_backport_versions',
                          objinst=objinst, object_versions=object_versions)


class ComputeTaskAPI(object):
    """Client side of the conductor task API (namespace ``compute_task``).

    API version history:

    * 1.0 - schedule_and_build_instances, build_instances (reschedules
      from nova-compute), migrate_server, live_migrate_instance,
      rebuild_instance, unshelve_instance.
    """

    VERSION_ALIASES = {'pike': '1.0', 'queens': '1.0'}

    def __init__(self):
        target = messaging.Target(topic=RPC_TOPIC,
                                  namespace='compute_task', version='1.0')
        version_cap = rpc_versions.version_cap('conductor',
                                               self.VERSION_ALIASES)
        if version_cap is not None and version_cap.startswith('3.'):
            version_cap = None  # a cap for the other namespace
        self.client = rpc.get_client(target, version_cap=version_cap)

    def schedule_and_build_instances(self, ctxt, build_requests,
                                     request_specs, image, admin_password,
                                     injected_files, requested_networks,
                                     block_device_mapping, tags=None):
        self.client.prepare().cast(
            ctxt, 'schedule_and_build_instances',
            build_requests=build_requests, request_specs=request_specs,
            image=image, admin_password=admin_password,
            injected_files=injected_files,
            requested_networks=requested_networks,
            block_device_mapping=block_device_mapping, tags=tags)

    def build_instances(self, ctxt, instances, image, filter_properties,
                        admin_password, injected_files, requested_networks,
                        security_groups, block_device_mapping,
                        request_spec=None, host_lists=None):
        """A reschedule from nova-compute (cast)."""
        self.client.prepare().cast(
            ctxt, 'build_instances', instances=instances, image=image,
            filter_properties=filter_properties,
            admin_password=admin_password, injected_files=injected_files,
            requested_networks=requested_networks,
            security_groups=security_groups,
            block_device_mapping=block_device_mapping,
            request_spec=request_spec, host_lists=host_lists)

    def migrate_server(self, ctxt, instance, scheduler_hint, live, rebuild,
                       flavor, block_migration, disk_over_commit,
                       clean_shutdown=True, request_spec=None,
                       host_list=None):
        return self.client.prepare().call(
            ctxt, 'migrate_server', instance=instance,
            scheduler_hint=scheduler_hint, live=live, rebuild=rebuild,
            flavor=flavor, block_migration=block_migration,
            disk_over_commit=disk_over_commit,
            clean_shutdown=clean_shutdown, request_spec=request_spec,
            host_list=host_list)

    def live_migrate_instance(self, ctxt, instance, scheduler_hint,
                              block_migration, disk_over_commit,
                              request_spec):
        self.client.prepare().cast(
            ctxt, 'live_migrate_instance', instance=instance,
            scheduler_hint=scheduler_hint, block_migration=block_migration,
            disk_over_commit=disk_over_commit, request_spec=request_spec)

    def rebuild_instance(self, ctxt, instance, new_pass, injected_files,
                         image_ref, orig_image_ref, orig_sys_metadata, bdms,
                         recreate=False, on_shared_storage=False,
                         preserve_ephemeral=False, host=None,
                         request_spec=None):
        self.client.prepare().cast(
            ctxt, 'rebuild_instance', instance=instance, new_pass=new_pass,
            injected_files=injected_files, image_ref=image_ref,
            orig_image_ref=orig_image_ref,
            orig_sys_metadata=orig_sys_metadata, bdms=bdms,
            recreate=recreate, on_shared_storage=on_shared_storage,
            preserve_ephemeral=preserve_ephemeral, host=host,
            request_spec=request_spec)

    def unshelve_instance(self, ctxt, instance, request_spec=None):
        self.client.prepare().cast(ctxt, 'unshelve_instance',
                                   instance=instance,
                                   request_spec=request_spec)
