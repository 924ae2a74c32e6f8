"""/traits, /traits/{name} and /resource_providers/{uuid}/traits (1.6+).
"""

from nova.api.openstack.placement import errors
from nova.api.openstack.placement import exception
from nova.api.openstack.placement import microversion
from nova.api.openstack.placement.objects import tables
from nova.api.openstack.placement.objects import trait as trait_obj
from nova.api.openstack.placement.schemas import trait as schema
from nova.api.openstack.placement import util
from nova.db import engine


def _session():
    trait_obj.ensure_synced()
    return engine.api_session()


@microversion.since('1.6')
def list_traits(req):
    params = util.query(req, schema.LIST_QUERY)
    names = prefix = associated = None
    if 'name' in params:
        kind, _sep, value = params['name'].partition(':')
        if kind == 'in':
            names = [n.strip() for n in value.split(',') if n.strip()]
            if not names:
                raise errors.HTTPError(
                    400, "Badly formatted name parameter: expected "
                         "'in:NAME1,NAME2' with at least one name.")
        else:
            prefix = value
    if 'associated' in params:
        associated = params['associated'] == 'true'
    with _session() as session:
        found = trait_obj.list_names(session, names=names, prefix=prefix,
                                     associated=associated)
    return util.json_response({'traits': found})


@microversion.since('1.6')
@errors.expects(404)
def get_trait(req):
    name = req.urlvars['name']
    with _session() as session:
        if not trait_obj.exists(session, name):
            raise exception.TraitNotFound(names=name)
    return util.no_content()


@microversion.since('1.6')
def put_trait(req):
    name = req.urlvars['name']
    if not trait_obj.CUSTOM_NAME_RE.match(name):
        raise errors.HTTPError(
            400, "The trait is invalid. A valid trait must include prefix "
                 "'CUSTOM_' and use following characters: 'A'-'Z', '0'-'9' "
                 "and '_'")
    trait_obj.ensure_synced()
    created = trait_obj.ensure(name)
    location = '%s/traits/%s' % (req.script_name, name)
    if created:
        return util.created(location)
    resp = util.no_content()
    resp.headers['Location'] = location
    return resp


@microversion.since('1.6')
@errors.expects(400, 404, 409)
def delete_trait(req):
    with _session() as session:
        trait_obj.delete(session, req.urlvars['name'])
    return util.no_content()


@microversion.since('1.6')
@errors.expects(404)
def get_provider_traits(req):
    with _session() as session:
        provider = tables.get_provider(session, req.urlvars['uuid'])
        names = trait_obj.of_provider(session, provider)
    return util.json_response({
        'traits': names,
        'resource_provider_generation': provider.generation})


@microversion.since('1.6')
@errors.expects(404, 409)
def set_provider_traits(req):
    body = util.json_body(req, schema.PUT_PROVIDER_TRAITS)
    try:
        with _session() as session:
            provider = tables.get_provider(session, req.urlvars['uuid'])
            names = trait_obj.set_for_provider(
                session, provider, body['resource_provider_generation'],
                body['traits'])
    except exception.TraitNotFound as e:
        # Naming traits that do not exist is a bad request, not a 404.
        raise errors.HTTPError(400, e.format_message())
    return util.json_response({
        'traits': names,
        'resource_provider_generation': provider.generation})


@microversion.since('1.6')
@errors.expects(404, 409)
def delete_provider_traits(req):
    with _session() as session:
        provider = tables.get_provider(session, req.urlvars['uuid'])
        trait_obj.delete_for_provider(session, provider)
    return util.no_content()
