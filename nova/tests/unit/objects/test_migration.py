"""Migration and MigrationList on SQLite."""

import pytest

from nova import exception
from nova.objects import migration as migration_obj
from nova.tests.unit.objects.test_instance import ctxt, db, make_flavor, make_instance, template_dbs  # noqa: F401


def _mig(ctxt, inst, **kw):
    values = dict(instance_uuid=inst.uuid, source_compute='src',
                  dest_compute='dst', source_node='srcn', dest_node='dstn',
                  status='migrating', old_instance_type_id=1,
                  new_instance_type_id=2)
    values.update(kw)
    mig = migration_obj.Migration(ctxt, **values)
    mig.create()
    return mig


def test_migration_crud_and_queries(ctxt):
    inst = make_instance(ctxt)
    mig = _mig(ctxt, inst)
    assert mig.migration_type == 'resize' and mig.hidden is False
    done = _mig(ctxt, inst, status='confirmed',
                migration_type='live-migration', new_instance_type_id=1)
    got = migration_obj.Migration.get_by_id_and_instance(ctxt, mig.id,
                                                         inst.uuid)
    assert got.dest_node == 'dstn'
    with pytest.raises(exception.MigrationNotFoundForInstance):
        migration_obj.Migration.get_by_id_and_instance(ctxt, mig.id, 'x')
    got.status = 'finished'
    got.save()
    assert migration_obj.Migration.get_by_instance_and_status(
        ctxt, inst.uuid, 'finished').id == mig.id
    List = migration_obj.MigrationList
    assert [m.id for m in List.get_in_progress_by_host_and_node(
        ctxt, 'dst', 'dstn')] == [mig.id]
    assert len(List.get_in_progress_by_host_and_node(
        ctxt, 'dst', 'other')) == 0
    assert {m.id for m in List.get_by_filters(
        ctxt, {'host': 'src'})} == {mig.id, done.id}
    assert [m.id for m in List.get_by_filters(
        ctxt, {'status': ['confirmed'],
               'migration_type': 'live-migration'})] == [done.id]
    assert [m.id for m in List.get_in_progress_by_instance(
        ctxt, inst.uuid)] == [mig.id]
    inst.destroy()
    with pytest.raises(exception.MigrationNotFound):
        migration_obj.Migration.get_by_id(ctxt, mig.id)
