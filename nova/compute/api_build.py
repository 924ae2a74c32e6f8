"""Creating servers: validation, quota, and the records that hand a build
over to conductor.

For each server the API writes, in the API database, a RequestSpec, a
BuildRequest (the Instance object in BUILDING/SCHEDULING, not in any cell
yet) and an InstanceMapping without a cell, then casts
``ComputeTaskAPI.schedule_and_build_instances``.  Conductor picks the
cell, creates the instance there (recording the 'create' instance action
in that cell), maps it and deletes the build request.

The rows of every server of the request are written in one API database
transaction: a failure leaves none of them behind.

Quota: the limits are looked up once per request; instances, cores and
RAM are counted once (which also decides how many of min_count..max_count
servers fit), the records created, and the count repeated (``[quota]
recheck_quota``); when two racing requests both passed the first check,
the one that finds itself over the limit deletes what it created (one
transaction) and fails with 403.  Nothing is counted when instances,
cores and RAM are all unlimited.  A server booted into a server group
(``group`` hint) counts against ``server_group_members`` of its user and
becomes a member at once, so the next request sees it.
"""

import base64
import binascii
import re

import sqlalchemy as sa
from oslo_log import log as logging
from oslo_utils import strutils
from oslo_utils import uuidutils

import nova.conf
from nova.compute import task_states
from nova.compute import vm_states
from nova.db.api import models as api_models
from nova.db import engine as db
from nova import exception
from nova.i18n import _
from nova import objects
from nova.objects import aggregate as aggregate_obj
from nova import quota

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

MAX_USERDATA_SIZE = 65535
MULTI_NAME_TEMPLATE = '%(name)s-%(count)d'


def sanitize_hostname(name, default='Server'):
    """A DNS label from a display name: lower case, spaces and
    underscores become '-', other characters dropped, at most 63."""
    hostname = str(name or '').lower()
    hostname = re.sub(r'[ _]', '-', hostname)
    hostname = re.sub(r'[^\w.-]+', '', hostname, flags=re.ASCII)
    hostname = hostname.strip('.-')[:63].strip('.-')
    return hostname or default


def _invalid(msg):
    return exception.InvalidServerRequest(reason=msg)


def decode_user_data(user_data):
    if user_data is None:
        return None
    if len(user_data) > MAX_USERDATA_SIZE:
        raise _invalid(_("User data too large. User data must be no larger "
                         "than %(maxsize)s bytes once base64 encoded. Your "
                         "data is %(length)d bytes") % {
                             'maxsize': MAX_USERDATA_SIZE,
                             'length': len(user_data)})
    try:
        base64.b64decode(user_data, validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise _invalid(_("User data needs to be valid base 64."))
    return user_data


class BuildMixin(object):
    """``API.create`` and its checks."""

    # --- the pieces of a request -------------------------------------------

    @staticmethod
    def _get_flavor(context, flavor_id):
        try:
            flavor = objects.Flavor.get_by_flavor_id(context, flavor_id)
        except exception.FlavorNotFound:
            raise _invalid(_("Flavor '%s' could not be found.") % flavor_id)
        if flavor.disabled:
            raise _invalid(_("Flavor '%s' could not be found.") % flavor_id)
        return flavor

    def _get_image(self, context, image_ref):
        if not image_ref:
            raise _invalid(_("Cannot boot without an image: only image-"
                             "backed servers are supported (imageRef)."))
        try:
            return self.image_api.get(context, image_ref)
        except exception.ImageNotFound:
            raise _invalid(_("Can not find requested image"))

    @staticmethod
    def _check_image_fits(image, flavor):
        if image.get('status', 'active') != 'active':
            raise _invalid(_("Image %s is not active.") % image['id'])
        if flavor.memory_mb < int(image.get('min_ram') or 0):
            raise _invalid(_("Flavor's memory is too small for requested "
                             "image."))
        if flavor.root_gb and flavor.root_gb < int(
                image.get('min_disk') or 0):
            raise _invalid(_("Flavor's disk is too small for requested "
                             "image."))

    @staticmethod
    def _get_keypair(context, key_name):
        if key_name is None:
            return None
        try:
            return objects.KeyPair.get_by_name(context, context.user_id,
                                               key_name)
        except exception.KeypairNotFound:
            raise _invalid(_("Invalid key_name provided."))

    @staticmethod
    def availability_zones(context):
        zones = {CONF.default_availability_zone}
        zones.update(zone for zone in aggregate_obj.zone_names(context)
                     if zone)
        zones.discard(CONF.internal_service_availability_zone)
        return zones

    def _check_availability_zone(self, context, value):
        """(zone, forced host, forced node) from 'az[:host[:node]]'."""
        if not value:
            return CONF.default_schedule_zone, None, None
        zone, _sep, rest = value.partition(':')
        host, _sep, node = rest.partition(':')
        if host or node:
            context.can('os_compute_api:servers:create:forced_host',
                        target={'project_id': context.project_id})
        if zone and zone not in self.availability_zones(context):
            raise _invalid(_("The requested availability zone is not "
                             "available"))
        return zone or None, host or None, node or None

    def _check_metadata(self, context, metadata, limits=None):
        if not metadata:
            return {}
        try:
            quota.QUOTAS.limit_check(context, limits=limits,
                                     metadata_items=len(metadata))
        except exception.OverQuota as e:
            raise exception.MetadataLimitExceeded(
                allowed=e.kwargs['quotas']['metadata_items'])
        for key, value in metadata.items():
            if not key:
                raise _invalid(_("Metadata property key blank."))
            if len(key) > 255 or len(str(value)) > 255:
                raise _invalid(_("Metadata property key or value greater "
                                 "than 255 characters."))
        return {str(k): str(v) for k, v in metadata.items()}

    @staticmethod
    def _check_bdms(block_device_mapping, image_ref):
        """Only the image of the server may be given as a device."""
        for bdm in block_device_mapping or []:
            source = bdm.get('source_type')
            dest = bdm.get('destination_type', 'local')
            if source != 'image' or dest != 'local' or (
                    bdm.get('boot_index') not in (0, '0', None)):
                raise _invalid(_("Only a local image block device (the "
                                 "boot image) is supported."))
            if image_ref and bdm.get('uuid') not in (None, image_ref):
                raise _invalid(_("The block device image differs from "
                                 "imageRef."))
            image_ref = image_ref or bdm.get('uuid')
        return image_ref

    @staticmethod
    def _server_group(context, scheduler_hints):
        hint = (scheduler_hints or {}).get('group')
        if not hint:
            return None
        try:
            return objects.InstanceGroup.get_by_hint(context, hint)
        except exception.InstanceGroupNotFound:
            raise _invalid(_("Invalid server group %s.") % hint)

    # --- quota --------------------------------------------------------------

    @staticmethod
    def _live_group_members(group, user_id):
        """Members of ``group`` owned by ``user_id`` and not deleted,
        counted in the API database (instance mappings know the owner and
        whether the server is being deleted, in whichever cell)."""
        Member = api_models.InstanceGroupMember
        Mapping = api_models.InstanceMapping
        with db.api_session() as session:
            return session.execute(
                sa.select(sa.func.count(Member.id))
                .join(Mapping, Mapping.instance_uuid == Member.instance_uuid)
                .where(Member.group_id == group.id)
                .where(Mapping.user_id == user_id)
                .where(sa.or_(Mapping.queued_for_delete.is_(None),
                              Mapping.queued_for_delete == sa.false()))
            ).scalar()

    def _check_group_members(self, context, group, count, limits):
        """403 when ``count`` more servers would overfill the group
        (``server_group_members``, per user)."""
        if group is None:
            return
        allowed = limits[1].get('server_group_members', -1)
        if allowed < 0:
            return
        used = self._live_group_members(group, context.user_id)
        if used + count > allowed:
            raise exception.TooManyInstances(
                message=_("Quota exceeded, too many servers in group"))

    @staticmethod
    def _deltas(flavor, count):
        return {'instances': count, 'cores': count * flavor.vcpus,
                'ram': count * flavor.memory_mb}

    def _allowed_count(self, context, flavor, min_count, max_count,
                       limits=None):
        """max_count, or fewer (>= min_count) when the quota says so."""
        try:
            quota.QUOTAS.check_deltas(context,
                                      self._deltas(flavor, max_count),
                                      context.project_id, context.user_id,
                                      limits=limits)
            return max_count
        except exception.OverQuota as e:
            headroom = e.kwargs['headroom']
            allowed = max_count
            per_unit = self._deltas(flavor, 1)
            for name in e.kwargs['overs']:
                room = headroom.get(name, 0)
                if room >= 0 and per_unit.get(name):
                    allowed = min(allowed, room // per_unit[name])
            if allowed < min_count or allowed <= 0:
                raise quota.too_many_instances(
                    e, self._deltas(flavor, min_count))
            LOG.info('Quota allows %d of the %d servers requested',
                     allowed, max_count)
            return allowed

    def _join_group(self, context, group, records, limits):
        """Make the new servers members at once, so the next request
        counts them; then count again (``[quota] recheck_quota``): when a
        racing request filled the group meanwhile, undo and 403."""
        uuids = [r[1].instance_uuid for r in records]
        added = objects.InstanceGroup.add_members(context, group.uuid,
                                                  uuids)
        if not CONF.quota.recheck_quota:
            return
        try:
            self._check_group_members(context, group, 0, limits)
        except exception.TooManyInstances:
            Member = api_models.InstanceGroupMember
            with db.api_session() as session:
                session.execute(sa.delete(Member).where(
                    Member.group_id == group.id,
                    Member.instance_uuid.in_(added)))
            self._undo_records(context, records)
            raise

    # --- create -------------------------------------------------------------

    def create(self, context, flavor_id, image_ref, name=None,
               description=None, key_name=None, availability_zone=None,
               metadata=None, user_data=None, min_count=1, max_count=None,
               security_groups=None, requested_networks=None,
               scheduler_hints=None, block_device_mapping=None,
               access_ip_v4=None, access_ip_v6=None, config_drive=None,
               admin_password=None, auto_disk_config=None, tags=None):
        """Accept the servers; returns (instances, reservation_id).

        The instances are the BuildRequests' Instance objects: BUILD with
        task_state scheduling until conductor has placed them.
        """
        max_count = max_count or min_count
        if min_count > max_count:
            raise _invalid(_("min_count must be <= max_count"))
        flavor = self._get_flavor(context, flavor_id)
        image_ref = self._check_bdms(block_device_mapping, image_ref)
        image = self._get_image(context, image_ref)
        self._check_image_fits(image, flavor)
        keypair = self._get_keypair(context, key_name)
        zone, force_host, force_node = self._check_availability_zone(
            context, availability_zone)
        limits = quota.QUOTAS.limits(context, context.project_id,
                                     context.user_id)
        metadata = self._check_metadata(context, metadata, limits)
        user_data = decode_user_data(user_data)
        group = self._server_group(context, scheduler_hints)
        if tags and len(tags) > objects.tag.MAX_TAG_COUNT:
            raise exception.InstanceTagsLimitExceeded(
                limit=objects.tag.MAX_TAG_COUNT)
        security_groups = list(security_groups or ['default'])
        count = self._allowed_count(context, flavor, min_count, max_count,
                                    limits)
        self._check_group_members(context, group, count, limits)

        reservation_id = 'r-' + uuidutils.generate_uuid()[:8]
        instances = [self._new_instance(
            context, flavor, image, name, description, keypair, zone,
            metadata, user_data, access_ip_v4, access_ip_v6, config_drive,
            auto_disk_config, reservation_id, index, count)
            for index in range(count)]
        specs = [objects.RequestSpec.from_components(
            context, inst.uuid, flavor, image=image, num_instances=count,
            availability_zone=zone, scheduler_hints=scheduler_hints,
            instance_group=group, security_groups=security_groups,
            force_hosts=[force_host] if force_host else None,
            force_nodes=[force_node] if force_node else None)
            for inst in instances]

        try:
            records = quota.create_with_recheck(
                context, self._deltas(flavor, count),
                (context.project_id, context.user_id),
                lambda: self._create_records(context, instances, specs,
                                             tags),
                lambda created: self._undo_records(context, created),
                checked=True, limits=limits)
        except exception.OverQuota as e:
            raise quota.too_many_instances(e, self._deltas(flavor, count))
        build_requests = objects.BuildRequestList(
            context, objects=[r[1] for r in records])
        if group is not None:
            self._join_group(context, group, records, limits)
        self.compute_task_api.schedule_and_build_instances(
            context, build_requests=build_requests.objects,
            request_specs=specs, image=image,
            admin_password=admin_password, injected_files=[],
            requested_networks=requested_networks,
            block_device_mapping=block_device_mapping or [],
            tags=[t for t in (tags or [])])
        return [r[1].instance for r in records], reservation_id

    @staticmethod
    def _new_instance(context, flavor, image, name, description, keypair,
                      zone, metadata, user_data, access_ip_v4, access_ip_v6,
                      config_drive, auto_disk_config, reservation_id, index,
                      count):
        uuid = uuidutils.generate_uuid()
        display_name = name
        if count > 1:
            display_name = MULTI_NAME_TEMPLATE % {'name': name,
                                                  'count': index + 1}
        props = image.get('properties') or {}
        system_metadata = {'image_%s' % k: str(v) for k, v in props.items()}
        for key in ('min_ram', 'min_disk', 'disk_format',
                    'container_format'):
            if image.get(key) is not None:
                system_metadata['image_%s' % key] = str(image[key])
        instance = objects.Instance(
            context, uuid=uuid, user_id=context.user_id,
            project_id=context.project_id, image_ref=image['id'],
            display_name=display_name, display_description=description,
            hostname=sanitize_hostname(display_name,
                                       default='server-%s' % uuid),
            launch_index=index, reservation_id=reservation_id,
            vm_state=vm_states.BUILDING, task_state=task_states.SCHEDULING,
            power_state=0, progress=0,
            key_name=keypair.name if keypair else None,
            key_data=keypair.public_key if keypair else None,
            availability_zone=zone, memory_mb=flavor.memory_mb,
            vcpus=flavor.vcpus, root_gb=flavor.root_gb,
            ephemeral_gb=flavor.ephemeral_gb, instance_type_id=flavor.id,
            flavor=flavor, old_flavor=None, new_flavor=None,
            metadata=dict(metadata), system_metadata=system_metadata,
            user_data=user_data, access_ip_v4=access_ip_v4,
            access_ip_v6=access_ip_v6,
            config_drive='True' if strutils.bool_from_string(
                config_drive) else '',
            auto_disk_config=bool(auto_disk_config), locked=False,
            locked_by=None, os_type=props.get('os_type'),
            architecture=props.get('architecture'),
            root_device_name=None, host=None, node=None, launched_at=None,
            terminated_at=None, cleaned=False, info_cache=None, fault=None,
            deleted=False, shutdown_terminate=False,
            disable_terminate=False, kernel_id=None, ramdisk_id=None,
            updated_at=None, deleted_at=None, vm_mode=None,
            launched_on=None, ephemeral_key_uuid=None,
            default_ephemeral_device=None, default_swap_device=None,
            cell_name=None, scheduled_at=None)
        return instance

    @staticmethod
    def _create_records(context, instances, specs, tags):
        """RequestSpec, BuildRequest and InstanceMapping of every server,
        in one API database transaction; [(spec, req, mapping)]."""
        created = []
        try:
            with db.api_session() as session:
                for instance, spec in zip(instances, specs):
                    req = objects.BuildRequest(
                        context, instance=instance,
                        instance_uuid=instance.uuid,
                        project_id=instance.project_id,
                        block_device_mappings=None)
                    if tags:
                        req.tags = objects.TagList.from_names(
                            context, instance.uuid, tags)
                    mapping = objects.InstanceMapping(
                        context, instance_uuid=instance.uuid,
                        project_id=instance.project_id,
                        user_id=instance.user_id, cell_mapping=None)
                    spec.create_in_session(session)
                    req.create_in_session(session)
                    mapping.create_in_session(session)
                    created.append((spec, req, mapping))
        except exception.DBDuplicateEntry:
            raise exception.BuildRequestAlreadyExists(
                uuid=','.join(i.uuid for i in instances))
        return created

    @staticmethod
    def _undo_records(context, created):
        """Delete what ``_create_records`` wrote (one transaction)."""
        uuids = [req.instance_uuid for _spec, req, _mapping in created]
        if not uuids:
            return
        with db.api_session() as session:
            for model in (api_models.InstanceMapping,
                          api_models.BuildRequest, api_models.RequestSpec):
                session.execute(sa.delete(model).where(
                    model.instance_uuid.in_(uuids)))
