"""Live migrations of one server (``/servers/{id}/migrations``):
force_complete (2.22), list and show (2.23), abort (2.24).

The RPC contract has no force-complete or abort calls yet, so those two
check the request fully (server, migration, states) and then answer 501.
"""

import webob.exc

from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova import exception
from nova.i18n import _
from nova import objects
from nova.policies import servers as policies

_IN_PROGRESS = ('queued', 'preparing', 'running')
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
    for migration in _live_migrations(instance):
        if str(migration.id) == str(migration_id):
            return migration
    raise exception.MigrationNotFoundForInstance(
        migration_id=migration_id, instance_id=instance.uuid)


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
@wsgi.expected_errors((400, 404, 409, 501))
def force_complete(req, server_id, migration_id, body):
    instance = _instance(req, server_id, 'force_complete')
    migration = _get_migration(instance, migration_id)
    if migration.status != 'running':
        raise webob.exc.HTTPBadRequest(explanation=_(
            "Migration %(id)s state of instance %(uuid)s is %(state)s. "
            "Cannot force_complete while the migration is in this "
            "state.") % {'id': migration_id, 'uuid': instance.uuid,
                         'state': migration.status})
    raise exception.NotImplementedYet(what='Forcing a live migration to '
                                      'complete')


@wsgi.api_version('2.24')
@wsgi.response(202)
@wsgi.expected_errors((400, 404, 409, 501))
def delete(req, server_id, migration_id):
    instance = _instance(req, server_id, 'delete')
    _get_migration(instance, migration_id)
    raise exception.NotImplementedYet(what='Aborting a live migration')


ACTIONS = {'force_complete': force_complete}
