"""/allocations/{consumer_uuid} and /resource_providers/{uuid}/allocations.
"""

import uuid as uuidlib

from nova.api.openstack.placement import errors
from nova.api.openstack.placement import exception
from nova.api.openstack.placement.objects import allocation as alloc_obj
from nova.api.openstack.placement.objects import tables
from nova.api.openstack.placement.schemas import allocation as schema
from nova.api.openstack.placement import util
from nova.db import engine


def _consumer(req):
    consumer = req.urlvars['consumer_uuid']
    try:
        uuidlib.UUID(consumer)
    except ValueError:
        raise errors.HTTPError(
            400, 'Malformed consumer_uuid: %s' % consumer)
    return consumer


@errors.expects(404)
def get_provider_allocations(req):
    with engine.api_session() as session:
        provider = tables.get_provider(session, req.urlvars['uuid'])
        allocations = alloc_obj.get_for_provider(session, provider)
    return util.json_response({
        'resource_provider_generation': provider.generation,
        'allocations': allocations})


@errors.expects(400)
def get_allocations(req):
    consumer = _consumer(req)
    with engine.api_session() as session:
        allocations = alloc_obj.get_for_consumer(session, consumer)
    return util.json_response({'allocations': allocations})


@errors.expects(400, 409)
def set_allocations(req):
    consumer = _consumer(req)
    body_schema = (schema.PUT_1_8 if util.version(req) >= '1.8'
                   else schema.PUT_1_0)
    body = util.json_body(req, body_schema)
    requests = [(a['resource_provider']['uuid'], a['resources'])
                for a in body['allocations']]
    try:
        alloc_obj.replace_for_consumer(consumer, requests,
                                       body.get('project_id'),
                                       body.get('user_id'))
    except exception.ResourceClassNotFound as e:
        raise errors.HTTPError(
            400, 'Unable to allocate inventory: No such resource class %s.'
                 % e.kwargs['name'])
    except exception.Conflict as e:
        raise errors.HTTPError(
            409, 'Unable to allocate inventory: %s' % e.format_message())
    return util.no_content()


@errors.expects(400, 404, 409)
def delete_allocations(req):
    alloc_obj.delete_for_consumer(_consumer(req))
    return util.no_content()
