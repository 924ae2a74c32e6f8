"""Live migrations of one server (``/servers/{id}/migrations``):
force_complete (2.22), list and show (2.23), abort (2.24).

Force-complete and abort need the server MIGRATING (else 409) and the
migration ``running`` (else 400); they record an instance action and cast
to the source compute (RPC 5.1).  As upstream, an unknown migration is a
400 for force_complete and a 404 for abort.
"""

import webob.exc

from nova.api.openstack.compute import servers
from nova.api.openstack.compute.schemas import server_migrations as schema
from nova.api.openstack import wsgi
from nova.api import validation
from nova import exception
from nova.i18n import _
from nova import objects
from nova.policies import servers as policies

_IN_PROGRESS = ('queued', 'preparing', 'running', 'post-migrating')
_KEYS = ('id', 'status', 'source_compute', 'source_node', 'dest_compute',
         'dest_node', 'dest_host', 'memory_total_bytes',
         'memory_processed_bytes', 'memory_remaining_bytes',
         'disk_total_bytes', 'disk_processed_bytes',
         'disk_remaining_bytes', 'server_uuid', 'created_at', 'updated_at')


def _instance(req, server_id, action):
    instance = servers.get_server(req, server_id, [])
    req.context.can(policies.POLICY_ROOT % ('migrations:%s' % action),
                    target={'project_id': instance.project_id})
    return instance


def _view(migration):
    def t(value):
        return value.replace(tzinfo=None).isoformat() if value else None
    return {
        'id': migration.id, 'status': migration.status,
        'source_compute': migration.source_compute,
        'source_node': migration.source_node,
        'dest_compute': migration.dest_compute,
        'dest_node': migration.dest_node, 'dest_host': migration.dest_host,
        'memory_total_bytes': migration.memory_total,
        'memory_processed_bytes': migration.memory_processed,
        'memory_remaining_bytes': migration.memory_remaining,
        'disk_total_bytes': migration.disk_total,
        'disk_processed_bytes': migration.disk_processed,
        'disk_remaining_bytes': migration.disk_remaining,
        'server_uuid': migration.instance_uuid,
        'created_at': t(migration.created_at),
        'updated_at': t(migration.updated_at),
    }


def _live_migrations(instance):
    if not instance.obj_attr_is_set('id'):
        return []
    return [m for m in objects.MigrationList.get_by_filters(
        instance._context, {'instance_uuid': instance.uuid,
                            'migration_type': 'live-migration'})
        if m.status in _IN_PROGRESS]


def _get_migration(instance, migration_id):
    """The in-progress live migration ``migration_id`` of ``instance``;
    404s say which of the three it is not."""
    ids = {'id': migration_id, 'uuid': instance.uuid}
    try:
        migration = objects.Migration.get_by_id_and_instance(
            instance._context, _int_id(instance, migration_id),
            instance.uuid)
    except exception.MigrationNotFound:
        raise webob.exc.HTTPNotFound(explanation=_(
            "In-progress live migration %(id)s is not found for server "
            "%(uuid)s.") % ids)
    if migration.migration_type != 'live-migration':
        raise webob.exc.HTTPNotFound(explanation=_(
            "Migration %(id)s for server %(uuid)s is not "
            "live-migration.") % ids)
    if migration.status not in _IN_PROGRESS:
        raise webob.exc.HTTPNotFound(explanation=_(
            "Live migration %(id)s for server %(uuid)s is not in "
            "progress.") % ids)
    return migration


@wsgi.api_version('2.23')
@wsgi.expected_errors(404)
def index(req, server_id):
    instance = _instance(req, server_id, 'index')
    return {'migrations': [_view(m) for m in _live_migrations(instance)]}


@wsgi.api_version('2.23')
@wsgi.expected_errors(404)
def show(req, server_id, migration_id):
    instance = _instance(req, server_id, 'show')
    return {'migration': _view(_get_migration(instance, migration_id))}


@wsgi.api_version('2.22')
@wsgi.response(202)
@wsgi.expected_errors((400, 404, 409))
@validation.schema(schema.force_complete)
def force_complete(req, server_id, migration_id, body):
    instance = _instance(req, server_id, 'force_complete')
    try:
        servers.COMPUTE_API.live_migrate_force_complete(
            req.context, instance, _int_id(instance, migration_id))
    except (exception.MigrationNotFound,
            exception.InvalidMigrationState) as e:
        raise webob.exc.HTTPBadRequest(explanation=e.format_message())


@wsgi.api_version('2.24')
@wsgi.response(202)
@wsgi.expected_errors((400, 404, 409))
def delete(req, server_id, migration_id):
    instance = _instance(req, server_id, 'delete')
    try:
        servers.COMPUTE_API.live_migrate_abort(
            req.context, instance, _int_id(instance, migration_id))
    except exception.InvalidMigrationState as e:
        raise webob.exc.HTTPBadRequest(explanation=e.format_message())


def _int_id(instance, migration_id):
    """Migration ids are integers; anything else names no migration."""
    try:
        return int(migration_id)
    except ValueError:
        raise exception.MigrationNotFoundForInstance(
            migration_id=migration_id, instance_id=instance.uuid)


ACTIONS = {'force_complete': force_complete}
