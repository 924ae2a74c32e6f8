"""/resource_providers/{uuid}/inventories[/{resource_class}]."""

from nova.api.openstack.placement import errors
from nova.api.openstack.placement import exception
from nova.api.openstack.placement.handlers import common
from nova.api.openstack.placement.objects import inventory as inv_obj
from nova.api.openstack.placement.objects import tables
from nova.api.openstack.placement.schemas import inventory as schema
from nova.api.openstack.placement import util
from nova.db import engine


def _unknown_class(exc):
    return errors.HTTPError(400, 'Unknown resource class in inventory: %s'
                                 % exc.kwargs['name'])


@errors.expects(404)
def get_inventories(req):
    with engine.api_session() as session:
        provider = tables.get_provider(session, req.urlvars['uuid'])
        inventories = inv_obj.get_all(session, provider)
    return util.json_response({
        'resource_provider_generation': provider.generation,
        'inventories': inventories})


@errors.expects(400, 404, 409)
def create_inventory(req):
    body = util.json_body(req, schema.POST)
    rc_name = body.pop('resource_class')
    try:
        with engine.api_session() as session:
            provider = tables.get_provider(session, req.urlvars['uuid'])
            values = inv_obj.add(session, provider, rc_name, body)
    except exception.ResourceClassNotFound as e:
        raise _unknown_class(e)
    values['resource_provider_generation'] = provider.generation
    return util.created(
        common.provider_url(req, provider.uuid, '/inventories/' + rc_name),
        values)


@errors.expects(400, 404, 409)
def set_inventories(req):
    body = util.json_body(req, schema.PUT_ALL)
    try:
        with engine.api_session() as session:
            provider = tables.get_provider(session, req.urlvars['uuid'])
            inventories = inv_obj.replace_all(
                session, provider, body['resource_provider_generation'],
                body['inventories'])
    except exception.ResourceClassNotFound as e:
        raise _unknown_class(e)
    return util.json_response({
        'resource_provider_generation': provider.generation,
        'inventories': inventories})


@errors.expects(404, 409)
def delete_inventories(req):
    with engine.api_session() as session:
        provider = tables.get_provider(session, req.urlvars['uuid'])
        inv_obj.delete_all(session, provider)
    return util.no_content()


@errors.expects(404)
def get_inventory(req):
    with engine.api_session() as session:
        provider = tables.get_provider(session, req.urlvars['uuid'])
        values = inv_obj.get_one(session, provider,
                                 req.urlvars['resource_class'])
    values['resource_provider_generation'] = provider.generation
    return util.json_response(values)


@errors.expects(400, 404, 409)
def update_inventory(req):
    body = util.json_body(req, schema.PUT_ONE)
    generation = body.pop('resource_provider_generation')
    rc_name = req.urlvars['resource_class']
    try:
        with engine.api_session() as session:
            provider = tables.get_provider(session, req.urlvars['uuid'])
            values = inv_obj.update_one(session, provider, generation,
                                        rc_name, body)
    except exception.ResourceClassNotFound as e:
        raise _unknown_class(e)
    values['resource_provider_generation'] = provider.generation
    return util.json_response(values)


@errors.expects(404, 409)
def delete_inventory(req):
    with engine.api_session() as session:
        provider = tables.get_provider(session, req.urlvars['uuid'])
        inv_obj.delete_one(session, provider, req.urlvars['resource_class'])
    return util.no_content()
