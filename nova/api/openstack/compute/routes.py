"""The Compute API route table: every URL, method and handler in one place.

Paths are relative to the version prefix (``/v2.1`` or ``/v2``); each is
also reachable behind ``/{project_id}``.  A method maps to a handler, a
list of handlers with disjoint ``@wsgi.api_version`` ranges, or
``wsgi.Actions`` for ``POST .../action`` bodies.
"""

from nova.api.openstack.compute import admin_actions
from nova.api.openstack.compute import admin_password
from nova.api.openstack.compute import aggregates
from nova.api.openstack.compute import attach_interfaces
from nova.api.openstack.compute import availability_zone
from nova.api.openstack.compute import console_auth_tokens
from nova.api.openstack.compute import console_output
from nova.api.openstack.compute import create_backup
from nova.api.openstack.compute import deferred_delete
from nova.api.openstack.compute import evacuate
from nova.api.openstack.compute import flavor_access
from nova.api.openstack.compute import flavors
from nova.api.openstack.compute import flavors_extraspecs
from nova.api.openstack.compute import hypervisors
from nova.api.openstack.compute import image_metadata
from nova.api.openstack.compute import images
from nova.api.openstack.compute import instance_actions
from nova.api.openstack.compute import instance_usage_audit_log
from nova.api.openstack.compute import ips
from nova.api.openstack.compute import keypairs
from nova.api.openstack.compute import limits
from nova.api.openstack.compute import lock_server
from nova.api.openstack.compute import migrate_server
from nova.api.openstack.compute import migrations
from nova.api.openstack.compute import pause_server
from nova.api.openstack.compute import quota_classes
from nova.api.openstack.compute import quota_sets
from nova.api.openstack.compute import remote_consoles
from nova.api.openstack.compute import rescue
from nova.api.openstack.compute import server_actions
from nova.api.openstack.compute import server_diagnostics
from nova.api.openstack.compute import server_external_events
from nova.api.openstack.compute import server_groups
from nova.api.openstack.compute import server_metadata
from nova.api.openstack.compute import server_migrations
from nova.api.openstack.compute import server_password
from nova.api.openstack.compute import server_tags
from nova.api.openstack.compute import servers
from nova.api.openstack.compute import services
from nova.api.openstack.compute import shelve
from nova.api.openstack.compute import simple_tenant_usage
from nova.api.openstack.compute import suspend_server
from nova.api.openstack import wsgi

ROUTE_LIST = (
    ('/flavors', {
        'GET': flavors.index,
        'POST': flavors.create,
    }),
    ('/flavors/detail', {
        'GET': flavors.detail,
    }),
    ('/flavors/{flavor_id}', {
        'GET': flavors.show,
        'DELETE': flavors.delete,
    }),
    ('/flavors/{flavor_id}/action', {
        'POST': wsgi.Actions(flavor_access.ACTIONS),
    }),
    ('/flavors/{flavor_id}/os-extra_specs', {
        'GET': flavors_extraspecs.index,
        'POST': flavors_extraspecs.create,
    }),
    ('/flavors/{flavor_id}/os-extra_specs/{key}', {
        'GET': flavors_extraspecs.show,
        'PUT': flavors_extraspecs.update,
        'DELETE': flavors_extraspecs.delete,
    }),
    ('/flavors/{flavor_id}/os-flavor-access', {
        'GET': flavor_access.index,
    }),
    ('/os-aggregates', {
        'GET': aggregates.index,
        'POST': aggregates.create,
    }),
    ('/os-aggregates/{aggregate_id}', {
        'GET': aggregates.show,
        'PUT': aggregates.update,
        'DELETE': aggregates.delete,
    }),
    ('/os-aggregates/{aggregate_id}/action', {
        'POST': wsgi.Actions(aggregates.ACTIONS),
    }),
    ('/os-availability-zone', {
        'GET': availability_zone.index,
    }),
    ('/os-availability-zone/detail', {
        'GET': availability_zone.detail,
    }),
    ('/images', {
        'GET': images.index,
    }),
    ('/images/detail', {
        'GET': images.detail,
    }),
    ('/images/{image_id}', {
        'GET': images.show,
        'DELETE': images.delete,
    }),
    ('/images/{image_id}/metadata', {
        'GET': image_metadata.index,
        'POST': image_metadata.create,
        'PUT': image_metadata.update_all,
    }),
    ('/images/{image_id}/metadata/{key}', {
        'GET': image_metadata.show,
        'PUT': image_metadata.update,
        'DELETE': image_metadata.delete,
    }),
    ('/limits', {
        'GET': limits.index,
    }),
    ('/os-console-auth-tokens/{console_token}', {
        'GET': [console_auth_tokens.show, console_auth_tokens.show_v231],
    }),
    ('/os-hypervisors', {
        'GET': hypervisors.index,
    }),
    ('/os-hypervisors/detail', {
        'GET': hypervisors.detail,
    }),
    ('/os-hypervisors/statistics', {
        'GET': hypervisors.statistics,
    }),
    ('/os-hypervisors/{hypervisor_id}', {
        'GET': hypervisors.show,
    }),
    ('/os-hypervisors/{hypervisor_id}/uptime', {
        'GET': hypervisors.uptime,
    }),
    ('/os-hypervisors/{pattern}/search', {
        'GET': hypervisors.search,
    }),
    ('/os-hypervisors/{pattern}/servers', {
        'GET': hypervisors.servers,
    }),
    ('/os-keypairs', {
        'GET': keypairs.index,
        'POST': keypairs.create,
    }),
    ('/os-keypairs/{keypair_name}', {
        'GET': keypairs.show,
        'DELETE': keypairs.delete,
    }),
    ('/os-migrations', {
        'GET': migrations.index,
    }),
    ('/os-quota-class-sets/{class_id}', {
        'GET': quota_classes.show,
        'PUT': quota_classes.update,
    }),
    ('/os-quota-sets/{tenant_id}', {
        'GET': quota_sets.show,
        'PUT': quota_sets.update,
        'DELETE': quota_sets.delete,
    }),
    ('/os-quota-sets/{tenant_id}/defaults', {
        'GET': quota_sets.defaults,
    }),
    ('/os-quota-sets/{tenant_id}/detail', {
        'GET': quota_sets.detail,
    }),
    ('/os-server-groups', {
        'GET': server_groups.index,
        'POST': server_groups.create,
    }),
    ('/os-server-groups/{server_group_id}', {
        'GET': server_groups.show,
        'DELETE': server_groups.delete,
    }),
    ('/os-services', {
        'GET': services.index,
    }),
    ('/os-services/{service_id}', {
        'PUT': [services.update, services.update_v253],
        'DELETE': services.delete,
    }),
    ('/os-server-external-events', {
        'POST': server_external_events.create,
    }),
    ('/os-simple-tenant-usage', {
        'GET': simple_tenant_usage.index,
    }),
    ('/os-simple-tenant-usage/{tenant_id}', {
        'GET': simple_tenant_usage.show,
    }),
    ('/servers', {
        'GET': servers.index,
        'POST': servers.create,
    }),
    ('/servers/detail', {
        'GET': servers.detail,
    }),
    ('/servers/{server_id}', {
        'GET': servers.show,
        'PUT': servers.update,
        'DELETE': servers.delete,
    }),
    ('/servers/{server_id}/action', {
        'POST': wsgi.Actions(
            server_actions.ACTIONS, admin_actions.ACTIONS,
            admin_password.ACTIONS, console_output.ACTIONS,
            create_backup.ACTIONS, deferred_delete.ACTIONS,
            evacuate.ACTIONS, lock_server.ACTIONS, migrate_server.ACTIONS,
            pause_server.ACTIONS, remote_consoles.ACTIONS, rescue.ACTIONS,
            shelve.ACTIONS, suspend_server.ACTIONS),
    }),
    ('/servers/{server_id}/diagnostics', {
        'GET': [server_diagnostics.index, server_diagnostics.index_v248],
    }),
    ('/servers/{server_id}/ips', {
        'GET': ips.index,
    }),
    ('/servers/{server_id}/ips/{network_label}', {
        'GET': ips.show,
    }),
    ('/servers/{server_id}/metadata', {
        'GET': server_metadata.index,
        'POST': server_metadata.create,
        'PUT': server_metadata.update_all,
    }),
    ('/servers/{server_id}/metadata/{key}', {
        'GET': server_metadata.show,
        'PUT': server_metadata.update,
        'DELETE': server_metadata.delete,
    }),
    ('/servers/{server_id}/migrations', {
        'GET': server_migrations.index,
    }),
    ('/servers/{server_id}/migrations/{migration_id}', {
        'GET': server_migrations.show,
        'DELETE': server_migrations.delete,
    }),
    ('/servers/{server_id}/migrations/{migration_id}/action', {
        'POST': wsgi.Actions(server_migrations.ACTIONS),
    }),
    ('/servers/{server_id}/os-instance-actions', {
        'GET': instance_actions.index,
    }),
    ('/servers/{server_id}/os-instance-actions/{request_id}', {
        'GET': instance_actions.show,
    }),
    ('/servers/{server_id}/remote-consoles', {
        'POST': remote_consoles.create,
    }),
    ('/servers/{server_id}/tags', {
        'GET': server_tags.index,
        'PUT': server_tags.update_all,
        'DELETE': server_tags.delete_all,
    }),
    ('/servers/{server_id}/tags/{tag}', {
        'GET': server_tags.show,
        'PUT': server_tags.update,
        'DELETE': server_tags.delete,
    }),
    ('/servers/{server_id}/os-interface', {
        'GET': attach_interfaces.index,
        'POST': attach_interfaces.create,
    }),
    ('/servers/{server_id}/os-interface/{port_id}', {
        'GET': attach_interfaces.show,
        'DELETE': attach_interfaces.delete,
    }),
    ('/servers/{server_id}/os-server-password', {
        'GET': server_password.index,
        'DELETE': server_password.clear,
    }),
    ('/os-instance_usage_audit_log', {
        'GET': instance_usage_audit_log.index,
    }),
    ('/os-instance_usage_audit_log/{before_timestamp}', {
        'GET': instance_usage_audit_log.show,
    }),
)


def router(legacy_v2=False):
    """The WSGI app serving ROUTE_LIST (for /v2.1, or /v2 when legacy)."""
    return wsgi.APIRouter(ROUTE_LIST, legacy_v2=legacy_v2)
