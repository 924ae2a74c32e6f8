"""The info cache and flavors read through LEFT JOINs of the instance's
own SELECT (objects.instance.select_for_listing) are the ones saved, and
what lazy loads read by queries of their own, servers without those rows
included."""

import json
import threading

import sqlalchemy as sa

from nova.db import engine as db_engine
from nova.db.main import models
from nova.objects import instance as instance_obj
from nova.objects import instance_info_cache
from nova.tests.unit.objects.test_instance import ctxt, db, make_flavor, make_instance, template_dbs  # noqa: F401,E501

ATTRS = ['info_cache', 'flavor', 'old_flavor', 'new_flavor', 'metadata']


def _read(context, uuids, attrs):
    """The instances of ``uuids`` read with ``attrs``, by uuid."""
    query = (instance_obj.select_for_listing(instance_obj.joins_for(attrs))
             .where(models.Instance.uuid.in_(uuids)))
    with db_engine.main_session(context) as session:
        rows = db_engine.core_rows(session, query).all()
        found = instance_obj.InstanceList._from_tuples(
            context, session, rows, attrs)
    return {inst.uuid: inst for inst in found}


def _primitive(obj):
    return obj.obj_to_primitive() if obj is not None else None


def test_joined_reads_give_what_was_saved(ctxt):  # noqa: F811
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
    cache = models.InstanceInfoCache
    with db_engine.main_session(ctxt) as session:
        saved_caches = dict(session.execute(
            sa.select(cache.instance_uuid, cache.network_info)).all())

    for attrs in (ATTRS, ['info_cache'], ['flavor', 'metadata']):
        read = _read(ctxt, uuids, attrs)
        assert set(read) == set(uuids)
        for uuid in uuids:
            got = read[uuid]
            assert got.obj_what_changed() == set()
            for name in ('info_cache', 'metadata') + tuple(
                    instance_obj._FLAVOR_ATTRS):
                assert got.obj_attr_is_set(name) == (name in attrs)
        if 'info_cache' in attrs:
            for uuid in (full.uuid, no_extra.uuid):
                assert (read[uuid].info_cache.network_info ==
                        json.loads(saved_caches[uuid]))
            assert read[full.uuid].info_cache.network_info[0]['id'] == 'vif1'
            assert read[bare.uuid].info_cache is None
        if 'flavor' in attrs:
            assert (_primitive(read[full.uuid].flavor) ==
                    _primitive(full.flavor))
            assert _primitive(read[bare.uuid].flavor) == _primitive(
                bare.flavor)
            assert read[no_extra.uuid].flavor is None
        if 'old_flavor' in attrs:
            assert (_primitive(read[full.uuid].old_flavor) ==
                    _primitive(full.old_flavor))
            assert read[full.uuid].new_flavor is None
            assert read[bare.uuid].old_flavor is None
            assert read[no_extra.uuid].old_flavor is None
        if 'metadata' in attrs:
            assert read[full.uuid].metadata == {'a': '1'}
            assert read[bare.uuid].metadata == {}

    # Lazy loads read the same tables by queries of their own.
    joined = _read(ctxt, uuids, ATTRS)
    plain = _read(ctxt, uuids, [])
    lazy = ('info_cache',) + tuple(instance_obj._FLAVOR_ATTRS)
    for uuid in uuids:
        assert not any(plain[uuid].obj_attr_is_set(name) for name in lazy)
        for name in lazy:
            assert (_primitive(getattr(plain[uuid], name)) ==
                    _primitive(getattr(joined[uuid], name)))


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
