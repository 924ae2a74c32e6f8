"""Host aggregates (os-aggregates): CRUD and the add_host, remove_host and
set_metadata actions.  Administrators only.

The metadata key ``availability_zone`` makes an aggregate an availability
zone; a host may be in several aggregates but only in one zone, so adding
a host, renaming a zone or setting it through metadata is refused when a
host would end up in two zones.  Hosts must be nova-compute services of
some cell.
"""

import webob.exc

from nova.api.openstack.compute.schemas import aggregates as schema
from nova.api.openstack.compute import services
from nova.api.openstack.compute.views import aggregates as views
from nova.api.openstack import wsgi
from nova.api import validation
from nova import exception
from nova.i18n import _
from nova.objects import aggregate as aggregate_obj
from nova.policies import aggregates as policies

AZ_KEY = aggregate_obj.AZ_KEY


def _get(context, aggregate_id):
    try:
        aggregate_id = int(aggregate_id)
    except ValueError:
        raise webob.exc.HTTPBadRequest(explanation=exception.InvalidInput(
            reason=_('id must be an integer')).format_message())
    return aggregate_obj.Aggregate.get_by_id(context, aggregate_id)


def _check_zone(context, aggregate, zone, hosts, error):
    """Refuse (``error``) a zone for ``aggregate`` that would put one of
    ``hosts`` in two zones, or an empty zone name."""
    if not zone:
        raise error(aggregate_id=aggregate.id, reason=_(
            'Aggregate %s does not support empty named availability '
            'zone') % aggregate.name)
    if not hosts:
        return
    conflicting = sorted(set(
        other.availability_zone
        for other in aggregate_obj.AggregateList.get_by_metadata_key(
            context, AZ_KEY, hosts=hosts)
        if other.id != aggregate.id and other.availability_zone != zone))
    if conflicting:
        raise error(aggregate_id=aggregate.id, reason=_(
            'One or more hosts already in availability zone(s) %s') %
            conflicting)


@wsgi.expected_errors(())
def index(req):
    context = req.context
    context.can(policies.POLICY_ROOT % 'index', target={})
    return {'aggregates': [
        views.aggregate(req, agg)['aggregate']
        for agg in aggregate_obj.AggregateList.get_all(context)]}


@wsgi.expected_errors((400, 409))
@validation.schema(schema.create_v20, '2.0', '2.0')
@validation.schema(schema.create, '2.1')
def create(req, body):
    context = req.context
    context.can(policies.POLICY_ROOT % 'create', target={})
    values = body['aggregate']
    agg = aggregate_obj.Aggregate(context, name=values['name'].strip())
    if values.get('availability_zone'):
        agg.metadata = {AZ_KEY: values['availability_zone']}
    agg.create()
    return views.aggregate(req, agg, brief=True)


@wsgi.expected_errors((400, 404))
def show(req, aggregate_id):
    context = req.context
    context.can(policies.POLICY_ROOT % 'show', target={})
    return views.aggregate(req, _get(context, aggregate_id))


@wsgi.expected_errors((400, 404, 409))
@validation.schema(schema.update_v20, '2.0', '2.0')
@validation.schema(schema.update, '2.1')
def update(req, aggregate_id, body):
    context = req.context
    context.can(policies.POLICY_ROOT % 'update', target={})
    values = body['aggregate']
    agg = _get(context, aggregate_id)
    if 'availability_zone' in values:
        zone = values['availability_zone']
        if zone is not None:
            _check_zone(context, agg, zone, agg.hosts,
                        exception.InvalidAggregateActionUpdate)
    if 'name' in values:
        agg.name = values['name'].strip()
        agg.save()
    if 'availability_zone' in values:
        zone = values['availability_zone']
        if zone is not None:
            agg.update_metadata({AZ_KEY: zone})
        elif AZ_KEY in (agg.metadata or {}):
            agg.update_metadata({AZ_KEY: None})
    return views.aggregate(req, agg)


@wsgi.expected_errors((400, 404))
def delete(req, aggregate_id):
    context = req.context
    context.can(policies.POLICY_ROOT % 'delete', target={})
    agg = _get(context, aggregate_id)
    if agg.hosts:
        raise exception.InvalidAggregateActionDelete(
            aggregate_id=agg.id, reason=_('Host aggregate is not empty'))
    agg.destroy()


# --- actions ----------------------------------------------------------------

@wsgi.expected_errors((400, 404, 409))
@validation.schema(schema.add_host)
def add_host(req, aggregate_id, body):
    context = req.context
    context.can(policies.POLICY_ROOT % 'add_host', target={})
    host = body['add_host']['host']
    agg = _get(context, aggregate_id)
    services.find_compute_service(context, host)
    if AZ_KEY in (agg.metadata or {}):
        try:
            _check_zone(context, agg, agg.metadata[AZ_KEY], [host],
                        exception.InvalidAggregateActionAdd)
        except exception.InvalidAggregateAction as e:
            raise webob.exc.HTTPConflict(explanation=e.format_message())
    agg.add_host(host)
    return views.aggregate(req, agg)


@wsgi.expected_errors((400, 404))
@validation.schema(schema.remove_host)
def remove_host(req, aggregate_id, body):
    context = req.context
    context.can(policies.POLICY_ROOT % 'remove_host', target={})
    host = body['remove_host']['host']
    agg = _get(context, aggregate_id)
    not_found = webob.exc.HTTPNotFound(explanation=_(
        'Cannot remove host %(host)s in aggregate %(id)s') %
        {'host': host, 'id': aggregate_id})
    try:
        services.find_compute_service(context, host)
        agg.delete_host(host)
    except (exception.ComputeHostNotFound,
            exception.AggregateHostNotFound):
        raise not_found
    return views.aggregate(req, agg)


@wsgi.expected_errors((400, 404))
@validation.schema(schema.set_metadata)
def set_metadata(req, aggregate_id, body):
    context = req.context
    context.can(policies.POLICY_ROOT % 'set_metadata', target={})
    metadata = body['set_metadata']['metadata']
    agg = _get(context, aggregate_id)
    if AZ_KEY in metadata:
        _check_zone(context, agg, metadata[AZ_KEY], agg.hosts,
                    exception.InvalidAggregateActionUpdateMeta)
    # Removing a key that is not there is no error.
    current = agg.metadata or {}
    updates = {key: value for key, value in metadata.items()
               if value is not None or key in current}
    if updates:
        agg.update_metadata(updates)
    return views.aggregate(req, agg)


ACTIONS = {
    'add_host': add_host,
    'remove_host': remove_host,
    'set_metadata': set_metadata,
}
