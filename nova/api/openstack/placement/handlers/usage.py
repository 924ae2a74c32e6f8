"""/resource_providers/{uuid}/usages and /usages (1.9+)."""

from nova.api.openstack.placement import errors
from nova.api.openstack.placement import microversion
from nova.api.openstack.placement.objects import tables
from nova.api.openstack.placement.objects import usage as usage_obj
from nova.api.openstack.placement.schemas import usage as schema
from nova.api.openstack.placement import util
from nova.db import engine


@errors.expects(404)
def get_provider_usages(req):
    with engine.api_session() as session:
        provider = tables.get_provider(session, req.urlvars['uuid'])
        usages = usage_obj.for_provider(session, provider)
    return util.json_response({
        'resource_provider_generation': provider.generation,
        'usages': usages})


@microversion.since('1.9')
@errors.expects()
def get_total_usages(req):
    params = util.query(req, schema.USAGES_QUERY)
    with engine.api_session() as session:
        usages = usage_obj.for_project(session, params['project_id'],
                                       params.get('user_id'))
    return util.json_response({'usages': usages})
