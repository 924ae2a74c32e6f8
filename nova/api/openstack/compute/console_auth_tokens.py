"""What a console token opens (``GET /os-console-auth-tokens/{token}``).

Console proxies ask this for the host, port and path of the console a
client's token names.  Tokens are stored hashed (sha256) in the
``console_auth_tokens`` table of the server's cell, with an expiry time;
a token that is unknown in every cell, or expired, is a 404.  Up to 2.30
only RDP consoles (``rdp-html5``) may be described (others are a 401);
2.31 opens it to every console type.
"""

import hashlib

import sqlalchemy as sa
import webob.exc
from oslo_utils import timeutils

from nova.api.openstack.compute import services
from nova.api.openstack import wsgi
from nova.db import engine as db
from nova.i18n import _
from nova.policies import console_auth_tokens as policies

_KEYS = ('instance_uuid', 'host', 'port', 'internal_access_path')


def token_hash(token):
    return hashlib.sha256(token.encode('utf-8')).hexdigest()


def _connect_info(context, token):
    """The unexpired token row's details, from whichever cell has it."""
    from nova.db.main import models
    Token = models.ConsoleAuthToken
    now = int(timeutils.utcnow_ts())
    query = (sa.select(Token.console_type, Token.instance_uuid, Token.host,
                       Token.port, Token.internal_access_path)
             .where(Token.token_hash == token_hash(token))
             .where(Token.expires > now))
    for cctxt in services.each_cell(context):
        with db.main_session(cctxt) as session:
            row = session.execute(query).first()
        if row is not None:
            return dict(row._mapping)
    return None


def _show(req, console_token, rdp_only):
    context = req.context
    context.can(policies.BASE_POLICY_NAME)
    if not console_token:
        raise webob.exc.HTTPBadRequest(explanation=_('token not provided'))
    info = _connect_info(context, console_token)
    if info is None:
        raise webob.exc.HTTPNotFound(explanation=_('Token not found'))
    if rdp_only and info['console_type'] != 'rdp-html5':
        raise webob.exc.HTTPUnauthorized(explanation=_(
            'The requested console type details are not accessible'))
    return {'console': {key: info[key] for key in _KEYS}}


@wsgi.api_version('2.1', '2.30')
@wsgi.expected_errors((400, 401, 404))
def show(req, console_token):
    return _show(req, console_token, rdp_only=True)


@wsgi.api_version('2.31')
@wsgi.expected_errors((400, 404))
def show_v231(req, console_token):
    return _show(req, console_token, rdp_only=False)
