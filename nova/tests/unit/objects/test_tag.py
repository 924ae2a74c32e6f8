"""Tags on SQLite."""

import uuid

import pytest

from nova import exception
from nova.objects import tag as tag_obj
from nova.tests.unit.objects.test_instance import ctxt, db, make_flavor, make_instance, template_dbs  # noqa: F401


def test_tags(ctxt):
    inst = make_instance(ctxt)
    tag_obj.Tag(ctxt, resource_id=inst.uuid, tag='one').create()
    tag_obj.Tag(ctxt, resource_id=inst.uuid, tag='one').create()  # no-op
    assert tag_obj.Tag.exists(ctxt, inst.uuid, 'one')
    names = tag_obj.TagList.create(ctxt, inst.uuid, ['x', 'y', 'x'])
    assert [t.tag for t in names] == ['x', 'y']
    assert [t.tag for t in tag_obj.TagList.get_by_resource_id(
        ctxt, inst.uuid)] == ['x', 'y']
    tag_obj.Tag.destroy(ctxt, inst.uuid, 'x')
    with pytest.raises(exception.InstanceTagNotFound):
        tag_obj.Tag.destroy(ctxt, inst.uuid, 'x')
    tag_obj.TagList.destroy(ctxt, inst.uuid)
    assert len(tag_obj.TagList.get_by_resource_id(ctxt, inst.uuid)) == 0
    with pytest.raises(exception.InstanceNotFound):
        tag_obj.TagList.create(ctxt, str(uuid.uuid4()), ['a'])


@pytest.mark.parametrize('bad', ['', 'a,b', 'a/b', 'x' * 61])
def test_invalid_tags(bad):
    with pytest.raises(exception.InvalidInstanceTag):
        tag_obj.validate_tag(bad)


def test_tag_limit(ctxt):
    inst = make_instance(ctxt)
    tag_obj.TagList.create(ctxt, inst.uuid, ['t%d' % n for n in range(50)])
    with pytest.raises(exception.InstanceTagsLimitExceeded):
        tag_obj.Tag(ctxt, resource_id=inst.uuid, tag='one-more').create()
    with pytest.raises(exception.InstanceTagsLimitExceeded):
        tag_obj.TagList.create(ctxt, inst.uuid,
                               ['t%d' % n for n in range(51)])
