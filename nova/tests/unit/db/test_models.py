"""Behaviour of the schema itself on every backend: constraints, soft delete,
column sizes."""

import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy import orm

from nova.db.api import models as api_models
from nova.db import engine as db_engine
from nova.db.main import models as main_models
from nova import exception
from nova.tests.fixtures import database as db_fixtures


@pytest.fixture(scope='module', params=db_fixtures.BACKENDS)
def dbs(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp('models')
    with db_fixtures.synced_databases(request.param, tmp,
                                      names=('api', 'main')) as urls:
        yield urls


def _session(url):
    engine = sa.create_engine(url)
    session = orm.Session(bind=engine, expire_on_commit=False)
    return engine, session


def test_soft_deleted_service_can_be_recreated(dbs):
    host = 'host-%s' % uuid.uuid4().hex[:8]
    engine, session = _session(dbs['main'])
    try:
        svc = main_models.Service(host=host, binary='nova-compute',
                                  topic='compute', uuid=str(uuid.uuid4()))
        session.add(svc)
        session.commit()
        assert svc.deleted == 0
        assert svc.report_count == 0 and svc.disabled is False

        # A second live service with the same host/binary is refused.
        session.add(main_models.Service(host=host, binary='nova-compute',
                                        topic='other',
                                        uuid=str(uuid.uuid4())))
        with pytest.raises(sa_exc.IntegrityError):
            session.commit()
        session.rollback()

        svc.soft_delete(session)
        session.commit()
        assert svc.deleted == svc.id and svc.deleted_at is not None

        again = main_models.Service(host=host, binary='nova-compute',
                                    topic='compute', uuid=str(uuid.uuid4()))
        session.add(again)
        session.commit()
        rows = session.execute(
            sa.select(main_models.Service.deleted)
            .where(main_models.Service.host == host)
            .order_by(main_models.Service.id)).scalars().all()
        assert rows == [svc.id, 0]
    finally:
        session.close()
        engine.dispose()


def test_host_mapping_host_is_unique(dbs):
    url = dbs['api']
    host = 'host-%s' % uuid.uuid4().hex[:8]
    with db_engine.session_for(url) as session:
        cell = api_models.CellMapping(uuid=str(uuid.uuid4()), name='cell1',
                                      transport_url='fake://',
                                      database_connection='sqlite://')
        session.add(cell)
        session.flush()
        session.add(api_models.HostMapping(cell_id=cell.id, host=host))
        cell_id = cell.id
    with pytest.raises(exception.DBDuplicateEntry):
        with db_engine.session_for(url) as session:
            session.add(api_models.HostMapping(cell_id=cell_id, host=host))
    with db_engine.session_for(url) as session:
        mapping = session.execute(
            sa.select(api_models.HostMapping)
            .where(api_models.HostMapping.host == host)).scalar_one()
        assert mapping.cell_mapping.name == 'cell1'
        assert mapping.cell_mapping.disabled is False


def test_host_mapping_needs_existing_cell(dbs):
    with pytest.raises(sa_exc.IntegrityError):
        with db_engine.session_for(dbs['api']) as session:
            session.add(api_models.HostMapping(cell_id=987654,
                                               host='orphan'))


def test_instance_mapping_defaults(dbs):
    inst = str(uuid.uuid4())
    with db_engine.session_for(dbs['api']) as session:
        session.add(api_models.InstanceMapping(instance_uuid=inst,
                                               project_id='p'))
    with db_engine.session_for(dbs['api']) as session:
        im = session.execute(
            sa.select(api_models.InstanceMapping)
            .where(api_models.InstanceMapping.instance_uuid == inst)
        ).scalar_one()
        assert im.cell_id is None and im.user_id is None
        assert im.queued_for_delete is False
        assert im.created_at is not None


def test_medium_text_holds_more_than_64k(dbs):
    # On MySQL TEXT stops at 64 KiB; request specs use MEDIUMTEXT there.
    spec = 'x' * (70 * 1024)
    inst = str(uuid.uuid4())
    with db_engine.session_for(dbs['api']) as session:
        session.add(api_models.RequestSpec(instance_uuid=inst, spec=spec))
    with db_engine.session_for(dbs['api']) as session:
        got = session.execute(
            sa.select(api_models.RequestSpec.spec)
            .where(api_models.RequestSpec.instance_uuid == inst)
        ).scalar_one()
    assert got == spec


def test_instance_children_and_utf8(dbs):
    inst_uuid = str(uuid.uuid4())
    name = 'sérvér-\U0001F600'  # needs utf8mb4 on MariaDB
    with db_engine.session_for(dbs['main']) as session:
        inst = main_models.Instance(uuid=inst_uuid, project_id='p',
                                    user_id='u', display_name=name,
                                    access_ip_v4='192.0.2.10')
        session.add(inst)
        session.flush()
        session.add(main_models.InstanceInfoCache(instance_uuid=inst_uuid,
                                                  network_info='[]'))
        session.add(main_models.InstanceExtra(instance_uuid=inst_uuid))
        session.add(main_models.InstanceSystemMetadata(
            instance_uuid=inst_uuid, key='image_os', value='linux'))
    with db_engine.session_for(dbs['main']) as session:
        inst = session.execute(
            sa.select(main_models.Instance)
            .where(main_models.Instance.uuid == inst_uuid)).scalar_one()
        assert inst.display_name == name
        assert str(inst.access_ip_v4) == '192.0.2.10'
        assert inst.info_cache.network_info == '[]'
        assert inst.extra is not None
        assert [m.key for m in inst.system_metadata] == ['image_os']
        assert inst.cleaned == 0 and inst.deleted == 0
    # Children must point at an existing instance.
    with pytest.raises(sa_exc.IntegrityError):
        with db_engine.session_for(dbs['main']) as session:
            session.add(main_models.InstanceInfoCache(
                instance_uuid=str(uuid.uuid4())))


def test_compute_node_unique_per_host_and_node(dbs):
    host = 'host-%s' % uuid.uuid4().hex[:8]

    def node(**kw):
        vals = dict(host=host, hypervisor_hostname='node1', vcpus=1,
                    memory_mb=512, local_gb=1, vcpus_used=0,
                    memory_mb_used=0, local_gb_used=0,
                    hypervisor_type='fake', hypervisor_version=1,
                    cpu_info='{}', uuid=str(uuid.uuid4()))
        vals.update(kw)
        return main_models.ComputeNode(**vals)

    with db_engine.session_for(dbs['main']) as session:
        first = node()
        session.add(first)
    with pytest.raises(exception.DBDuplicateEntry):
        with db_engine.session_for(dbs['main']) as session:
            session.add(node())
    with db_engine.session_for(dbs['main']) as session:
        first = session.get(main_models.ComputeNode, first.id)
        first.soft_delete(session)
        session.add(node())
        assert first.stats == '{}' and first.mapped == 0
