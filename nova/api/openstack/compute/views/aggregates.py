"""Aggregate bodies of os-aggregates."""

from nova.api.openstack.compute.views import services as service_views


def aggregate(req, agg, brief=False):
    """The aggregate as upstream has always shown it (the soft-delete
    fields included); ``brief`` (create) leaves out hosts and metadata;
    ``uuid`` appears from 2.41."""
    body = {
        'id': agg.id,
        'name': agg.name,
        'availability_zone': agg.availability_zone,
        'created_at': service_views.isotime(agg.created_at),
        'updated_at': service_views.isotime(agg.updated_at),
        'deleted_at': service_views.isotime(agg.deleted_at),
        'deleted': agg.deleted,
    }
    if not brief:
        body['hosts'] = list(agg.hosts or [])
        body['metadata'] = dict(agg.metadata or {})
    if req.api_version_request.matches('2.41'):
        body['uuid'] = agg.uuid
    return {'aggregate': body}
