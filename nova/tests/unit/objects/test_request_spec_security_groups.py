"""request_spec.security_groups_by_instance on SQLite, MariaDB and
PostgreSQL: the names each server's stored spec holds, picked out by the
database, and the same when a spec the database cannot read as JSON
sends the read back to Python."""

import uuid

import pytest
import sqlalchemy as sa

from nova import context as nova_context
from nova.db.api import models as api_models
from nova.db import engine as db
from nova.objects import flavor as flavor_obj
from nova.objects import request_spec
from nova.tests.fixtures import database as db_fixture
from nova.tests.fixtures.database import nova_databases  # noqa: F401


def _stored_spec(ctxt, groups):
    flavor = flavor_obj.Flavor(
        ctxt, flavorid='1', name='tiny', vcpus=1, memory_mb=512, root_gb=1,
        ephemeral_gb=0, swap=0, rxtx_factor=1.0, vcpu_weight=0,
        disabled=False, is_public=True, extra_specs={})
    spec = request_spec.RequestSpec.from_components(
        ctxt, str(uuid.uuid4()), flavor, image={'id': 'img'},
        security_groups=groups)
    spec.create()
    return spec.instance_uuid


def _raw_spec(text):
    instance_uuid = str(uuid.uuid4())
    with db.api_session() as session:
        session.execute(sa.insert(api_models.RequestSpec.__table__).values(
            instance_uuid=instance_uuid, spec=text))
    return instance_uuid


@pytest.mark.parametrize('nova_databases', ['sqlite', 'mysql', 'postgresql'],
                         indirect=True)
def test_names_of_each_server(nova_databases):  # noqa: F811
    ctxt = nova_context.RequestContext('u', 'p', is_admin=True)
    two = _stored_spec(ctxt, ['default', 'web'])
    one = _stored_spec(ctxt, ['default'])
    none = _stored_spec(ctxt, [])
    unknown = str(uuid.uuid4())
    statements, found = db_fixture.count_statements(
        nova_databases['api'],
        lambda: request_spec.security_groups_by_instance(
            ctxt, [two, one, none, unknown]))
    assert found == {two: ['default', 'web'], one: ['default']}
    # One statement, which picks the names out in the database.
    assert len(statements) == 1 and 'json' in statements[0].lower()
    assert request_spec.security_groups_by_instance(ctxt, []) == {}

    # A spec that is not JSON: read again in Python, that one skipped.
    broken = _raw_spec('{not json')
    found = request_spec.security_groups_by_instance(
        ctxt, [two, one, broken])
    assert found == {two: ['default', 'web'], one: ['default']}
