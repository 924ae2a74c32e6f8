"""/allocations/{consumer_uuid}, POST /allocations (1.13) and
/resource_providers/{uuid}/allocations.

Bodies come in two forms: a list of ``{"resource_provider": {"uuid": ..},
"resources": {..}}`` up to 1.11, and ``{provider uuid: {"resources":
{..}}}`` from 1.12.  Both become ``[(provider uuid, resources)]`` here.
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
        owner = (alloc_obj.owner_of(session, consumer)
                 if util.version(req) >= '1.12' and allocations else None)
    body = {'allocations': allocations}
    if owner is not None:
        body['project_id'], body['user_id'] = owner
    return util.json_response(body)


def _requests(allocations):
    """Either body form as ``[(provider uuid, {rc: amount})]``."""
    if isinstance(allocations, dict):
        return [(rp, entry['resources'])
                for rp, entry in allocations.items()]
    return [(a['resource_provider']['uuid'], a['resources'])
            for a in allocations]


def _write(write, *args):
    """Run an allocation write, its refusals as placement's 400/409."""
    try:
        write(*args)
    except exception.ResourceClassNotFound as e:
        raise errors.HTTPError(
            400, 'Unable to allocate inventory: No such resource class %s.'
                 % e.kwargs['name'])
    except exception.Conflict as e:
        raise errors.HTTPError(
            409, 'Unable to allocate inventory: %s' % e.format_message())


def _put_schema(version):
    if version >= '1.12':
        return schema.PUT_1_12
    if version >= '1.8':
        return schema.PUT_1_8
    return schema.PUT_1_0


@errors.expects(400, 409)
def set_allocations(req):
    consumer = _consumer(req)
    body = util.json_body(req, _put_schema(util.version(req)))
    _write(alloc_obj.replace_for_consumer, consumer,
           _requests(body['allocations']), body.get('project_id'),
           body.get('user_id'))
    return util.no_content()


@errors.expects(400, 409)
def set_allocations_for_consumers(req):
    """POST /allocations (1.13): replace the allocations of every consumer
    in the body, all in one transaction."""
    body = util.json_body(req, schema.POST_1_13)
    entries = [(consumer, _requests(entry['allocations']),
                entry['project_id'], entry['user_id'])
               for consumer, entry in sorted(body.items())]
    _write(alloc_obj.replace_for_consumers, entries)
    return util.no_content()


@errors.expects(400, 404, 409)
def delete_allocations(req):
    alloc_obj.delete_for_consumer(_consumer(req))
    return util.no_content()
