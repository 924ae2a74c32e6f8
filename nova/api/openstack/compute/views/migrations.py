"""Bodies of os-migrations."""

from nova.api.openstack import common

# A live migration in one of these may be shown (and aborted) through
# /servers/{id}/migrations/{id}: 2.23 links to it.
LIVE_IN_PROGRESS = ('queued', 'preparing', 'running', 'post-migrating')
TYPE_AND_LINKS_SINCE = '2.23'
_TIME_FORMAT = '%Y-%m-%dT%H:%M:%S.%f'


def _time(value):
    return value.replace(tzinfo=None).strftime(_TIME_FORMAT) \
        if value else None


class _ServerMigrationLinks(common.ViewBuilder):
    def __init__(self, instance_uuid):
        self.collection_name = 'servers/%s/migrations' % instance_uuid


def migration(req, mig):
    body = {
        'id': mig.id,
        'status': mig.status,
        'instance_uuid': mig.instance_uuid,
        'source_compute': mig.source_compute,
        'source_node': mig.source_node,
        'dest_compute': mig.dest_compute,
        'dest_node': mig.dest_node,
        'dest_host': mig.dest_host,
        'old_instance_type_id': mig.old_instance_type_id,
        'new_instance_type_id': mig.new_instance_type_id,
        'created_at': _time(mig.created_at),
        'updated_at': _time(mig.updated_at),
    }
    if req.api_version_request.matches(TYPE_AND_LINKS_SINCE):
        body['migration_type'] = mig.migration_type
        if (mig.migration_type == 'live-migration' and
                mig.status in LIVE_IN_PROGRESS):
            body['links'] = _ServerMigrationLinks(
                mig.instance_uuid).links(req, mig.id)
    return body
