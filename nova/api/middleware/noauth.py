"""``[api]auth_strategy = noauth2``: trust the token, for tests and
development only.

``X-Auth-Token: user:project`` (or just ``user``, meaning the project of
the same name); ``X-Auth-Project-Id`` overrides the project.  The user
``admin`` is an administrator.  No token at all is a 401.
"""

import webob.dec

from nova.api.openstack import faults
from nova import context
from nova.i18n import _


class NoAuthMiddleware(object):

    def __init__(self, application):
        self.application = application

    @webob.dec.wsgify
    def __call__(self, req):
        token = req.headers.get('X-Auth-Token')
        if not token:
            return faults.build(401, _('Authentication required'))
        user_id, _sep, project_id = token.partition(':')
        project_id = req.headers.get('X-Auth-Project-Id',
                                     project_id or user_id)
        is_admin = user_id == 'admin'
        remote_address = req.remote_addr
        req.environ['nova.context'] = context.RequestContext(
            user_id=user_id, project_id=project_id, is_admin=is_admin,
            roles=['admin', 'member', 'reader'] if is_admin
            else ['member', 'reader'],
            remote_address=remote_address,
            request_id=req.environ.get('openstack.request_id'))
        return self.application
