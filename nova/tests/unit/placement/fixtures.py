"""A fresh API database and the placement app built against it."""

import json

import webob

from nova.api.openstack.placement import deploy
from nova.api.openstack.placement import policy
from nova.tests.unit.api import fixtures as api_fixtures


class PlacementEnvironment(api_fixtures.APIEnvironment):
    """Like the Compute API's environment, serving placement instead."""

    def __init__(self, auth_strategy='noauth2'):
        super().__init__(auth_strategy)
        policy.reset()
        self.app = deploy.build_app()

    def close(self):
        policy.reset()
        super().close()


def call(app, method, url, body=None, version='1.10'):
    """``method url`` on the placement ``app`` in process, as the admin
    (noauth2's token), with ``body`` sent as JSON: webob's response,
    whatever its status."""
    req = webob.Request.blank(url, method=method, headers={
        'X-Auth-Token': 'admin',
        'OpenStack-API-Version': 'placement %s' % version})
    if body is not None:
        req.body = json.dumps(body).encode()
        req.content_type = 'application/json'
    return req.get_response(app)
