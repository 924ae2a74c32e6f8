"""Placement's declarative HTTP tests: every YAML file in ``http/``, run
by the Compute API's runner (see nova/tests/unit/api/test_http.py for the
keys of an entry)."""

import os

from nova.tests.unit.api import test_http
from nova.tests.unit.placement import fixtures

_SUITE = test_http.HTTPSuite(
    os.path.join(os.path.dirname(__file__), 'http'),
    fixtures.PlacementEnvironment)

test_placement_http = _SUITE.make_test()
_close_placement_envs = _SUITE.close_fixture()
