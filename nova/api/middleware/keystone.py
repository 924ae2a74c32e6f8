"""``[api]auth_strategy = keystone``: keystonemiddleware's auth_token
validates the token; :class:`KeystoneContext` turns the identity headers it
sets (``X-User-Id``, ``X-Project-Id``, ``X-Roles``, ``X-Service-Catalog``
...) into ``environ['nova.context']``."""

from keystonemiddleware import auth_token
from oslo_config import cfg
from oslo_log import log as logging
from oslo_serialization import jsonutils
import webob.dec

import nova.conf
from nova.api.openstack import faults
from nova import context
from nova.i18n import _
from nova import policy

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


def _service_catalog(req):
    raw = req.headers.get('X-Service-Catalog')
    if not raw:
        return []
    try:
        catalog = jsonutils.loads(raw)
    except ValueError:
        return []
    # Keep only what nova talks to, as the catalog can be large.
    wanted = ('identity', 'image', 'network', 'placement', 'volume',
              'volumev2', 'volumev3', 'key-manager')
    return [s for s in catalog if s.get('type') in wanted]


class KeystoneContext(object):
    """Build the RequestContext from auth_token's headers."""

    def __init__(self, application):
        self.application = application

    @webob.dec.wsgify
    def __call__(self, req):
        if req.headers.get('X-Identity-Status', 'Confirmed') != 'Confirmed':
            return faults.build(401, _('Authentication required'))
        ctx = context.RequestContext.from_environ(
            req.environ,
            user_name=req.headers.get('X-User-Name'),
            project_name=req.headers.get('X-Project-Name'),
            remote_address=self._remote_address(req),
            service_catalog=_service_catalog(req))
        if ctx.user_id is None or ctx.project_id is None:
            LOG.debug('Neither X_USER_ID nor X_PROJECT_ID found in request')
            return faults.build(401, _('Authentication required'))
        ctx.is_admin = policy.check_is_admin(ctx)
        req.environ['nova.context'] = ctx
        return self.application

    @staticmethod
    def _remote_address(req):
        if CONF.api.use_forwarded_for:
            return req.headers.get('X-Forwarded-For', req.remote_addr)
        return req.remote_addr


# keystonemiddleware dropped ``auth_uri``; nova.conf files written for
# older releases (such as the install guide's) still set it.
_LEGACY_AUTH_URI = cfg.StrOpt(
    'auth_uri', deprecated_for_removal=True,
    help="Old name of www_authenticate_uri, still read for compatibility.")


def pipeline(application):
    """auth_token in front of KeystoneContext in front of ``application``.

    auth_token reads its own ``[keystone_authtoken]`` section from nova's
    configuration (the files given with --config-file, not a second search
    of its own).
    """
    for group, opts in auth_token.list_opts():
        CONF.register_opts(opts, group=group)
    try:
        CONF.register_opt(_LEGACY_AUTH_URI, group='keystone_authtoken')
    except cfg.DuplicateOptError:
        pass
    legacy = CONF.keystone_authtoken.auth_uri
    if legacy and not CONF.keystone_authtoken.www_authenticate_uri:
        CONF.set_override('www_authenticate_uri', legacy,
                          group='keystone_authtoken')
    return auth_token.AuthProtocol(KeystoneContext(application),
                                   {'oslo_config_config': CONF})
