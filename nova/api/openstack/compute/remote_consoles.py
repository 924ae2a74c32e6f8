"""Remote consoles: the ``os-getVNCConsole``/``os-getSPICEConsole``
actions (2.1-2.5) and ``POST /servers/{id}/remote-consoles`` (2.6+)."""

from nova.api.openstack.compute.schemas import servers as schema
from nova.api.openstack.compute import server_actions
from nova.api.openstack import wsgi
from nova.api import validation
from nova import exception
from nova.policies import remote_consoles as policies

COMPUTE_API = server_actions.COMPUTE_API
_ERRORS = (400, 404, 409, 501)


def _console(req, server_id, protocol, console_type):
    instance = server_actions.instance_for_action(
        req, server_id, policies.BASE_POLICY_NAME, [])
    if protocol not in ('vnc', 'spice'):
        raise exception.ConsoleTypeUnavailable(console_type=console_type)
    return COMPUTE_API.get_console(req.context, instance, protocol,
                                   console_type)


@wsgi.api_version('2.1', '2.5')
@wsgi.expected_errors(_ERRORS)
@validation.schema(schema.get_vnc_console)
def get_vnc_console(req, server_id, body):
    console_type = body['os-getVNCConsole']['type']
    found = _console(req, server_id, 'vnc', console_type)
    return {'console': {'type': console_type, 'url': found.get('access_url') or found.get('url')}}


@wsgi.api_version('2.1', '2.5')
@wsgi.expected_errors(_ERRORS)
@validation.schema(schema.get_spice_console)
def get_spice_console(req, server_id, body):
    console_type = body['os-getSPICEConsole']['type']
    found = _console(req, server_id, 'spice', console_type)
    return {'console': {'type': console_type, 'url': found.get('access_url') or found.get('url')}}


@wsgi.api_version('2.6')
@wsgi.expected_errors(_ERRORS)
@validation.schema(schema.remote_console)
def create(req, server_id, body):
    values = body['remote_console']
    found = _console(req, server_id, values['protocol'], values['type'])
    return {'remote_console': {'protocol': values['protocol'],
                               'type': values['type'],
                               'url': found.get('access_url') or found.get('url')}}


ACTIONS = {
    'os-getVNCConsole': get_vnc_console,
    'os-getSPICEConsole': get_spice_console,
}
