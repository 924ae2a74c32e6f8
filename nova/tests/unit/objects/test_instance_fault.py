"""InstanceFault and the info cache on SQLite."""

import pytest

from nova import exception
from nova.objects import instance_fault
from nova.objects import instance_info_cache
from nova.tests.unit.objects.test_instance import ctxt, db, make_flavor, make_instance, template_dbs  # noqa: F401


def test_latest_fault_per_instance(ctxt):
    a = make_instance(ctxt)
    b = make_instance(ctxt)
    assert instance_fault.InstanceFault.get_latest_for_instance(
        ctxt, a.uuid) is None
    for inst, msg in ((a, 'a1'), (b, 'b1'), (a, 'a2')):
        instance_fault.InstanceFault(ctxt, instance_uuid=inst.uuid,
                                     code=500, message=msg).create()
    latest = instance_fault.InstanceFaultList.get_latest_for_instances(
        ctxt, [a.uuid, b.uuid])
    assert {f.instance_uuid: f.message for f in latest} == {
        a.uuid: 'a2', b.uuid: 'b1'}
    every = instance_fault.InstanceFaultList.get_by_instance_uuids(
        ctxt, [a.uuid])
    assert [f.message for f in every] == ['a2', 'a1']
    try:
        raise exception.InstanceNotFound(instance_id='x')
    except exception.InstanceNotFound as e:
        fault = instance_fault.InstanceFault.from_exception(ctxt, a.uuid, e,
                                                            host='h')
    fault.create()
    got = instance_fault.InstanceFault.get_latest_for_instance(ctxt, a.uuid)
    assert got.code == 404 and 'Traceback' in got.details
    assert got.message == 'Instance x could not be found.'


def test_info_cache(ctxt):
    inst = make_instance(ctxt)
    cache = instance_info_cache.InstanceInfoCache.get_by_instance_uuid(
        ctxt, inst.uuid)
    assert cache.network_info == []
    cache.network_info = [{'id': 'p1', 'network': {'label': 'private'}}]
    cache.save()
    again = instance_info_cache.InstanceInfoCache.get_by_instance_uuid(
        ctxt, inst.uuid)
    assert again.network_info[0]['network']['label'] == 'private'
    prim = again.obj_to_primitive()
    back = instance_info_cache.InstanceInfoCache.obj_from_primitive(prim)
    assert back.network_info == again.network_info
    again.delete()
    with pytest.raises(exception.InstanceInfoCacheNotFound):
        instance_info_cache.InstanceInfoCache.get_by_instance_uuid(
            ctxt, inst.uuid)
