"""CellMapping, HostMapping and InstanceMapping on a migrated SQLite API
database (the ``nova_databases`` fixture), plus discover_hosts."""

import uuid

import pytest
import sqlalchemy as sa

from nova import context
from nova.db import engine as db_engine
from nova import exception
from nova.objects import base
from nova.objects import cell_mapping
from nova.objects import host_mapping
from nova.objects import instance_mapping
from nova.tests.fixtures.database import nova_databases  # noqa: F401

CellMapping = cell_mapping.CellMapping
HostMapping = host_mapping.HostMapping
InstanceMapping = instance_mapping.InstanceMapping


@pytest.fixture
def ctxt(nova_databases):  # noqa: F811
    yield context.get_admin_context()
    db_engine.dispose_all()


def _cell(ctxt, urls, name='cell1', **kw):
    cell = CellMapping(ctxt, uuid=kw.pop('uuid', str(uuid.uuid4())),
                       name=name, transport_url='rabbit://u:p@mq/',
                       database_connection=urls['main'], **kw)
    cell.create()
    return cell


def _add_node(url, host, mapped=0, node=None):
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO compute_nodes (host, hypervisor_hostname, uuid, "
                "vcpus, memory_mb, local_gb, vcpus_used, memory_mb_used, "
                "local_gb_used, hypervisor_type, hypervisor_version, "
                "cpu_info, mapped, deleted) VALUES (:h, :n, :u, 1, 1, 1, 0, "
                "0, 0, 'fake', 1, '{}', :m, 0)"),
                {'h': host, 'n': node or host, 'u': str(uuid.uuid4()),
                 'm': mapped})
    finally:
        engine.dispose()


def test_cell_mapping_crud(ctxt, nova_databases):  # noqa: F811
    cell = _cell(ctxt, nova_databases)
    assert cell.id and cell.disabled is False and not cell.is_cell0()
    assert cell.identity == '%s(cell1)' % cell.uuid

    got = CellMapping.get_by_uuid(ctxt, cell.uuid)
    assert (got.name, got.database_connection) == ('cell1',
                                                   nova_databases['main'])
    got.name = 'renamed'
    got.disabled = True
    got.save()
    again = CellMapping.get_by_uuid(ctxt, cell.uuid)
    assert (again.name, again.disabled) == ('renamed', True)
    assert [c.uuid for c in
            cell_mapping.CellMappingList.get_by_disabled(ctxt, True)] == [
        cell.uuid]

    cell0 = _cell(ctxt, nova_databases, name=None,
                  uuid=CellMapping.CELL0_UUID)
    assert cell0.is_cell0() and cell0.identity == CellMapping.CELL0_UUID
    assert [c.uuid for c in cell_mapping.CellMappingList.get_all(ctxt)] == [
        cell.uuid, cell0.uuid]

    cell.destroy()
    with pytest.raises(exception.CellMappingNotFound):
        CellMapping.get_by_uuid(ctxt, cell.uuid)
    with pytest.raises(exception.CellMappingNotFound):
        cell.destroy()


def test_cell_mapping_backport_drops_disabled(ctxt, nova_databases):  # noqa
    cell = _cell(ctxt, nova_databases)
    prim = cell.obj_to_primitive(target_version='1.0')
    assert 'disabled' not in prim['nova_object.data']
    ser = base.NovaObjectSerializer()
    back = ser.deserialize_entity(ctxt, ser.serialize_entity(ctxt, cell))
    assert back.uuid == cell.uuid and back.disabled is False


def test_host_mapping_crud(ctxt, nova_databases):  # noqa: F811
    cell = _cell(ctxt, nova_databases)
    other = _cell(ctxt, nova_databases, name='cell2')
    hm = HostMapping(ctxt, host='h1', cell_mapping=cell)
    hm.create()
    with pytest.raises(exception.HostMappingExists):
        HostMapping(ctxt, host='h1', cell_mapping=cell).create()
    got = HostMapping.get_by_host(ctxt, 'h1')
    assert got.cell_mapping.uuid == cell.uuid
    got.cell_mapping = other
    got.save()
    assert HostMapping.get_by_host(ctxt, 'h1').cell_mapping.uuid == \
        other.uuid
    assert len(host_mapping.HostMappingList.get_by_cell_id(
        ctxt, other.id)) == 1
    assert len(host_mapping.HostMappingList.get_all(ctxt)) == 1
    got.destroy()
    with pytest.raises(exception.HostMappingNotFound):
        HostMapping.get_by_host(ctxt, 'h1')


def test_instance_mapping_crud(ctxt, nova_databases):  # noqa: F811
    cell = _cell(ctxt, nova_databases)
    inst = str(uuid.uuid4())
    im = InstanceMapping(ctxt, instance_uuid=inst, project_id='p1',
                         user_id='u1', cell_mapping=None)
    im.create()
    assert im.cell_mapping is None and im.queued_for_delete is False
    assert not im.obj_what_changed()
    # What create() knows is what the database holds.
    stored = InstanceMapping.get_by_instance_uuid(ctxt, inst)
    for field in ('id', 'instance_uuid', 'project_id', 'user_id',
                  'queued_for_delete', 'cell_mapping', 'updated_at'):
        assert getattr(im, field) == getattr(stored, field), field
    assert abs(im.created_at - stored.created_at).total_seconds() < 1
    in_cell = InstanceMapping(ctxt, instance_uuid=str(uuid.uuid4()),
                              project_id='p2', cell_mapping=cell)
    in_cell.create()
    assert (in_cell.cell_mapping.uuid, in_cell.user_id) == (cell.uuid, None)
    assert InstanceMapping.get_by_instance_uuid(
        ctxt, in_cell.instance_uuid).cell_mapping.uuid == cell.uuid
    in_cell.destroy()
    im.cell_mapping = cell
    im.queued_for_delete = True
    im.save()
    got = InstanceMapping.get_by_instance_uuid(ctxt, inst)
    assert (got.cell_mapping.uuid, got.queued_for_delete, got.user_id) == (
        cell.uuid, True, 'u1')
    assert [m.instance_uuid for m in instance_mapping.InstanceMappingList
            .get_by_project_id(ctxt, 'p1')] == [inst]
    assert len(instance_mapping.InstanceMappingList.get_by_cell_id(
        ctxt, cell.id)) == 1
    prim = got.obj_to_primitive(target_version='1.0')['nova_object.data']
    assert 'user_id' not in prim and 'queued_for_delete' not in prim
    assert 'disabled' not in prim['cell_mapping']['nova_object.data']
    prim = got.obj_to_primitive(
        target_version='1.1',
        version_manifest={'InstanceMapping': '1.1', 'CellMapping': '1.1'})
    data = prim['nova_object.data']
    assert 'user_id' not in data and data['queued_for_delete'] is True
    assert 'disabled' in data['cell_mapping']['nova_object.data']
    got.destroy()
    with pytest.raises(exception.InstanceMappingNotFound):
        InstanceMapping.get_by_instance_uuid(ctxt, inst)


def test_discover_hosts(ctxt, nova_databases):  # noqa: F811
    _cell(ctxt, nova_databases, name='cell0', uuid=CellMapping.CELL0_UUID)
    cell = _cell(ctxt, nova_databases)
    _add_node(nova_databases['main'], 'a')
    _add_node(nova_databases['main'], 'b')
    _add_node(nova_databases['main'], 'old', mapped=1)
    messages = []
    created = host_mapping.discover_hosts(ctxt, status_fn=messages.append)
    assert sorted(m.host for m in created) == ['a', 'b']
    assert all(m.cell_mapping.uuid == cell.uuid for m in created)
    assert messages[0] == 'Found 2 cell mappings.'
    assert messages[-1] == 'Found 2 unmapped computes in cell: %s' % cell.uuid
    assert host_mapping.discover_hosts(ctxt, cell_uuid=cell.uuid) == []
    # A second node of an already mapped host (ironic) maps nothing new
    # but is marked mapped.
    _add_node(nova_databases['main'], 'a', node='a-node2')
    assert host_mapping.discover_hosts(ctxt) == []
    engine = sa.create_engine(nova_databases['main'])
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text(
                'SELECT COUNT(*) FROM compute_nodes WHERE mapped = 0')
            ).scalar() == 0
    finally:
        engine.dispose()
