"""Server bodies: the brief form (index) and the full form (everything
else), by microversion and by what the caller may see.

Everything that depends only on the request (version checks, policy
answers, link prefixes) is computed once per request in
:class:`_RequestView`, so a page of 200 servers costs 200 dict builds and
nothing more.
"""

import hashlib

from nova.api.openstack import common
from nova.compute import task_states
from nova.compute import vm_states
import nova.conf
from nova.network import model
from nova.objects import aggregate as aggregate_obj
from nova.objects import base as obj_base
from nova.policies import extended_server_attributes as esa_policies
from nova.policies import flavor_extra_specs as fes_policies
from nova.policies import servers as server_policies

CONF = nova.conf.CONF

# vm_state -> {task_state or 'default': API status}
_STATE_MAP = {
    vm_states.ACTIVE: {
        'default': 'ACTIVE',
        task_states.REBOOTING: 'REBOOT',
        task_states.REBOOT_PENDING: 'REBOOT',
        task_states.REBOOT_STARTED: 'REBOOT',
        task_states.REBOOTING_HARD: 'HARD_REBOOT',
        task_states.REBOOT_PENDING_HARD: 'HARD_REBOOT',
        task_states.REBOOT_STARTED_HARD: 'HARD_REBOOT',
        task_states.UPDATING_PASSWORD: 'PASSWORD',
        task_states.REBUILDING: 'REBUILD',
        task_states.REBUILD_BLOCK_DEVICE_MAPPING: 'REBUILD',
        task_states.REBUILD_SPAWNING: 'REBUILD',
        task_states.MIGRATING: 'MIGRATING',
        task_states.RESIZE_PREP: 'RESIZE',
        task_states.RESIZE_MIGRATING: 'RESIZE',
        task_states.RESIZE_MIGRATED: 'RESIZE',
        task_states.RESIZE_FINISH: 'RESIZE',
    },
    vm_states.BUILDING: {'default': 'BUILD'},
    vm_states.STOPPED: {
        'default': 'SHUTOFF',
        task_states.RESIZE_PREP: 'RESIZE',
        task_states.RESIZE_MIGRATING: 'RESIZE',
        task_states.RESIZE_MIGRATED: 'RESIZE',
        task_states.RESIZE_FINISH: 'RESIZE',
        task_states.REBUILDING: 'REBUILD',
        task_states.REBUILD_BLOCK_DEVICE_MAPPING: 'REBUILD',
        task_states.REBUILD_SPAWNING: 'REBUILD',
    },
    vm_states.RESIZED: {
        'default': 'VERIFY_RESIZE',
        task_states.RESIZE_REVERTING: 'REVERT_RESIZE',
    },
    vm_states.PAUSED: {
        'default': 'PAUSED',
        task_states.MIGRATING: 'MIGRATING',
    },
    vm_states.SUSPENDED: {'default': 'SUSPENDED'},
    vm_states.RESCUED: {'default': 'RESCUE'},
    vm_states.ERROR: {
        'default': 'ERROR',
        task_states.REBUILDING: 'REBUILD',
        task_states.REBUILD_BLOCK_DEVICE_MAPPING: 'REBUILD',
        task_states.REBUILD_SPAWNING: 'REBUILD',
    },
    vm_states.DELETED: {'default': 'DELETED'},
    vm_states.SOFT_DELETED: {'default': 'SOFT_DELETED'},
    vm_states.SHELVED: {'default': 'SHELVED'},
    vm_states.SHELVED_OFFLOADED: {'default': 'SHELVED_OFFLOADED'},
}


# Fields every detailed server shows, read at once (views/servers.py is
# the hot path of GET /servers/detail).
_SERVER_FIELDS = ('uuid', 'display_name', 'vm_state', 'task_state',
                  'project_id', 'user_id', 'host', 'image_ref', 'created_at',
                  'updated_at', 'access_ip_v4', 'access_ip_v6',
                  'auto_disk_config', 'key_name', 'config_drive',
                  'availability_zone', 'power_state', 'launched_at',
                  'terminated_at')
_SERVER_EXTRAS = ('metadata', 'info_cache', 'flavor', 'tags', 'fault')
_EXTENDED_FIELDS = ('reservation_id', 'launch_index', 'hostname',
                    'kernel_id', 'ramdisk_id', 'root_device_name',
                    'user_data')
_FLAVOR_FIELDS = ('vcpus', 'memory_mb', 'root_gb', 'ephemeral_gb', 'swap',
                  'name')
# The statuses in which a server shows ``progress`` (the ones where work
# may be under way, which clients poll: ``openstack server resize
# --wait`` prints it).
_PROGRESS_STATUSES = frozenset(('ACTIVE', 'BUILD', 'REBUILD', 'RESIZE',
                                'VERIFY_RESIZE', 'MIGRATING'))


def status_from_state(vm_state, task_state=None):
    task_map = _STATE_MAP.get(vm_state, {'default': 'UNKNOWN'})
    status = task_map.get(task_state, task_map['default'])
    if status == 'UNKNOWN' and vm_state is not None:
        return 'UNKNOWN'
    return status


def states_from_status(status):
    """(vm_states, task_states or None) a status filter stands for; None
    task_states means "any"; ([], None) for an unknown status."""
    wanted = status.upper()
    vms, tasks, any_task = set(), set(), False
    for vm_state, task_map in _STATE_MAP.items():
        for task_state, mapped in task_map.items():
            if mapped != wanted:
                continue
            vms.add(vm_state)
            if task_state == 'default':
                any_task = True
            else:
                tasks.add(task_state)
    return sorted(vms), (None if any_task else sorted(tasks))


def isotime(value):
    """'2017-09-01T10:00:00Z' (API timestamps), as strftime would write it:
    the objects' own formatter for the usual values (a listing writes two
    per server, and strftime is about a third of the cost), strftime for
    the rest (before the year 1000, which glibc's %Y does not pad, or in
    another zone)."""
    if value is None:
        return None
    text = obj_base.datetime_text(value)
    return text if text is not None else value.strftime('%Y-%m-%dT%H:%M:%SZ')


def _usage_time(value):
    """OS-SRV-USG timestamps: naive ISO 8601 with microseconds."""
    if value is None:
        return None
    return value.replace(tzinfo=None).isoformat(timespec='microseconds')


def host_id(project_id, host):
    if not host:
        return ''
    return hashlib.sha224(
        ((project_id or '') + host).encode('utf-8')).hexdigest()


def addresses(instance):
    """{network label: [{version, addr, OS-EXT-IPS:type,
    OS-EXT-IPS-MAC:mac_addr}]} from the network info cache."""
    return _cache_addresses(instance.info_cache
                            if instance.obj_attr_is_set('info_cache')
                            else None)


def _cache_addresses(cache):
    """Through the network info model (``nova.network.model``), as the
    ips resource reads them."""
    if cache is None:
        return {}
    network_info = model.NetworkInfo.hydrate(
        obj_base.obj_get_value(cache, 'network_info'))
    return {label: [{'version': entry['version'], 'addr': entry['addr'],
                     'OS-EXT-IPS:type': entry['type'],
                     'OS-EXT-IPS-MAC:mac_addr': entry['mac_addr']}
                    for entry in entries]
            for label, entries in network_info.labeled_ips().items()}


class ViewBuilder(common.ViewBuilder):

    collection_name = 'servers'

    def basic(self, req, instance):
        return {'server': {'id': instance.uuid,
                           'name': instance.display_name,
                           'links': self.links(req, instance.uuid)}}

    def show(self, req, instance, extra=None):
        view = _RequestView(self, req, [instance], extra)
        return {'server': view.server(instance)}

    def index(self, req, instances, coll_name='servers'):
        body = {'servers': [self.basic(req, i)['server'] for i in instances]}
        return self._with_links(req, body, instances, coll_name)

    def detail(self, req, instances, extra=None):
        view = _RequestView(self, req, instances, extra)
        body = {'servers': [view.server(i) for i in instances]}
        return self._with_links(req, body, instances, 'servers/detail')

    def _with_links(self, req, body, instances, coll_name):
        links = self.collection_links(req, instances, coll_name, 'uuid')
        if links:
            body['servers_links'] = links
        return body

    def create(self, req, instance, admin_password):
        server = {'id': instance.uuid,
                  'links': self.links(req, instance.uuid),
                  'OS-DCF:diskConfig': ('AUTO' if instance.auto_disk_config
                                        else 'MANUAL'),
                  'security_groups': [{'name': n} for n in
                                      getattr(instance, '_security_groups',
                                              ['default'])]}
        if admin_password is not None:
            server['adminPass'] = admin_password
        return {'server': server}


class _RequestView(object):
    """What one request shows of each server (decided once)."""

    def __init__(self, builder, req, instances, extra=None):
        self.builder = builder
        self.req = req
        context = req.context
        version = req.api_version_request
        self.v23 = version.matches('2.3')
        self.v29 = version.matches('2.9')
        self.v216 = version.matches('2.16')
        self.v219 = version.matches('2.19')
        self.v226 = version.matches('2.26')
        self.v247 = version.matches('2.47')
        target = {'project_id': context.project_id}
        self.ext_attrs = context.can(esa_policies.BASE_POLICY_NAME,
                                     target=target, fatal=False)
        self.is_admin = context.is_admin
        self.host_status = self.v216 and context.can(
            server_policies.POLICY_ROOT % 'show:host_status',
            target=target, fatal=False)
        self.extra_specs = self.v247 and context.can(
            fes_policies.POLICY_ROOT % 'index', target=target, fatal=False)
        extra = extra or {}
        self.services = extra.get('services')
        self.host_status_of = extra.get('host_status_of')
        self.security_groups = extra.get('security_groups', {})
        self.volumes = extra.get('volumes', {})
        # Link prefixes, computed once.
        self.server_self = builder.self_link(req, '@').rsplit('@', 1)[0]
        self.server_book = builder.bookmark_link(req, '@').rsplit('@', 1)[0]
        base = self.server_book[:-len('servers/')]
        self.image_book = base + 'images/'
        self.flavor_book = base + 'flavors/'
        # hostId of each (project, host) met so far (one hash each).
        self.host_ids = {}
        # A server on a host shows its host's zone, which follows it when
        # it moves; the hosts of the page are looked up at once.
        self.default_zone = CONF.default_availability_zone
        self.zones = aggregate_obj.host_zones(context, [
            instance.host for instance in instances
            if 'host' in instance and instance.host])

    def _host_id(self, project_id, host):
        key = (project_id, host)
        value = self.host_ids.get(key)
        if value is None:
            value = self.host_ids[key] = host_id(project_id, host)
        return value

    def _flavor(self, flavor):
        if flavor is None:
            return {}
        if not self.v247:
            flavorid = flavor.flavorid
            return {'id': flavorid,
                    'links': [{'rel': 'bookmark',
                               'href': self.flavor_book + flavorid}]}
        vcpus, ram, disk, ephemeral, swap, name = obj_base.obj_get_values(
            flavor, _FLAVOR_FIELDS)
        body = {'vcpus': vcpus, 'ram': ram, 'disk': disk,
                'ephemeral': ephemeral, 'swap': swap, 'original_name': name}
        if self.extra_specs:
            body['extra_specs'] = dict(flavor.extra_specs or {})
        return body

    def _image(self, image_ref):
        if not image_ref:
            return ''
        return {'id': image_ref,
                'links': [{'rel': 'bookmark',
                           'href': self.image_book + image_ref}]}

    def _fault(self, vm_state, fault, server):
        if vm_state not in (vm_states.ERROR, vm_states.DELETED):
            return
        if fault is None:
            return
        body = {'code': fault.code, 'created': isotime(fault.created_at),
                'message': fault.message}
        if fault.details and (self.is_admin or fault.code != 500):
            body['details'] = fault.details
        server['fault'] = body

    def server(self, instance):
        (uuid, name, vm_state, task_state, project_id, user_id, host,
         image_ref, created, updated, access_ip_v4, access_ip_v6,
         auto_disk_config, key_name, config_drive, availability_zone,
         power_state, launched_at, terminated_at) = obj_base.obj_get_values(
            instance, _SERVER_FIELDS)
        # The extras that were not loaded show as empty (never loaded here).
        metadata, info_cache, flavor, tags, fault = obj_base.obj_get_values(
            instance, _SERVER_EXTRAS, default=None)
        status = status_from_state(vm_state, task_state)
        server = {
            'id': uuid,
            'name': name,
            'status': status,
            'tenant_id': project_id,
            'user_id': user_id,
            'metadata': dict(metadata) if metadata is not None else {},
            'hostId': self._host_id(project_id, host),
            'image': self._image(image_ref),
            'flavor': self._flavor(flavor),
            'created': isotime(created),
            'updated': isotime(updated or created),
            'addresses': _cache_addresses(info_cache),
            'accessIPv4': str(access_ip_v4 or ''),
            'accessIPv6': str(access_ip_v6 or ''),
            'links': [{'rel': 'self', 'href': self.server_self + uuid},
                      {'rel': 'bookmark', 'href': self.server_book + uuid}],
            'OS-DCF:diskConfig': 'AUTO' if auto_disk_config else 'MANUAL',
            'key_name': key_name,
            'config_drive': config_drive or '',
            'OS-EXT-AZ:availability_zone': (
                self.zones.get(host, self.default_zone) if host
                else availability_zone or ''),
            'OS-EXT-STS:task_state': task_state,
            'OS-EXT-STS:vm_state': vm_state,
            'OS-EXT-STS:power_state': power_state or 0,
            'OS-SRV-USG:launched_at': _usage_time(launched_at),
            'OS-SRV-USG:terminated_at': _usage_time(terminated_at),
            'security_groups': [
                {'name': group}
                for group in self.security_groups.get(uuid, ['default'])],
        }
        if status in _PROGRESS_STATUSES:
            server['progress'] = instance.progress or 0
        volumes = self.volumes.get(uuid, [])
        if self.v23:
            server['os-extended-volumes:volumes_attached'] = [
                {'id': v, 'delete_on_termination': d} for v, d in volumes]
        else:
            server['os-extended-volumes:volumes_attached'] = [
                {'id': v} for v, _d in volumes]
        if self.ext_attrs:
            self._extended_attributes(instance, server)
        if self.v29:
            server['locked'] = bool(instance.locked)
        if self.v219:
            server['description'] = instance.display_description
        if self.v226:
            server['tags'] = ([t.tag for t in tags] if tags is not None
                              else [])
        if self.host_status and self.host_status_of is not None:
            server['host_status'] = self.host_status_of(instance)
        self._fault(vm_state, fault, server)
        return server

    def _extended_attributes(self, instance, server):
        is_built = obj_base.obj_get_value(instance, 'id') is not None
        server['OS-EXT-SRV-ATTR:host'] = instance.host
        server['OS-EXT-SRV-ATTR:hypervisor_hostname'] = instance.node
        server['OS-EXT-SRV-ATTR:instance_name'] = (instance.name if is_built
                                                   else '')
        if self.v23:
            (reservation_id, launch_index, hostname, kernel_id, ramdisk_id,
             root_device_name, user_data) = obj_base.obj_get_values(
                instance, _EXTENDED_FIELDS)
            server['OS-EXT-SRV-ATTR:reservation_id'] = reservation_id
            server['OS-EXT-SRV-ATTR:launch_index'] = launch_index
            server['OS-EXT-SRV-ATTR:hostname'] = hostname
            server['OS-EXT-SRV-ATTR:kernel_id'] = kernel_id or ''
            server['OS-EXT-SRV-ATTR:ramdisk_id'] = ramdisk_id or ''
            server['OS-EXT-SRV-ATTR:root_device_name'] = root_device_name
            server['OS-EXT-SRV-ATTR:user_data'] = user_data
