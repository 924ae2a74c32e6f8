"""Events from other services about servers
(``POST /os-server-external-events``, administrators).

Each event names a server; events for servers that do not exist, or
that have no host yet, come back with code 404 or 422 and are not sent.
The response is 200 when every event was sent, 207 when some were, and
404 when none could be.
"""

from nova.api.openstack.compute.schemas import server_external_events \
    as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova.api import validation
from nova import exception
from nova.policies import server_external_events as policies


@wsgi.expected_errors((403, 404))
@validation.schema(schema.create, '2.1', '2.50')
@validation.schema(schema.create_v251, '2.51')
def create(req, body):
    context = req.context
    context.can(policies.POLICY_ROOT % 'create', target={})
    result, accepted, instances = [], [], {}
    for event in body['events']:
        event = dict(event)
        event.setdefault('status', 'completed')
        uuid = event['server_uuid']
        reply = dict(event, code=200)
        try:
            instance = instances.get(uuid) or servers.COMPUTE_API.get(
                context, uuid, [])
        except exception.InstanceNotFound:
            reply['code'] = 404
            reply['status'] = 'failed'
            result.append(reply)
            continue
        if not instance.obj_attr_is_set('id') or not instance.host:
            reply['code'] = 422
            reply['status'] = 'failed'
            result.append(reply)
            continue
        instances[uuid] = instance
        accepted.append({'instance_uuid': uuid, 'name': event['name'],
                         'status': event['status'],
                         'tag': event.get('tag')})
        result.append(reply)
    if accepted:
        servers.COMPUTE_API.external_instance_event(
            context, list(instances.values()), accepted)
    else:
        raise exception.NotFound('No instances found for any event')
    code = 200 if len(accepted) == len(result) else 207
    return wsgi.ResponseObject({'events': result}, code=code)
