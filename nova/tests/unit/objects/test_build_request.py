"""BuildRequest and BuildRequestList on the SQLite API database."""

import uuid

import pytest

from nova import exception
from nova.objects import build_request
from nova.objects import instance as instance_obj
from nova.objects import tag as tag_obj
from nova.tests.unit.objects.test_instance import ctxt, db, make_flavor, make_instance, template_dbs  # noqa: F401


def _br(ctxt, name, tags=(), **kw):
    values = dict(uuid=str(uuid.uuid4()), project_id=ctxt.project_id,
                  user_id=ctxt.user_id, display_name=name,
                  vm_state='building', task_state='scheduling', vcpus=2,
                  memory_mb=256, flavor=make_flavor(ctxt), locked=False)
    values.update(kw)
    inst = instance_obj.Instance(ctxt, **values)
    req = build_request.BuildRequest(
        ctxt, instance=inst,
        tags=tag_obj.TagList.from_names(ctxt, inst.uuid, list(tags)))
    req.create()
    return req


def test_build_request_crud(ctxt):
    req = _br(ctxt, 'web', tags=['t'])
    with pytest.raises(exception.BuildRequestAlreadyExists):
        _br(ctxt, 'dup', uuid=req.instance_uuid)
    got = build_request.BuildRequest.get_by_instance_uuid(
        ctxt, req.instance_uuid)
    assert got.instance.display_name == 'web'
    assert got.instance.flavor.vcpus == 1
    assert [t.tag for t in got.tags] == ['t']
    assert [t.tag for t in got.instance.tags] == ['t']
    assert got.instance.metadata == {} and got.instance.deleted is False
    got.destroy()
    with pytest.raises(exception.BuildRequestNotFound):
        got.destroy()
    with pytest.raises(exception.BuildRequestNotFound):
        build_request.BuildRequest.get_by_instance_uuid(
            ctxt, req.instance_uuid)


def test_build_request_list_filters_and_paging(ctxt):
    reqs = [_br(ctxt, 'web-%d' % n, tags=['red'] if n % 2 else [])
            for n in range(5)]
    _br(ctxt, 'elsewhere', project_id='other')
    List = build_request.BuildRequestList
    mine = {'project_id': ctxt.project_id}
    assert len(List.get_by_filters(ctxt, mine)) == 5
    assert len(List.get_by_filters(ctxt, {})) == 6
    assert len(List.get_by_filters(ctxt, dict(mine, deleted=True))) == 0
    assert len(List.get_by_filters(ctxt, dict(mine, tags=['red']))) == 2
    assert len(List.get_by_filters(ctxt, {'name': 'web-[12]'})) == 2
    assert len(List.get_by_filters(ctxt, {'vm_state': ['building']})) == 6
    ordered = List.get_by_filters(ctxt, mine, sort_keys=['display_name'],
                                  sort_dirs=['desc'])
    names = [r.instance.display_name for r in ordered]
    assert names == sorted(names, reverse=True)
    page = List.get_by_filters(ctxt, mine, sort_keys=['display_name'],
                               sort_dirs=['asc'], limit=2,
                               marker=reqs[1].instance_uuid)
    assert [r.instance.display_name for r in page] == ['web-2', 'web-3']
    with pytest.raises(exception.MarkerNotFound):
        List.get_by_filters(ctxt, mine, marker=str(uuid.uuid4()))
