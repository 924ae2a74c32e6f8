"""nova.db.engine.insert_row on SQLite, MariaDB and PostgreSQL: the row it
returns holds what the database holds, and a taken unique key surfaces
as DBDuplicateEntry with nothing of the transaction written."""

import datetime

import pytest
import sqlalchemy as sa

from nova.db import engine as db_engine
from nova.db.main import models
from nova import exception
from nova.tests.fixtures import database as db_fixture

UUID = '3a6f8a52-6f9b-4a43-8a36-1f1b3e2a8b10'


@pytest.fixture(params=['sqlite', 'mysql', 'postgresql'])
def main_url(request, tmp_path):
    with db_fixture.synced_databases(request.param, tmp_path,
                                     names=('main',)) as urls:
        yield urls['main']


def _columns(model, row, whole_seconds):
    """The row's column values; MariaDB's DATETIME columns keep whole
    seconds, so the values written are compared to the second there."""
    values = {}
    for column in model.__table__.columns:
        value = getattr(row, column.key)
        if whole_seconds and isinstance(value, datetime.datetime):
            value = value.replace(microsecond=0)
        values[column.key] = value
    return values


def test_the_returned_row_is_the_stored_row(main_url):
    with db_engine.session_for(main_url) as session:
        instance = db_engine.insert_row(session, models.Instance, {
            'uuid': UUID, 'project_id': 'p', 'vcpus': 2, 'deleted': 0,
            'cleaned': 0})
        cache = db_engine.insert_row(session, models.InstanceInfoCache, {
            'instance_uuid': UUID, 'network_info': '[]', 'deleted': 0})
    assert instance.id and cache.id
    # Python-side defaults are in the row: created_at was not given.
    assert cache.created_at is not None
    assert instance.display_name is None and cache.updated_at is None
    with db_engine.session_for(main_url) as session:
        for model, row in ((models.Instance, instance),
                           (models.InstanceInfoCache, cache)):
            stored = session.execute(
                sa.select(model).where(model.id == row.id)).scalar_one()
            whole = main_url.startswith('mysql')
            assert (_columns(model, row, whole) ==
                    _columns(model, stored, whole))


def test_a_taken_uuid_is_a_duplicate_and_nothing_is_written(main_url):
    with db_engine.session_for(main_url) as session:
        db_engine.insert_row(session, models.Instance,
                             {'uuid': UUID, 'deleted': 0})
    with pytest.raises(exception.DBDuplicateEntry):
        with db_engine.session_for(main_url) as session:
            db_engine.insert_row(session, models.InstanceExtra,
                                 {'instance_uuid': UUID, 'deleted': 0})
            db_engine.insert_row(session, models.Instance,
                                 {'uuid': UUID, 'deleted': 0})
    with db_engine.session_for(main_url) as session:
        assert session.execute(sa.select(sa.func.count()).select_from(
            models.InstanceExtra)).scalar() == 0
