"""The host manager's refresh: heartbeats taken in without reloading the
service, other changes reloaded, deleted and re-created services seen, on
SQLite and MariaDB."""

import datetime
import uuid

import pytest

import nova.conf
from nova import context as nova_context
from nova.db import engine
from nova.db.main import models
from nova import objects
from nova.scheduler import host_manager
from nova.tests.fixtures.database import nova_databases  # noqa: F401

CONF = nova.conf.CONF
SERVICES = models.Service.__table__
NODES = models.ComputeNode.__table__


def _now():
    return datetime.datetime.utcnow().replace(microsecond=0)


@pytest.fixture
def cell(nova_databases):
    objects.register_all()
    ctxt = nova_context.get_admin_context()
    cell = objects.CellMapping(ctxt, uuid=str(uuid.uuid4()), name='cell1',
                               transport_url='fake:///',
                               database_connection=nova_databases['main'])
    cell.create()
    return ctxt, cell


def _add_host(host, when):
    with engine.main_session() as session:
        service_id = session.execute(SERVICES.insert().values(
            host=host, binary='nova-compute', topic='compute',
            report_count=1, disabled=False, forced_down=False, version=1,
            uuid=str(uuid.uuid4()), created_at=when, updated_at=when,
            last_seen_up=when, deleted=0)).inserted_primary_key[0]
        node_uuid = str(uuid.uuid4())
        session.execute(NODES.insert().values(
            uuid=node_uuid, host=host, hypervisor_hostname=host,
            service_id=service_id, vcpus=4, memory_mb=4096, local_gb=40,
            vcpus_used=0, memory_mb_used=0, local_gb_used=0,
            hypervisor_type='fake', hypervisor_version=1, cpu_info='{}',
            cpu_allocation_ratio=1.0, ram_allocation_ratio=1.0,
            disk_allocation_ratio=1.0,
            created_at=when, updated_at=when, deleted=0))
    return service_id, node_uuid


def _write(service_id, **values):
    with engine.main_session() as session:
        session.execute(SERVICES.update().where(SERVICES.c.id == service_id)
                        .values(**values))


def _state(manager, ctxt, node_uuid):
    states = manager.get_host_states_by_uuids(ctxt, [node_uuid])
    return states[0] if states else None


@pytest.mark.parametrize('nova_databases', ['sqlite', 'mysql'],
                         indirect=True)
def test_refresh_follows_heartbeats_and_changes(cell):
    ctxt, _cell = cell
    long_ago = _now() - datetime.timedelta(minutes=10)
    service_id, node_uuid = _add_host('h1', long_ago)
    manager = host_manager.HostManager()

    state = _state(manager, ctxt, node_uuid)
    assert state.service.host == 'h1' and not state.service_up
    loaded = state.service

    # A heartbeat: the host is up, the Service object is the same one.
    now = _now()
    _write(service_id, report_count=2, last_seen_up=now, updated_at=now)
    state = _state(manager, ctxt, node_uuid)
    assert state.service_up and state.service is loaded

    # Disabling reloads the object (the filters read ``disabled``).
    _write(service_id, disabled=True, disabled_reason='maintenance',
           updated_at=_now())
    state = _state(manager, ctxt, node_uuid)
    assert state.service is not loaded
    assert state.service.disabled
    assert state.service.disabled_reason == 'maintenance'

    # Forced down: down whatever its heartbeat says.
    _write(service_id, forced_down=True, last_seen_up=_now(),
           updated_at=_now())
    assert not _state(manager, ctxt, node_uuid).service_up

    # Deleted and created again on the same host: the new one counts.
    now = _now()
    with engine.main_session() as session:
        session.execute(SERVICES.update().where(SERVICES.c.id == service_id)
                        .values(deleted=service_id, deleted_at=now,
                                updated_at=now))
        new_id = session.execute(SERVICES.insert().values(
            host='h1', binary='nova-compute', topic='compute',
            report_count=1, disabled=False, forced_down=False, version=1,
            uuid=str(uuid.uuid4()), created_at=now, updated_at=now,
            last_seen_up=now, deleted=0)).inserted_primary_key[0]
    state = _state(manager, ctxt, node_uuid)
    assert state.service.id == new_id
    assert state.service_up and not state.service.disabled
