"""Server tags (2.26): ``/servers/{server_id}/tags[/{tag}]``.

Tags of a server still being scheduled live in its build request; the
others in the server's cell.  Changing tags needs the server in a stable
state (as upstream: ACTIVE, PAUSED, SUSPENDED, SHUTOFF, or BUILD before
scheduling)."""

import webob.exc

from nova.api.openstack.compute.schemas import server_tags as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova.api import validation
from nova.compute import vm_states
from nova import exception
from nova.i18n import _
from nova import objects
from nova.objects import tag as tag_obj
from nova.policies import server_tags as policies

_STABLE = (vm_states.ACTIVE, vm_states.PAUSED, vm_states.SUSPENDED,
           vm_states.STOPPED, vm_states.BUILDING)


def _instance(req, server_id, action, writing=None):
    """The server; ``writing`` names the change (as in upstream's 409
    message: 'update tag', 'update tags', 'delete tag', 'delete tags')."""
    instance = servers.get_server(req, server_id, ['tags'])
    req.context.can(policies.POLICY_ROOT % action,
                    target={'project_id': instance.project_id})
    if writing and (instance.vm_state not in _STABLE or (
            instance.obj_attr_is_set('id') and instance.task_state)):
        raise exception.InstanceInvalidStateForAction(
            attr='vm_state', instance_uuid=instance.uuid,
            state=instance.vm_state, method=writing)
    return instance


def _names(instance):
    return [t.tag for t in instance.tags]


def _write(req, instance, names):
    """Replace the server's tags with ``names``; returns them sorted."""
    names = sorted(set(names))
    if len(names) > tag_obj.MAX_TAG_COUNT:
        raise webob.exc.HTTPBadRequest(explanation=_(
            "The number of tags exceeded the per-server limit %d")
            % tag_obj.MAX_TAG_COUNT)
    for name in names:
        try:
            tag_obj.validate_tag(name)
        except exception.InvalidInstanceTag as e:
            raise webob.exc.HTTPBadRequest(explanation=e.format_message())
    if instance.obj_attr_is_set('id'):
        objects.TagList.create(instance._context, instance.uuid, names)
    else:
        build = objects.BuildRequest.get_by_instance_uuid(req.context,
                                                          instance.uuid)
        build.tags = objects.TagList.from_names(req.context, instance.uuid,
                                                names)
        build.instance.tags = build.tags
        _save_build_tags(build, names)
    return names


def _save_build_tags(build, names):
    import sqlalchemy as sa
    from oslo_serialization import jsonutils
    from nova.db.api import models as api_models
    from nova.db import engine as db
    BR = api_models.BuildRequest
    with db.api_session() as session:
        session.execute(sa.update(BR)
                        .where(BR.instance_uuid == build.instance_uuid)
                        .values(tags=jsonutils.dumps(names)))


@wsgi.api_version('2.26')
@wsgi.expected_errors(404)
def index(req, server_id):
    return {'tags': _names(_instance(req, server_id, 'index'))}


@wsgi.api_version('2.26')
@wsgi.response(204)
@wsgi.expected_errors(404)
def show(req, server_id, tag):
    instance = _instance(req, server_id, 'show')
    if tag not in _names(instance):
        raise exception.InstanceTagNotFound(instance_id=server_id, tag=tag)


@wsgi.api_version('2.26')
@wsgi.expected_errors((400, 404, 409))
def update(req, server_id, tag, body=None):
    instance = _instance(req, server_id, 'update', writing='update tag')
    names = _names(instance)
    if tag in names:
        return wsgi.ResponseObject(None, code=204)
    _write(req, instance, names + [tag])
    link = '%s/tags/%s' % (servers.VIEW.self_link(req, server_id), tag)
    return wsgi.ResponseObject(None, code=201, headers={'Location': link})


@wsgi.api_version('2.26')
@wsgi.expected_errors((400, 404, 409))
@validation.schema(schema.update_all)
def update_all(req, server_id, body):
    instance = _instance(req, server_id, 'update_all', writing='update tags')
    return {'tags': _write(req, instance, body['tags'])}


@wsgi.api_version('2.26')
@wsgi.response(204)
@wsgi.expected_errors((404, 409))
def delete(req, server_id, tag):
    instance = _instance(req, server_id, 'delete', writing='delete tag')
    names = _names(instance)
    if tag not in names:
        raise exception.InstanceTagNotFound(instance_id=server_id, tag=tag)
    names.remove(tag)
    _write(req, instance, names)


@wsgi.api_version('2.26')
@wsgi.response(204)
@wsgi.expected_errors((404, 409))
def delete_all(req, server_id):
    instance = _instance(req, server_id, 'delete_all', writing='delete tags')
    _write(req, instance, [])


