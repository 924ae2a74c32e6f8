"""The console log of a server (``os-getConsoleOutput``)."""

import re

import webob.exc

from nova.api.openstack.compute.schemas import servers as schema
from nova.api.openstack.compute import server_actions
from nova.api.openstack import wsgi
from nova.api import validation
from nova.i18n import _
from nova.policies import console_output as policies

COMPUTE_API = server_actions.COMPUTE_API
# Drop the control characters (but tab and newline) that would garble a
# JSON consumer's terminal; keep any other text, non-ASCII included.
_UNPRINTABLE = re.compile('[\x00-\x08\x0b-\x1f]')


@wsgi.expected_errors((400, 404, 409, 501))
@validation.schema(schema.console_output)
def get_console_output(req, server_id, body):
    instance = server_actions.instance_for_action(
        req, server_id, policies.BASE_POLICY_NAME, [])
    length = (body['os-getConsoleOutput'] or {}).get('length')
    if length is not None:
        length = int(length)
        if length == -1:
            length = None
        elif length < -1:
            raise webob.exc.HTTPBadRequest(
                explanation=_('Invalid length %s') % length)
    output = COMPUTE_API.get_console_output(req.context, instance,
                                            tail_length=length)
    return {'output': _UNPRINTABLE.sub('', output or '')}


ACTIONS = {'os-getConsoleOutput': get_console_output}
