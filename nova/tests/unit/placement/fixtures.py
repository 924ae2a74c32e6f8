"""A fresh API database and the placement app built against it."""

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
