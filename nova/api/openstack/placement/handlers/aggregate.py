"""/resource_providers/{uuid}/aggregates (1.1+)."""

from nova.api.openstack.placement import errors
from nova.api.openstack.placement import microversion
from nova.api.openstack.placement.objects import aggregate as agg_obj
from nova.api.openstack.placement.objects import tables
from nova.api.openstack.placement.schemas import aggregate as schema
from nova.api.openstack.placement import util
from nova.db import engine


@microversion.since('1.1')
@errors.expects(404)
def get_aggregates(req):
    with engine.api_session() as session:
        provider = tables.get_provider(session, req.urlvars['uuid'])
        uuids = agg_obj.of_provider(session, provider)
    return util.json_response({'aggregates': uuids})


@microversion.since('1.1')
@errors.expects(404, 409)
def set_aggregates(req):
    body = util.json_body(req, schema.PUT)
    with engine.api_session() as session:
        provider = tables.get_provider(session, req.urlvars['uuid'])
        uuids = agg_obj.set_for_provider(session, provider, body)
    return util.json_response({'aggregates': uuids})
