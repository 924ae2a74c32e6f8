"""InstanceGroup and InstanceGroupList (API DB; hosts from the cell)."""

import uuid

import pytest

from nova import exception
from nova.objects import instance_group
from nova.tests.unit.objects.test_instance import ctxt, db, make_flavor, make_instance, template_dbs  # noqa: F401


def test_groups(ctxt):
    a = make_instance(ctxt, host='h1')
    b = make_instance(ctxt, host='h2', user_id='other')
    group = instance_group.InstanceGroup(
        ctxt, name='g', policies=['anti-affinity'], members=[a.uuid],
        project_id=ctxt.project_id, user_id=ctxt.user_id)
    group.create()
    with pytest.raises(exception.InstanceGroupIdExists):
        instance_group.InstanceGroup(ctxt, uuid=group.uuid).create()
    added = instance_group.InstanceGroup.add_members(
        ctxt, group.uuid, [a.uuid, b.uuid])
    assert added == [b.uuid]
    got = instance_group.InstanceGroup.get_by_uuid(ctxt, group.uuid)
    assert sorted(got.members) == sorted([a.uuid, b.uuid])
    assert got.policies == ['anti-affinity']
    assert got.get_hosts() == ['h1', 'h2']
    assert got.get_hosts(exclude=[a.uuid]) == ['h2']
    assert got.hosts == ['h1', 'h2']
    assert got.count_members_by_user(ctxt.user_id) == 1
    assert instance_group.InstanceGroup.get_by_instance_uuid(
        ctxt, b.uuid).uuid == group.uuid
    assert instance_group.InstanceGroup.get_by_hint(ctxt, 'g').id == got.id
    got.name = 'renamed'
    got.members = [a.uuid]
    got.save()
    again = instance_group.InstanceGroup.get_by_name(ctxt, 'renamed')
    assert again.members == [a.uuid]
    List = instance_group.InstanceGroupList
    assert len(List.get_by_project_id(ctxt, ctxt.project_id)) == 1
    assert List.get_counts(ctxt, ctxt.project_id, 'nobody') == {
        'project': {'server_groups': 1}, 'user': {'server_groups': 0}}
    again.destroy()
    with pytest.raises(exception.InstanceGroupNotFound):
        instance_group.InstanceGroup.get_by_uuid(ctxt, group.uuid)
    with pytest.raises(exception.InstanceGroupNotFound):
        instance_group.InstanceGroup.add_members(ctxt, str(uuid.uuid4()),
                                                 [a.uuid])
