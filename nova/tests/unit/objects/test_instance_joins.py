"""The info cache and flavors read through LEFT JOINs of the instance's
own SELECT (objects.instance.select_for_listing) build the same objects
as their own queries do, servers without those rows included."""

import threading

import sqlalchemy as sa

from nova.db import engine as db_engine
from nova.db.main import models
from nova.objects import instance as instance_obj
from nova.objects import instance_info_cache
from nova.tests.unit.objects.test_instance import ctxt, db, make_flavor, make_instance, template_dbs  # noqa: F401,E501

ATTRS = ['info_cache', 'flavor', 'old_flavor', 'new_flavor', 'metadata']


def _state(inst):
    values = {}
    for name in inst.fields:
        if not inst.obj_attr_is_set(name):
            continue
        value = getattr(inst, name)
        if hasattr(value, 'obj_to_primitive'):
            value = value.obj_to_primitive()
        values[name] = value
    return values


def _read(context, uuids, joins):
    """The instances of ``uuids`` read with ``joins``, by uuid."""
    query = (instance_obj.select_for_listing(joins)
             .where(models.Instance.uuid.in_(uuids)))
    with db_engine.main_session(context) as session:
        rows = db_engine.core_rows(session, query).all()
        found = instance_obj.InstanceList._from_tuples(
            context, session, rows, ATTRS, joins)
    return {inst.uuid: _state(inst) for inst in found}


def test_joined_reads_build_what_the_separate_queries_build(ctxt):  # noqa: F811,E501
    full = make_instance(ctxt, metadata={'a': '1'})
    full.info_cache = instance_info_cache.InstanceInfoCache(
        ctxt, network_info=[{'id': 'vif1', 'address': 'aa:bb'}])
    full.old_flavor = make_flavor(ctxt, flavorid='2', vcpus=2)
    full.save()
    bare = make_instance(ctxt)
    # Servers whose info cache row or extra row is missing.
    with db_engine.main_session(ctxt) as session:
        session.execute(sa.delete(models.InstanceInfoCache).where(
            models.InstanceInfoCache.instance_uuid == bare.uuid))
    no_extra = make_instance(ctxt)
    with db_engine.main_session(ctxt) as session:
        session.execute(sa.delete(models.InstanceExtra).where(
            models.InstanceExtra.instance_uuid == no_extra.uuid))
    uuids = [full.uuid, bare.uuid, no_extra.uuid]

    apart = _read(ctxt, uuids, (False, False))
    assert 'vif1' in apart[full.uuid]['info_cache']['nova_object.data'][
        'network_info']
    assert apart[bare.uuid]['info_cache'] is None
    assert apart[no_extra.uuid]['flavor'] is None
    assert apart[full.uuid]['old_flavor']['nova_object.data']['vcpus'] == 2
    for joins in ((True, False), (False, True), (True, True)):
        assert _read(ctxt, uuids, joins) == apart


def test_get_by_uuid_joins_and_still_reads_the_rest(ctxt):  # noqa: F811
    inst = make_instance(ctxt, metadata={'k': 'v'})
    got = instance_obj.Instance.get_by_uuid(ctxt, inst.uuid,
                                            expected_attrs=ATTRS)
    assert got.metadata == {'k': 'v'}
    assert got.flavor.flavorid == inst.flavor.flavorid
    assert got.info_cache is not None
    assert got.obj_what_changed() == set()


def test_columns_worked_out_by_threads_at_once_are_each_whole(monkeypatch):
    """The first requests of a process ask for the column list from
    several threads at once; each must get the whole list once (a list
    filled in place was filled by each of them, and the joined columns
    were then looked for past the end of the rows)."""
    threads = 4
    barrier = threading.Barrier(threads, timeout=10)
    real_models = instance_obj._models

    def models_when_all_have_asked():
        barrier.wait()
        return real_models()

    instance_obj._field_columns.cache_clear()
    monkeypatch.setattr(instance_obj, '_models', models_when_all_have_asked)
    results = []
    workers = [threading.Thread(
        target=lambda: results.append(
            [name for name, _c, _col in instance_obj._field_columns()]))
        for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(10)
    assert len(results) == threads
    for names in results:
        assert len(names) == len(set(names))
        assert names == results[0]
