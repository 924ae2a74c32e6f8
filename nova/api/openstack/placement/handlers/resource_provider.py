"""/resource_providers and /resource_providers/{uuid} (nested providers
from 1.14)."""

import uuid as uuidlib

from nova.api.openstack.placement import errors
from nova.api.openstack.placement import exception
from nova.api.openstack.placement.handlers import common
from nova.api.openstack.placement.objects import resource_provider as rp_obj
from nova.api.openstack.placement.schemas import resource_provider as schema
from nova.api.openstack.placement import util
from nova.db import engine


def _list_schema(version):
    if version >= '1.14':
        return schema.LIST_QUERY_1_14
    if version >= '1.4':
        return schema.LIST_QUERY_1_4
    if version >= '1.3':
        return schema.LIST_QUERY_1_3
    return schema.LIST_QUERY_1_0


def _member_of(value):
    uuids = value[3:].split(',') if value.startswith('in:') else [value]
    uuids = [u.strip() for u in uuids]
    for one in uuids:
        try:
            uuidlib.UUID(one)
        except ValueError:
            raise errors.HTTPError(
                400, 'Invalid uuid value in member_of: %s' % one)
    return uuids


@errors.expects(400)
def list_resource_providers(req):
    params = util.query(req, _list_schema(util.version(req)))
    with engine.api_session() as session:
        resources = None
        if 'resources' in params:
            resources = common.resource_ids(
                session, common.parse_resources(params['resources']))
        member_of = None
        if 'member_of' in params:
            member_of = _member_of(params['member_of'])
        providers = rp_obj.list_providers(
            session, name=params.get('name'), uuid=params.get('uuid'),
            member_of=member_of, resources=resources,
            in_tree=params.get('in_tree'))
    return util.json_response({'resource_providers': [
        common.provider_repr(req, p) for p in providers]})


@errors.expects(400, 409)
def create_resource_provider(req):
    nested = util.version(req) >= '1.14'
    body = util.json_body(req, schema.POST_1_14 if nested else schema.POST)
    uuid = body.get('uuid') or str(uuidlib.uuid4())
    try:
        with engine.api_session() as session:
            rp_obj.create(session, uuid, body['name'],
                          parent_uuid=body.get('parent_provider_uuid'))
    except exception.InvalidProviderTree as e:
        raise errors.HTTPError(
            400, 'Unable to create resource provider "%s", %s: %s'
                 % (body['name'], uuid, e))
    return util.created(common.provider_url(req, uuid))


@errors.expects(404)
def get_resource_provider(req):
    with engine.api_session() as session:
        provider = rp_obj.get(session, req.urlvars['uuid'])
    return util.json_response(common.provider_repr(req, provider))


@errors.expects(400, 404, 409)
def update_resource_provider(req):
    nested = util.version(req) >= '1.14'
    body = util.json_body(req, schema.PUT_1_14 if nested else schema.PUT)
    uuid = req.urlvars['uuid']
    try:
        with engine.api_session() as session:
            provider = rp_obj.update(
                session, uuid, body['name'],
                parent_uuid=body.get('parent_provider_uuid', rp_obj.UNSET))
    except exception.InvalidProviderTree as e:
        raise errors.HTTPError(
            400, 'Unable to save resource provider %s: %s' % (uuid, e))
    return util.json_response(common.provider_repr(req, provider))


@errors.expects(404, 409)
def delete_resource_provider(req):
    with engine.api_session() as session:
        rp_obj.delete(session, req.urlvars['uuid'])
    return util.no_content()
