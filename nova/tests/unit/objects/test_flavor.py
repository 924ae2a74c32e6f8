"""Flavor reads on every backend: a single flavor comes back with all its
extra specs from one statement, and a private flavor only to the projects
given access (and to admins)."""

import pytest

from nova import context as nova_context
from nova.db import engine as db_engine
from nova import exception
from nova.objects import flavor as flavor_obj
from nova.tests.fixtures import database as db_fixtures
from nova.tests.fixtures.database import nova_databases  # noqa: F401

SPECS = {'hw:cpu_policy': 'dedicated', 'hw:mem_page_size': 'large',
         'aggregate_instance_extra_specs:ssd': 'true'}


@pytest.mark.parametrize('nova_databases', ['sqlite', 'mysql', 'postgresql'],
                         indirect=True)
def test_one_flavor_with_every_extra_spec(nova_databases):  # noqa: F811
    admin = nova_context.RequestContext('admin', 'admin', is_admin=True)
    member = nova_context.RequestContext('u', 'p1')
    stranger = nova_context.RequestContext('v', 'p2')
    def read_all():
        for ctxt in (admin, member):
            got = flavor_obj.Flavor.get_by_flavor_id(ctxt, 'big')
            assert got.extra_specs == SPECS
            assert flavor_obj.Flavor.get_by_id(
                ctxt, got.id).extra_specs == SPECS
            assert flavor_obj.Flavor.get_by_name(
                ctxt, 'big').extra_specs == SPECS

    try:
        flavor_obj.Flavor(admin, name='big', memory_mb=2048, vcpus=4,
                          root_gb=20, flavorid='big', extra_specs=SPECS,
                          is_public=False).create()
        flavor_obj.Flavor(admin, name='bare', memory_mb=64, vcpus=1,
                          root_gb=1, flavorid='bare').create()
        flavor_obj.Flavor.get_by_flavor_id(admin, 'big').add_access('p1')
        sent, _ = db_fixtures.count_statements(db_engine.api_url(),
                                               read_all)
        assert len(sent) == 6
        assert flavor_obj.Flavor.get_by_flavor_id(
            stranger, 'bare').extra_specs == {}
        with pytest.raises(exception.FlavorNotFound):
            flavor_obj.Flavor.get_by_flavor_id(stranger, 'big')
    finally:
        db_engine.dispose_all()
