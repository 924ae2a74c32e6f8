"""The actions recorded for a server: ``/servers/{id}/os-instance-actions``
(2.21+: also for deleted servers).  Events show to those allowed
``os-instance-actions:events`` (administrators), with their tracebacks;
from 2.51 to everyone else too, without the tracebacks."""

import webob.exc

from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova.i18n import _
from nova import objects
from nova.policies import instance_actions as policies

_ACTION_KEYS = ('action', 'instance_uuid', 'request_id', 'user_id',
                'project_id', 'start_time', 'message')
_EVENT_KEYS = ('event', 'start_time', 'finish_time', 'result', 'traceback')


def _instance(req, server_id):
    read_deleted = ('yes' if req.api_version_request.matches('2.21')
                    else None)
    instance = servers.get_server(req, server_id, [],
                                  read_deleted=read_deleted)
    req.context.can(policies.BASE_POLICY_NAME,
                    target={'project_id': instance.project_id})
    return instance


def _time(value):
    return value.replace(tzinfo=None).isoformat(
        timespec='microseconds') if value else None


def _view(obj, keys):
    return {key: (_time(getattr(obj, key))
                  if key in ('start_time', 'finish_time')
                  else getattr(obj, key)) for key in keys}


@wsgi.expected_errors(404)
def index(req, server_id):
    instance = _instance(req, server_id)
    if not instance.obj_attr_is_set('id'):
        return {'instanceActions': []}
    actions = objects.InstanceActionList.get_by_instance_uuid(
        instance._context, instance.uuid)
    return {'instanceActions': [_view(a, _ACTION_KEYS) for a in actions]}


@wsgi.expected_errors(404)
def show(req, server_id, request_id):
    context = req.context
    instance = _instance(req, server_id)
    action = None
    if instance.obj_attr_is_set('id'):
        action = objects.InstanceAction.get_by_request_id(
            instance._context, instance.uuid, request_id)
    if action is None:
        raise webob.exc.HTTPNotFound(explanation=_(
            "Action %s not found") % request_id)
    body = _view(action, _ACTION_KEYS)
    tracebacks = context.can(policies.POLICY_ROOT % 'events',
                             target={'project_id': instance.project_id},
                             fatal=False)
    if tracebacks or req.api_version_request.matches('2.51'):
        keys = _EVENT_KEYS if tracebacks else _EVENT_KEYS[:-1]
        events = objects.InstanceActionEventList.get_by_action(
            instance._context, action.id)
        body['events'] = [_view(e, keys) for e in events]
    return {'instanceAction': body}
