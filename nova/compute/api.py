"""In-process facade of the compute service for nova-api and others.

``HostAPI`` covers the service records of compute hosts.  ``API`` is the
business layer of the servers API: it finds servers wherever they are
(build request in the API database, or an instance in its cell through
the instance mapping), enforces the state and lock rules, records an
instance action per user action and starts the work with an RPC cast or
call (see /tmp/rpc_contract.md and nova/{conductor,compute}/rpcapi.py).

The task flows live beside this module: ``api_build`` (create),
``api_actions`` (power, rescue, resize, migrate, rebuild, shelve,
snapshot, consoles...).  ``API`` is their composition; everything here is
about finding, listing, updating and deleting servers.
"""

import hashlib

from oslo_log import log as logging
from oslo_utils import timeutils

import nova.conf
from nova.compute import api_actions
from nova.compute import api_build
from nova.compute import api_common
from nova.compute import instance_list
from nova.compute import task_states
from nova.compute import vm_states
from nova import context as nova_context
from nova import exception
from nova import objects
from nova import servicegroup

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)
# The objects this module uses by their ``objects.<Name>`` attributes.
objects.register_all()

check_instance_state = api_common.check_instance_state
check_instance_lock = api_common.check_instance_lock


class HostAPI(object):
    """Services and compute nodes as the os-services/os-hypervisors APIs
    see them."""

    def __init__(self):
        self.servicegroup_api = servicegroup.API()

    def service_get_all(self, context, filters=None):
        """Services of this cell, with an ``up`` flag from heartbeats."""
        filters = filters or {}
        services = objects.ServiceList.get_all(
            context, disabled=filters.get('disabled'))
        result = []
        for service in services:
            if filters.get('host') and service.host != filters['host']:
                continue
            if (filters.get('binary') and
                    service.binary != filters['binary']):
                continue
            result.append((service, self.servicegroup_api.is_up(service)))
        return result

    def service_update(self, context, host, binary, values):
        service = objects.Service.get_by_host_and_binary(context, host,
                                                         binary)
        if service is None:
            raise exception.HostBinaryNotFound(host=host, binary=binary)
        for key, value in values.items():
            setattr(service, key, value)
        service.save()
        return service


def host_id(instance):
    """The opaque ``hostId`` of the API: sha224(project + host)."""
    host = instance.host if instance.obj_attr_is_set('host') else None
    if not host:
        return ''
    data = (instance.project_id or '') + host
    return hashlib.sha224(data.encode('utf-8')).hexdigest()


class API(api_build.BuildMixin, api_actions.ActionsMixin):
    """The servers business layer (one instance per process is enough)."""

    def __init__(self, image_api=None):
        from nova.image import api as image_api_mod
        self.image_api = image_api or image_api_mod.API()
        self.servicegroup_api = servicegroup.API()
        self._compute_task_api = None
        self._compute_rpcapi = None

    # --- RPC clients (created on first use: nova-api starts without a
    # message queue until it needs one) ----------------------------------

    @property
    def compute_task_api(self):
        if self._compute_task_api is None:
            from nova.conductor import rpcapi as conductor_rpcapi
            self._compute_task_api = conductor_rpcapi.ComputeTaskAPI()
        return self._compute_task_api

    @property
    def compute_rpcapi(self):
        if self._compute_rpcapi is None:
            from nova.compute import rpcapi as compute_rpcapi
            self._compute_rpcapi = compute_rpcapi.ComputeAPI()
        return self._compute_rpcapi

    # --- finding servers --------------------------------------------------

    @staticmethod
    def _check_owner(context, instance, uuid):
        if (not context.is_admin and
                instance.project_id != context.project_id):
            raise exception.InstanceNotFound(instance_id=uuid)

    def get(self, context, instance_id, expected_attrs=None,
            read_deleted=None):
        """The server ``instance_id`` as ``context`` may see it, or
        InstanceNotFound.  Cell instances carry a context targeted at
        their cell (their saves and casts go there).

        The mapping is read first, as upstream does: a server in a cell
        (nearly every one asked for) is then read there, with no look for
        a build request.  Conductor names the cell and drops the build
        request in one API database transaction, so a mapping without a
        cell means a build request, unless conductor got there between
        the two reads: then the mapping is read again.
        """
        if expected_attrs is None:
            expected_attrs = ['flavor', 'info_cache', 'metadata']
        mapping = self._mapping_or_none(context, instance_id)
        if mapping is None or mapping.cell_mapping is None:
            try:
                req = objects.BuildRequest.get_by_instance_uuid(
                    context, instance_id)
            except exception.BuildRequestNotFound:
                mapping = self._mapping_or_none(context, instance_id)
                if mapping is None or mapping.cell_mapping is None:
                    raise exception.InstanceNotFound(
                        instance_id=instance_id)
            else:
                self._check_owner(context, req.instance, instance_id)
                return req.instance
        if not context.is_admin and mapping.project_id != context.project_id:
            raise exception.InstanceNotFound(instance_id=instance_id)
        with nova_context.target_cell(context, mapping.cell_mapping) as cctxt:
            if read_deleted is not None:
                cctxt.read_deleted = read_deleted
            instance = objects.Instance.get_by_uuid(
                cctxt, instance_id, expected_attrs=expected_attrs)
        self._check_owner(context, instance, instance_id)
        return instance

    @staticmethod
    def _mapping_or_none(context, instance_id):
        try:
            return objects.InstanceMapping.get_by_instance_uuid(
                context, instance_id)
        except exception.InstanceMappingNotFound:
            return None

    def get_all(self, context, search_opts=None, limit=None, marker=None,
                expected_attrs=None, sort_keys=None, sort_dirs=None):
        """Servers matching ``search_opts`` (InstanceList filters) over
        the build requests and every cell, sorted and paged.  Non-admins
        (and admins without ``all_tenants``) see their project only: the
        caller puts ``project_id`` in ``search_opts``."""
        filters = dict(search_opts or {})
        if 'changes-since' in filters:
            filters['changes-since'] = timeutils.normalize_time(
                timeutils.parse_isotime(filters['changes-since'])
                if isinstance(filters['changes-since'], str)
                else filters['changes-since'])
        return instance_list.get_instances_sorted(
            context, filters, limit=limit, marker=marker,
            expected_attrs=expected_attrs, sort_keys=sort_keys,
            sort_dirs=sort_dirs)

    def get_instance_host_status(self, instance, services=None):
        """UP, DOWN, MAINTENANCE or UNKNOWN (2.16 ``host_status``)."""
        if not instance.host:
            return ''
        service = (services or {}).get(instance.host)
        if service is None and services is None:
            try:
                service = objects.Service.get_by_compute_host(
                    instance._context, instance.host)
            except exception.NotFound:
                service = None
        if service is None:
            return 'UNKNOWN'
        if service.disabled:
            return 'MAINTENANCE'
        return 'UP' if self.servicegroup_api.is_up(service) else 'DOWN'

    def compute_services_by_host(self, instances):
        """{host: nova-compute Service} for the hosts of ``instances``,
        one query per cell involved."""
        by_cell = {}
        for inst in instances:
            if inst.obj_attr_is_set('host') and inst.host and inst._context:
                cctxt = inst._context
                by_cell.setdefault(cctxt.db_connection, cctxt)
        result = {}
        for cctxt in by_cell.values():
            for service in objects.ServiceList.get_by_binary(
                    cctxt, 'nova-compute', include_disabled=True):
                result[service.host] = service
        return result

    # --- updating ---------------------------------------------------------

    def update_instance(self, context, instance, updates):
        """Set simple fields (display_name, display_description, access
        IPs) on a server, wherever it is."""
        for key, value in updates.items():
            setattr(instance, key, value)
        if not instance.obj_attr_is_set('id'):
            req = objects.BuildRequest.get_by_instance_uuid(context,
                                                            instance.uuid)
            for key, value in updates.items():
                setattr(req.instance, key, value)
            req.save()
            return req.instance
        instance.save()
        return instance

    # --- deleting ---------------------------------------------------------

    def _delete_build_request(self, context, instance):
        """Delete a server that is still a build request: the request,
        its mapping and its request spec (nothing else was allocated).
        False when conductor got to it first."""
        try:
            req = objects.BuildRequest.get_by_instance_uuid(context,
                                                            instance.uuid)
            req.destroy()
        except exception.BuildRequestNotFound:
            return False
        for cleanup in (
                lambda: objects.RequestSpec.destroy_by_instance_uuid(
                    context, instance.uuid),
                lambda: objects.InstanceMapping(
                    context, instance_uuid=instance.uuid).destroy()):
            try:
                cleanup()
            except (exception.RequestSpecNotFound,
                    exception.InstanceMappingNotFound):
                pass
        return True

    def _host_is_down(self, instance):
        try:
            service = objects.Service.get_by_compute_host(instance._context,
                                                          instance.host)
        except exception.NotFound:
            return True
        return service is None or not self.servicegroup_api.is_up(service)

    def _local_delete(self, context, instance):
        """Delete in the database only (no host, or the host is down)."""
        instance.vm_state = vm_states.DELETED
        instance.task_state = None
        instance.terminated_at = timeutils.utcnow()
        instance.save()
        instance.destroy()
        self._queue_mapping_for_delete(context, instance)

    @staticmethod
    def _queue_mapping_for_delete(context, instance):
        try:
            mapping = objects.InstanceMapping.get_by_instance_uuid(
                context, instance.uuid)
        except exception.InstanceMappingNotFound:
            return
        mapping.queued_for_delete = True
        mapping.save()

    def _do_delete(self, context, instance, action, cast):
        if not instance.obj_attr_is_set('id'):
            if self._delete_build_request(context, instance):
                return
            # Conductor created it in a cell meanwhile: delete that.
            instance = self.get(context, instance.uuid)
        if instance.task_state == task_states.DELETING and instance.host:
            # Already on its way out: a second delete changes nothing.
            return
        if not instance.host or self._host_is_down(instance):
            api_common.record_action(context, instance, action)
            self._local_delete(context, instance)
            return
        api_common.set_task_state(instance, task_states.DELETING,
                                  expected=[instance.task_state],
                                  action=action)
        cast(instance)

    @check_instance_lock
    @check_instance_state(vm_state=None, task_state=None,
                          must_have_host=False)
    def delete(self, context, instance):
        """Delete now, or soft-delete when [DEFAULT]
        reclaim_instance_interval is set (deferred delete)."""
        if (CONF.reclaim_instance_interval > 0 and
                instance.obj_attr_is_set('id') and instance.host and
                instance.vm_state != vm_states.SOFT_DELETED):
            self.soft_delete(context, instance)
            return
        self._do_delete(
            context, instance, 'delete',
            lambda inst: self.compute_rpcapi.terminate_instance(
                inst._context, inst, bdms=[]))

    def soft_delete(self, context, instance):
        if self._host_is_down(instance):
            instance.vm_state = vm_states.SOFT_DELETED
            instance.task_state = None
            instance.deleted_at = timeutils.utcnow()
            instance.save_and_record_action('delete',
                                            expected_task_state=[None])
            return
        api_common.set_task_state(instance, task_states.SOFT_DELETING,
                                  deleted_at=timeutils.utcnow(),
                                  action='delete')
        self.compute_rpcapi.soft_delete_instance(instance._context, instance)

    @check_instance_lock
    @check_instance_state(vm_state=None, task_state=None,
                          must_have_host=False)
    def force_delete(self, context, instance):
        """Delete now, whatever the state (a soft-deleted server too)."""
        self._do_delete(
            context, instance, 'forceDelete',
            lambda inst: self.compute_rpcapi.terminate_instance(
                inst._context, inst, bdms=[]))

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.SOFT_DELETED])
    def restore(self, context, instance):
        """Undo a soft delete (the quota is checked again)."""
        flavor = instance.flavor
        from nova import quota
        try:
            quota.QUOTAS.check_deltas(
                context, {'instances': 1, 'cores': flavor.vcpus,
                          'ram': flavor.memory_mb},
                instance.project_id, instance.user_id)
        except exception.OverQuota as e:
            raise quota.too_many_instances(e)
        if instance.host and not self._host_is_down(instance):
            api_common.set_task_state(instance, task_states.RESTORING,
                                      deleted_at=None, action='restore')
            self.compute_rpcapi.restore_instance(instance._context,
                                                 instance)
        else:
            instance.vm_state = vm_states.ACTIVE
            instance.task_state = None
            instance.deleted_at = None
            instance.save_and_record_action('restore',
                                            expected_task_state=[None])

    # --- metadata and tags ------------------------------------------------

    def _metadata_quota(self, context, metadata):
        from nova import quota
        try:
            quota.QUOTAS.limit_check(context,
                                     metadata_items=len(metadata))
        except exception.OverQuota as e:
            raise exception.MetadataLimitExceeded(
                allowed=e.kwargs['quotas']['metadata_items'])

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.ACTIVE, vm_states.PAUSED,
                                    vm_states.SUSPENDED, vm_states.STOPPED],
                          task_state=None, action='update metadata')
    def update_instance_metadata(self, context, instance, metadata,
                                 delete=False):
        """Merge ``metadata`` into the server's (replace all when
        ``delete``); returns the result."""
        new = {} if delete else dict(instance.metadata)
        new.update(metadata)
        self._metadata_quota(context, new)
        instance.metadata = new
        instance.save()
        return dict(instance.metadata)

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.ACTIVE, vm_states.PAUSED,
                                    vm_states.SUSPENDED, vm_states.STOPPED],
                          task_state=None, action='delete metadata')
    def delete_instance_metadata(self, context, instance, key):
        new = dict(instance.metadata)
        new.pop(key, None)
        instance.metadata = new
        instance.save()

    # --- lock -------------------------------------------------------------

    @check_instance_state(vm_state=None, task_state=None,
                          must_have_host=False)
    def lock(self, context, instance):
        api_common.record_action(context, instance, 'lock')
        instance.locked = True
        instance.locked_by = ('owner' if instance.project_id ==
                              context.project_id else 'admin')
        self._save_anywhere(context, instance)

    def is_expected_locked_by(self, context, instance):
        owner = instance.project_id == context.project_id
        return (instance.locked_by == 'owner') == owner

    @check_instance_state(vm_state=None, task_state=None,
                          must_have_host=False)
    def unlock(self, context, instance):
        api_common.record_action(context, instance, 'unlock')
        instance.locked = False
        instance.locked_by = None
        self._save_anywhere(context, instance)

    def _save_anywhere(self, context, instance):
        if instance.obj_attr_is_set('id'):
            instance.save()
            return
        req = objects.BuildRequest.get_by_instance_uuid(context,
                                                        instance.uuid)
        req.instance = instance
        req.save()

    # --- external events --------------------------------------------------

    def external_instance_event(self, context, instances, events):
        """Cast ``events`` (dicts with instance_uuid, name, tag, status)
        to the hosts of ``instances`` (the client casts once per host)."""
        if instances:
            self.compute_rpcapi.external_instance_event(
                instances[0]._context or context, instances, events)

    # --- instance actions and migrations of one server --------------------

    @staticmethod
    def cell_context(context, instance):
        return instance._context or context
