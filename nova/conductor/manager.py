"""nova-conductor's RPC endpoints.

``ConductorManager`` serves the object indirection API: it runs a remotable
object method against the database on behalf of a service that has none
(nova-compute) and sends back the result and the changed fields.  The long
task flows (build, resize, migrate) live in their own modules and endpoints.
"""

import copy

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_versionedobjects import base as ovo_base

from nova.conductor.tasks import base as task_base
from nova.conductor.tasks import build
from nova.conductor.tasks import live_migrate
from nova.conductor.tasks import migrate
from nova.conductor.tasks import rebuild
from nova.conductor.tasks import unshelve
from nova import exception
from nova import manager
from nova.objects import base as objects_base

LOG = logging.getLogger(__name__)

_UNSET = object()
_NESTED = object()


def _set_fields(obj):
    """(name, value) of each field of ``obj`` that is set, read where
    oslo.versionedobjects keeps it: ``obj_attr_is_set()`` for each of an
    instance's eighty fields cost more than the copy it decided."""
    for name in obj.fields:
        value = getattr(obj, ovo_base._get_attrname(name), _UNSET)
        if value is not _UNSET:
            yield name, value


def _snapshot(obj):
    """What ``object_action`` compares after the method ran: the value of
    each set field, containers copied.  A nested object is sent back
    whatever happened to it (a method may change it in place), so it is
    not copied: deep-copying the whole instance (flavors, info cache,
    system metadata...) for every save a compute makes was a twentieth
    of conductor's CPU in a boot burst."""
    snapshot = {}
    for name, value in _set_fields(obj):
        if isinstance(value, objects_base.NovaObject):
            snapshot[name] = _NESTED
        elif isinstance(value, dict):
            # A plain copy first: oslo's CoercedDict refers to its owner,
            # which a deep copy would copy whole.
            snapshot[name] = copy.deepcopy(dict(value))
        elif isinstance(value, (list, set)):
            if any(isinstance(item, objects_base.NovaObject)
                   for item in value):
                snapshot[name] = _NESTED
            else:
                snapshot[name] = copy.deepcopy(type(value)(value))
        else:
            snapshot[name] = value
    return snapshot


class ConductorManager(manager.Manager):
    """The object indirection endpoint (topic ``conductor``, 3.0)."""

    target = messaging.Target(version='3.0')

    def __init__(self, *args, **kwargs):
        super().__init__(service_name='conductor', *args, **kwargs)
        self.compute_task_mgr = ComputeTaskManager()
        self.additional_endpoints.append(self.compute_task_mgr)

    @messaging.expected_exceptions(exception.NovaException)
    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        objclass = objects_base.NovaObject.obj_class_from_name(
            objname, object_versions[objname])
        result = getattr(objclass, objmethod)(context, *args, **kwargs)
        if isinstance(result, objects_base.NovaObject):
            # Answer in the versions the caller understands.
            return result.obj_to_primitive(
                target_version=object_versions[objname],
                version_manifest=object_versions)
        return result

    @messaging.expected_exceptions(exception.NovaException)
    def object_action(self, context, objinst, objmethod, args, kwargs):
        before = _snapshot(objinst)
        result = getattr(objinst, objmethod)(*args, **kwargs)
        updates = {}
        fields = objinst.fields
        for name, value in _set_fields(objinst):
            old = before.get(name, _UNSET)
            if old is _UNSET or old is _NESTED or old != value:
                updates[name] = fields[name].to_primitive(objinst, name,
                                                          value)
        # The caller's copy must end up with the same pending changes.
        updates['obj_what_changed'] = objinst.obj_what_changed()
        return updates, result

    def object_backport_versions(self, context, objinst, object_versions):
        target = object_versions[objinst.obj_name()]
        LOG.debug('Backporting %(obj)s to %(ver)s with versions %(manifest)s',
                  {'obj': objinst.obj_name(), 'ver': target,
                   'manifest': object_versions})
        return objinst.obj_to_primitive(target_version=target,
                                        version_manifest=object_versions)


class ComputeTaskManager(object):
    """The task flows (namespace ``compute_task``, 1.0).

    Each method hands over to its flow module in nova/conductor/tasks/.
    """

    target = messaging.Target(namespace='compute_task', version='1.0')

    def __init__(self, tasks=None):
        self._tasks = tasks

    @property
    def tasks(self):
        # Clients are created on first use: RPC is initialized by then.
        if self._tasks is None:
            self._tasks = task_base.TaskContext()
        return self._tasks

    def schedule_and_build_instances(self, context, build_requests,
                                     request_specs, image, admin_password,
                                     injected_files, requested_networks,
                                     block_device_mapping, tags=None):
        build.schedule_and_build_instances(
            self.tasks, context, build_requests, request_specs, image,
            admin_password, injected_files, requested_networks,
            block_device_mapping, tags=tags)

    def build_instances(self, context, instances, image, filter_properties,
                        admin_password, injected_files, requested_networks,
                        security_groups, block_device_mapping,
                        request_spec=None, host_lists=None):
        build.build_instances(
            self.tasks, context, instances, image, filter_properties,
            admin_password, injected_files, requested_networks,
            security_groups, block_device_mapping,
            request_spec=request_spec, host_lists=host_lists)

    @messaging.expected_exceptions(exception.NoValidHost,
                                   exception.ComputeServiceUnavailable,
                                   exception.MigrationPreCheckError,
                                   exception.InstanceInvalidState,
                                   exception.ComputeHostNotFound,
                                   exception.UnexpectedTaskStateError)
    def migrate_server(self, context, instance, scheduler_hint, live,
                       rebuild, flavor, block_migration, disk_over_commit,
                       clean_shutdown=True, request_spec=None,
                       host_list=None):
        if live:
            # The synchronous live migration (API before 2.34): the
            # caller sees a failed pre-check.
            live_migrate.live_migrate_instance(
                self.tasks, context, instance, scheduler_hint,
                block_migration, disk_over_commit, request_spec,
                reraise=True)
            return None
        migrate.migrate_server(self.tasks, context, instance,
                               scheduler_hint, flavor,
                               clean_shutdown=clean_shutdown,
                               request_spec=request_spec,
                               host_list=host_list)
        return None

    def live_migrate_instance(self, context, instance, scheduler_hint,
                              block_migration, disk_over_commit,
                              request_spec):
        live_migrate.live_migrate_instance(
            self.tasks, context, instance, scheduler_hint, block_migration,
            disk_over_commit, request_spec)

    def rebuild_instance(self, context, instance, new_pass, injected_files,
                         image_ref, orig_image_ref, orig_sys_metadata, bdms,
                         recreate=False, on_shared_storage=False,
                         preserve_ephemeral=False, host=None,
                         request_spec=None):
        rebuild.rebuild_instance(
            self.tasks, context, instance, new_pass, injected_files,
            image_ref, orig_image_ref, orig_sys_metadata, bdms,
            recreate=recreate, on_shared_storage=on_shared_storage,
            preserve_ephemeral=preserve_ephemeral, host=host,
            request_spec=request_spec)

    def unshelve_instance(self, context, instance, request_spec=None):
        unshelve.unshelve_instance(self.tasks, context, instance,
                                   request_spec=request_spec)
