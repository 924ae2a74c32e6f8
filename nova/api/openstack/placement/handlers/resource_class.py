"""/resource_classes and /resource_classes/{name} (1.2+)."""

from nova.api.openstack.placement import errors
from nova.api.openstack.placement import exception
from nova.api.openstack.placement import microversion
from nova.api.openstack.placement.objects import resource_class as rc_obj
from nova.api.openstack.placement.schemas import resource_class as schema
from nova.api.openstack.placement import util
from nova.db import engine


def _url(req, name):
    return '%s/resource_classes/%s' % (req.script_name, name)


def _repr(req, name):
    return {'name': name, 'links': [util.link('self', _url(req, name))]}


@microversion.since('1.2')
def list_resource_classes(req):
    with engine.api_session() as session:
        names = rc_obj.list_names(session)
    return util.json_response({'resource_classes': [
        _repr(req, name) for name in names]})


@microversion.since('1.2')
@errors.expects(409)
def create_resource_class(req):
    body = util.json_body(req, schema.POST)
    rc_obj.create(body['name'])
    return util.created(_url(req, body['name']))


@microversion.since('1.2')
@errors.expects(404)
def get_resource_class(req):
    name = req.urlvars['name']
    with engine.api_session() as session:
        if not rc_obj.exists(session, name):
            raise exception.ResourceClassNotFound(name=name)
    return util.json_response(_repr(req, name))


@errors.expects(400, 404, 409)
def rename_resource_class(req):
    """1.2-1.6: PUT renames a custom class."""
    body = util.json_body(req, schema.PUT_RENAME)
    with engine.api_session() as session:
        rc_obj.rename(session, req.urlvars['name'], body['name'])
    return util.json_response(_repr(req, body['name']))


def ensure_resource_class(req):
    """1.7+: PUT creates the custom class, or confirms it exists."""
    name = req.urlvars['name']
    if not rc_obj.CUSTOM_NAME_RE.match(name):
        raise errors.HTTPError(
            400, 'Invalid resource class name %s: a custom resource class '
                 "must start with 'CUSTOM_' and use only A-Z, 0-9 and _."
                 % name)
    if rc_obj.ensure(name):
        return util.created(_url(req, name))
    return util.no_content()


@microversion.since('1.2')
@errors.expects(400, 404, 409)
def delete_resource_class(req):
    with engine.api_session() as session:
        rc_obj.delete(session, req.urlvars['name'])
    return util.no_content()
