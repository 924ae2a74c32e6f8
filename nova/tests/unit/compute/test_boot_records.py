"""What one POST /servers costs: limits looked up once, usage counted once
plus the recheck, the records of a request written in one transaction,
and the conductor/compute helpers that replaced read-modify-write pairs.
"""

import uuid

import pytest
import sqlalchemy as sa

from nova import exception
from nova import objects
from nova import quota
from nova.db.api import models as api_models
from nova.db import engine as db
from nova.objects import build_request
from nova.tests.fixtures.database import nova_databases  # noqa: F401
from nova.tests.unit.compute.test_api import _create, _instance, cloud  # noqa: F401,E501


def _rows(model):
    with db.api_session() as session:
        return session.execute(sa.select(sa.func.count()).select_from(
            model)).scalar()


def _spy(monkeypatch, owner, name):
    calls = []
    original = getattr(owner, name)

    def spy(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)
    monkeypatch.setattr(owner, name, spy)
    return calls


def _count_calls(monkeypatch):
    """Calls of the instances/cores/ram counter."""
    calls = []
    original = quota._instances_cores_ram_count

    def counter(*args):
        calls.append(args)
        return original(*args)
    for name in ('instances', 'cores', 'ram'):
        monkeypatch.setattr(quota.QUOTAS.resources[name], 'counter', counter)
    return calls


def test_one_count_one_recheck_one_limit_lookup(cloud, monkeypatch):
    objects.Quotas.create_limit(cloud['ctxt'], 'p1', 'instances', 10)
    counts = _count_calls(monkeypatch)
    lookups = _spy(monkeypatch, objects.Quotas, 'get_all_limits')
    _create(cloud, max_count=3, metadata={'a': 'b'})
    assert len(counts) == 2          # the check and the recheck
    assert len(lookups) == 1         # quota, metadata and recheck share it


def test_unlimited_quota_counts_nothing(cloud, monkeypatch):
    for name in ('instances', 'cores', 'ram'):
        monkeypatch.setattr(quota.QUOTAS.resources[name], 'default',
                            lambda: -1)
    counts = _count_calls(monkeypatch)
    assert len(_create(cloud, max_count=2)) == 2
    assert counts == []


def test_limited_user_counts_even_if_project_unlimited(cloud, monkeypatch):
    for name in ('instances', 'cores', 'ram'):
        monkeypatch.setattr(quota.QUOTAS.resources[name], 'default',
                            lambda: -1)
    objects.Quotas.create_limit(cloud['ctxt'], 'p1', 'instances', 1,
                                user_id='alice')
    _create(cloud)
    with pytest.raises(exception.TooManyInstances):
        _create(cloud)


def test_a_failed_write_leaves_no_record(cloud, monkeypatch):
    seen = []
    original = objects.InstanceMapping.create_in_session

    def fail_second(self, session):
        seen.append(self.instance_uuid)
        if len(seen) == 2:
            raise exception.NovaException('disk full')
        return original(self, session)

    monkeypatch.setattr(objects.InstanceMapping, 'create_in_session',
                        fail_second)
    with pytest.raises(exception.NovaException):
        _create(cloud, max_count=3)
    for model in (api_models.RequestSpec, api_models.BuildRequest,
                  api_models.InstanceMapping):
        assert _rows(model) == 0, model


def test_records_created_together_are_complete(cloud):
    built = _create(cloud, max_count=2, tags=['x'])
    for inst in built:
        req = objects.BuildRequest.get_by_instance_uuid(cloud['ctxt'],
                                                        inst.uuid)
        assert [t.tag for t in req.tags] == ['x']
        assert req.instance.display_name == inst.display_name
        assert inst.created_at is not None
        mapping = objects.InstanceMapping.get_by_instance_uuid(
            cloud['ctxt'], inst.uuid)
        assert mapping.cell_mapping is None and mapping.user_id == 'alice'
        assert objects.RequestSpec.get_by_instance_uuid(
            cloud['ctxt'], inst.uuid).flavor.flavorid == '1'


def test_pending_usage_reads_sizes_without_objects(cloud, monkeypatch):
    built = _create(cloud, max_count=2)
    # A blob without the sizes (older writer): read through the object.
    flavor = cloud['flavor']
    inst = objects.Instance(cloud['ctxt'], uuid=str(uuid.uuid4()),
                            project_id='p1', user_id='bob', flavor=flavor,
                            display_name='old', vm_state='building')
    objects.BuildRequest(cloud['ctxt'], instance=inst).create()
    loads = _spy(monkeypatch, build_request.BuildRequest, '_load_instance')
    usage = build_request.pending_usage(cloud['ctxt'], 'p1')
    assert usage == dict({i.uuid: ('alice', 1, 512) for i in built},
                         **{inst.uuid: ('bob', 1, 512)})
    assert len(loads) == 1
    assert build_request.pending_usage(cloud['ctxt'], 'other') == {}


def test_count_includes_build_requests_not_yet_in_a_cell(cloud):
    _instance(cloud, 'cell1', 1, 0)
    pending = _create(cloud, max_count=2)
    # The first one reached its cell (conductor has not deleted its build
    # request yet): counted once, as its build request (the instance is
    # made from it; its sizes differ here only to tell which was counted).
    _instance(cloud, 'cell2', 2, 0, uuid=pending[0].uuid, user_id='bob')
    counts = quota._instances_cores_ram_count(cloud['ctxt'], 'p1', 'alice')
    assert counts['project'] == {'instances': 3, 'cores': 3, 'ram': 1536}
    assert counts['user'] == {'instances': 3, 'cores': 3, 'ram': 1536}


def test_destroy_and_map(cloud):
    ctxt = cloud['ctxt']
    first, second = _create(cloud, max_count=2)
    req = objects.BuildRequest.get_by_instance_uuid(ctxt, first.uuid)
    req.destroy_and_map(cloud['cells']['cell1'])
    mapping = objects.InstanceMapping.get_by_instance_uuid(ctxt, first.uuid)
    assert mapping.cell_mapping.uuid == cloud['cells']['cell1'].uuid
    with pytest.raises(exception.BuildRequestNotFound):
        req.destroy_and_map(cloud['cells']['cell2'])
    mapping = objects.InstanceMapping.get_by_instance_uuid(ctxt, first.uuid)
    assert mapping.cell_mapping.uuid == cloud['cells']['cell1'].uuid
    # A cell known only by uuid; a missing mapping undoes the delete.
    req = objects.BuildRequest.get_by_instance_uuid(ctxt, second.uuid)
    objects.InstanceMapping.get_by_instance_uuid(ctxt, second.uuid).destroy()
    with pytest.raises(exception.InstanceMappingNotFound):
        req.destroy_and_map(objects.CellMapping(
            uuid=cloud['cells']['cell2'].uuid))
    objects.BuildRequest.get_by_instance_uuid(ctxt, second.uuid)


def test_mark_queued_for_delete(cloud):
    inst = _instance(cloud, 'cell1', 1, 0)
    objects.InstanceMapping.mark_queued_for_delete(cloud['ctxt'], inst.uuid)
    assert objects.InstanceMapping.get_by_instance_uuid(
        cloud['ctxt'], inst.uuid).queued_for_delete is True
    with pytest.raises(exception.InstanceMappingNotFound):
        objects.InstanceMapping.mark_queued_for_delete(cloud['ctxt'],
                                                       str(uuid.uuid4()))


def test_undo_removes_every_record_in_one_go(cloud):
    built = _create(cloud, max_count=3)
    api = cloud['api']
    created = [(None, objects.BuildRequest.get_by_instance_uuid(
        cloud['ctxt'], i.uuid), None) for i in built]
    api._undo_records(cloud['ctxt'], created)
    for model in (api_models.RequestSpec, api_models.BuildRequest,
                  api_models.InstanceMapping):
        assert _rows(model) == 0, model


@pytest.mark.parametrize('nova_databases', ['sqlite', 'mysql'],
                         indirect=True)
def test_pending_usage_on_each_backend(nova_databases):  # noqa: F811
    """The JSON functions of each backend read the same three values."""
    from nova import context as nova_context
    ctxt = nova_context.RequestContext('u', 'p', is_admin=True)
    made = {}
    for user, vcpus, ram in (('u', 2, 256), ('v', 4, 1024)):
        inst = objects.Instance(ctxt, uuid=str(uuid.uuid4()),
                                project_id='p', user_id=user, vcpus=vcpus,
                                memory_mb=ram, vm_state='building')
        objects.BuildRequest(ctxt, instance=inst).create()
        made[inst.uuid] = (user, vcpus, ram)
    try:
        assert build_request.pending_usage(ctxt, 'p') == made
    finally:
        with db.api_session() as session:
            session.execute(sa.delete(api_models.BuildRequest))
