"""Remote consoles: the ``os-getVNCConsole``, ``os-getSPICEConsole``,
``os-getRDPConsole`` and ``os-getSerialConsole`` actions (2.1-2.5) and
``POST /servers/{id}/remote-consoles`` (2.6; ``mks`` from 2.8).

VNC and SPICE consoles come from the server's compute host (RPC call).
RDP and MKS consoles need Hyper-V and VMware, which this nova does not
drive, and their ``[rdp]``/``[mks]`` options do not exist, so they are
unavailable (400) as upstream answers with those options off; serial
consoles are unavailable (400) while ``[serial_console] enabled`` is off,
as by default, and not implemented (501) when it is on.
"""

import webob.exc

import nova.conf
from nova.api.openstack.compute.schemas import remote_consoles as schema
from nova.api.openstack.compute import server_actions
from nova.api.openstack import wsgi
from nova.api import validation
from nova import exception
from nova.i18n import _
from nova.policies import remote_consoles as policies

CONF = nova.conf.CONF
COMPUTE_API = server_actions.COMPUTE_API
_ERRORS = (400, 404, 409, 501)


def _unavailable(protocol, console_type):
    if protocol == 'serial' and CONF.serial_console.enabled:
        raise webob.exc.HTTPNotImplemented(explanation=_(
            'Serial consoles are not implemented yet.'))
    raise exception.ConsoleTypeUnavailable(console_type=console_type)


def _console_url(req, server_id, protocol, console_type):
    instance = server_actions.instance_for_action(
        req, server_id, policies.BASE_POLICY_NAME, [])
    if protocol not in ('vnc', 'spice'):
        _unavailable(protocol, console_type)
    try:
        found = COMPUTE_API.get_console(req.context, instance, protocol,
                                        console_type)
    except NotImplementedError:
        raise webob.exc.HTTPNotImplemented(explanation=_(
            'Unable to get %s console, functionality not implemented')
            % protocol)
    return found.get('access_url') or found.get('url')


def _legacy(action, protocol):
    @wsgi.api_version('2.1', '2.5')
    @wsgi.expected_errors(_ERRORS)
    def handler(req, server_id, body):
        console_type = body[action]['type']
        url = _console_url(req, server_id, protocol, console_type)
        return {'console': {'type': console_type, 'url': url}}
    handler.__name__ = 'get_%s_console' % protocol
    return handler


get_vnc_console = validation.schema(schema.get_vnc_console)(
    _legacy('os-getVNCConsole', 'vnc'))
get_spice_console = validation.schema(schema.get_spice_console)(
    _legacy('os-getSPICEConsole', 'spice'))
get_rdp_console = validation.schema(schema.get_rdp_console)(
    _legacy('os-getRDPConsole', 'rdp'))
get_serial_console = validation.schema(schema.get_serial_console)(
    _legacy('os-getSerialConsole', 'serial'))


@wsgi.api_version('2.6')
@wsgi.expected_errors(_ERRORS)
@validation.schema(schema.create_v26, '2.6', '2.7')
@validation.schema(schema.create_v28, '2.8')
def create(req, server_id, body):
    values = body['remote_console']
    url = _console_url(req, server_id, values['protocol'], values['type'])
    return {'remote_console': {'protocol': values['protocol'],
                               'type': values['type'], 'url': url}}


ACTIONS = {
    'os-getVNCConsole': get_vnc_console,
    'os-getSPICEConsole': get_spice_console,
    'os-getRDPConsole': get_rdp_console,
    'os-getSerialConsole': get_serial_console,
}
