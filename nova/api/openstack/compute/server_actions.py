"""``POST /servers/{server_id}/action``: the core actions (reboot, start,
stop, resize and its confirm/revert, rebuild, createImage,
trigger_crash_dump, security groups).  Other modules (pause_server,
lock_server, shelve, ...) contribute their own ``ACTIONS`` tables; the
route joins them all.
"""

import contextlib

import webob.exc

from nova.api.openstack import common
from nova.api.openstack.compute.schemas import servers as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova.api import validation
from nova import exception
from nova.policies import security_groups as sg_policies
from nova.policies import servers as policies

ACTION_ERRORS = (400, 404, 409)
COMPUTE_API = servers.COMPUTE_API


def instance_for_action(req, server_id, rule, expected_attrs=None):
    """The server (404 if unseen), once ``rule`` allows the caller."""
    if expected_attrs is None:
        expected_attrs = ['flavor', 'metadata', 'system_metadata']
    instance = servers.get_server(req, server_id, expected_attrs)
    req.context.can(rule, target={'project_id': instance.project_id,
                                  'user_id': instance.user_id})
    return instance


def _rule(name):
    return policies.POLICY_ROOT % name


@contextlib.contextmanager
def no_host_is_bad_request():
    """A resize or cold migration no host can take is a bad request (400
    with the scheduler's reason), as upstream answers; the conductor has
    already put the server back as it was."""
    try:
        yield
    except exception.NoValidHost as e:
        raise webob.exc.HTTPBadRequest(explanation=e.format_message())


@wsgi.response(202)
@wsgi.expected_errors(ACTION_ERRORS)
@validation.schema(schema.reboot)
def reboot(req, server_id, body):
    instance = instance_for_action(req, server_id, _rule('reboot'))
    COMPUTE_API.reboot(req.context, instance,
                       body['reboot']['type'].upper())


@wsgi.response(202)
@wsgi.expected_errors(ACTION_ERRORS)
@validation.schema(schema.start)
def start(req, server_id, body):
    instance = instance_for_action(req, server_id, _rule('start'))
    COMPUTE_API.start(req.context, instance)


@wsgi.response(202)
@wsgi.expected_errors(ACTION_ERRORS)
@validation.schema(schema.stop)
def stop(req, server_id, body):
    instance = instance_for_action(req, server_id, _rule('stop'))
    COMPUTE_API.stop(req.context, instance)


@wsgi.response(202)
@wsgi.expected_errors((400, 403, 404, 409))
@validation.schema(schema.resize)
def resize(req, server_id, body):
    instance = instance_for_action(req, server_id, _rule('resize'))
    values = body['resize']
    flavor_id = str(values['flavorRef']).rstrip('/').split('/')[-1]
    disk_config = values.get('OS-DCF:diskConfig')
    with no_host_is_bad_request():
        COMPUTE_API.resize(req.context, instance, flavor_id,
                           auto_disk_config=(disk_config == 'AUTO'
                                             if disk_config else None))


@wsgi.response(204)
@wsgi.expected_errors(ACTION_ERRORS)
def confirm_resize(req, server_id, body):
    instance = instance_for_action(req, server_id, _rule('confirm_resize'))
    COMPUTE_API.confirm_resize(req.context, instance)


@wsgi.response(202)
@wsgi.expected_errors(ACTION_ERRORS)
def revert_resize(req, server_id, body):
    instance = instance_for_action(req, server_id, _rule('revert_resize'))
    COMPUTE_API.revert_resize(req.context, instance)


@wsgi.response(202)
@wsgi.expected_errors((400, 403, 404, 409))
@validation.schema(schema.rebuild, '2.0', '2.18')
@validation.schema(schema.rebuild_v219, '2.19')
def rebuild(req, server_id, body):
    context = req.context
    attrs = ['flavor', 'metadata', 'system_metadata', 'info_cache', 'fault']
    if req.api_version_request.matches('2.26'):
        attrs.append('tags')
    instance = instance_for_action(req, server_id, _rule('rebuild'), attrs)
    values = body['rebuild']
    password = values.get('adminPass') or servers.generate_password()
    disk_config = values.get('OS-DCF:diskConfig')
    instance = COMPUTE_API.rebuild(
        context, instance, values['imageRef'], password,
        name=values.get('name'), description=values.get('description'),
        metadata=values.get('metadata'),
        access_ip_v4=values.get('accessIPv4'),
        access_ip_v6=values.get('accessIPv6'),
        preserve_ephemeral=bool(values.get('preserve_ephemeral', False)),
        auto_disk_config=(disk_config == 'AUTO') if disk_config else None)
    body = servers.action_view(req, instance)
    if servers.CONF.api.enable_instance_password:
        body['server']['adminPass'] = password
    self_link = [link['href'] for link in body['server']['links']
                 if link['rel'] == 'self']
    return wsgi.ResponseObject(body, headers={'Location': self_link[0]})


@wsgi.response(202)
@wsgi.expected_errors((400, 403, 404, 409))
@validation.schema(schema.create_image)
def create_image(req, server_id, body):
    instance = instance_for_action(req, server_id, _rule('create_image'))
    values = body['createImage']
    image = COMPUTE_API.snapshot(req.context, instance, values['name'],
                                 extra_properties=values.get('metadata'))
    if req.api_version_request.matches('2.45'):
        return wsgi.ResponseObject({'image_id': image['id']})
    return wsgi.ResponseObject(
        None, headers={'Location': image_location(req, image['id'])})


def image_location(req, image_id):
    """Where a new snapshot can be read (the Location header before
    2.45): in the image service when [glance] api_servers names one,
    else through the API's own image proxy."""
    glance = servers.CONF.glance.api_servers
    if glance:
        base = glance[0] if '://' in glance[0] else 'http://' + glance[0]
        return common.url_join(base, 'images', image_id)
    return common.url_join(req.application_url, 'images', image_id)


@wsgi.api_version('2.17')
@wsgi.response(202)
@wsgi.expected_errors(ACTION_ERRORS)
@validation.schema(schema.trigger_crash_dump)
def trigger_crash_dump(req, server_id, body):
    instance = instance_for_action(req, server_id,
                                   _rule('trigger_crash_dump'))
    COMPUTE_API.trigger_crash_dump(req.context, instance)


@wsgi.response(202)
@wsgi.expected_errors(ACTION_ERRORS)
@validation.schema(schema.add_security_group)
def add_security_group(req, server_id, body):
    instance = instance_for_action(req, server_id,
                                   sg_policies.BASE_POLICY_NAME)
    COMPUTE_API.add_security_group(req.context, instance,
                                   body['addSecurityGroup']['name'])


@wsgi.response(202)
@wsgi.expected_errors(ACTION_ERRORS)
@validation.schema(schema.remove_security_group)
def remove_security_group(req, server_id, body):
    instance = instance_for_action(req, server_id,
                                   sg_policies.BASE_POLICY_NAME)
    COMPUTE_API.remove_security_group(req.context, instance,
                                      body['removeSecurityGroup']['name'])


ACTIONS = {
    'reboot': reboot,
    'os-start': start,
    'os-stop': stop,
    'resize': resize,
    'confirmResize': confirm_resize,
    'revertResize': revert_resize,
    'rebuild': rebuild,
    'createImage': create_image,
    'trigger_crash_dump': trigger_crash_dump,
    'addSecurityGroup': add_security_group,
    'removeSecurityGroup': remove_security_group,
}
