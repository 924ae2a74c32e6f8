"""nova.compute.api.API against real SQLite databases: an API database,
cell0 and two cells, with the in-memory RPC transport and recording
endpoints standing in for conductor and compute."""

import datetime

import oslo_messaging as messaging
import pytest

import nova.conf
from nova.compute import api as compute_api
from nova.compute import instance_list
from nova.compute import task_states
from nova.conductor.tasks import build
from nova import context as nova_context
from nova.db import migration
from nova import exception
from nova import objects
from nova import rpc
from nova.tests.fixtures import database

CONF = nova.conf.CONF
CASTS = []


class _Conductor(object):
    target = messaging.Target(namespace='compute_task', version='1.0')

    def schedule_and_build_instances(self, ctxt, **kwargs):
        CASTS.append(('schedule_and_build_instances', kwargs))


class _Compute(object):
    target = messaging.Target(version='5.0')

    def pause_instance(self, ctxt, instance):
        CASTS.append(('pause_instance', instance.uuid))

    def terminate_instance(self, ctxt, instance, bdms):
        CASTS.append(('terminate_instance', instance.uuid))


@pytest.fixture
def cloud(tmp_path):
    from nova.tests.unit.api import fixtures as api_fixtures
    api_fixtures.ensure_config_parsed()
    objects.register_all()
    names = ('api', 'cell0', 'cell1', 'cell2')
    with database.temp_sqlite_databases(tmp_path, names) as urls:
        migration.db_sync('api', url=urls['api'])
        for name in names[1:]:
            migration.db_sync('main', url=urls[name])
        CONF.set_override('connection', urls['api'], group='api_database')
        rpc.set_defaults('nova')
        old = rpc.TRANSPORT
        rpc.TRANSPORT = messaging.get_rpc_transport(
            CONF, url='fake:///', allowed_remote_exmods=rpc.ALLOWED_EXMODS)
        CONF.set_override('transport_url', 'fake:///')
        servers = [rpc.get_server(messaging.Target(topic='conductor',
                                                   server='c'),
                                  [_Conductor()]),
                   rpc.get_server(messaging.Target(topic='compute',
                                                   server='host1'),
                                  [_Compute()])]
        for server in servers:
            server.start()
        del CASTS[:]
        ctxt = nova_context.get_admin_context()
        cells = {}
        for name in names[1:]:
            uuid = (objects.CellMapping.CELL0_UUID if name == 'cell0'
                    else None)
            cell = objects.CellMapping(
                ctxt, name=name, transport_url='fake:///',
                database_connection=urls[name],
                uuid=uuid or 'c0000000-0000-4000-8000-00000000000%s' % (
                    name[-1]))
            cell.create()
            cells[name] = cell
        flavor = objects.Flavor(
            ctxt, flavorid='1', name='m1.tiny', memory_mb=512, vcpus=1,
            root_gb=1, ephemeral_gb=0, swap=0, rxtx_factor=1.0,
            is_public=True, disabled=False, extra_specs={}, projects=[])
        flavor.create()
        try:
            yield {'ctxt': ctxt, 'cells': cells, 'flavor': flavor,
                   'api': compute_api.API()}
        finally:
            for server in servers:
                server.stop()
                server.wait()
            rpc.TRANSPORT.cleanup()
            rpc.TRANSPORT = old
            CONF.clear_override('transport_url')
            CONF.clear_override('connection', group='api_database')


def _user():
    return nova_context.RequestContext(user_id='alice', project_id='p1')


def _instance(cloud, cell, n, minutes, **kw):
    ctxt = cloud['ctxt']
    flavor = cloud['flavor']
    uuid = '00000000-0000-4000-8000-%012d' % n
    values = dict(uuid=uuid, display_name='s%d' % n, vm_state='active',
                  task_state=None, host='host1', node='node1',
                  project_id='p1', user_id='alice', flavor=flavor,
                  memory_mb=512, vcpus=1, instance_type_id=flavor.id,
                  created_at=datetime.datetime(2017, 1, 1) +
                  datetime.timedelta(minutes=minutes))
    values.update(kw)
    with nova_context.target_cell(ctxt, cloud['cells'][cell]) as cctxt:
        inst = objects.Instance(cctxt, **values)
        inst.create()
    objects.InstanceMapping(ctxt, instance_uuid=uuid,
                            cell_mapping=cloud['cells'][cell],
                            project_id=values['project_id'],
                            user_id='alice').create()
    return inst


def _create(cloud, name='new', **kw):
    instances, _res = cloud['api'].create(
        _user(), '1', '155d900f-4e14-4e4c-a73d-069cbf4541e6', name=name,
        **kw)
    return instances


def test_listing_merges_cells_and_build_requests_in_order(cloud):
    for n, (cell, minutes) in enumerate(
            [('cell1', 1), ('cell2', 2), ('cell1', 3), ('cell0', 4),
             ('cell2', 5)], start=1):
        _instance(cloud, cell, n, minutes)
    _instance(cloud, 'cell1', 9, 6, project_id='p2')
    built = _create(cloud)
    api = cloud['api']
    listed = api.get_all(_user(), {'project_id': 'p1'})
    # Newest first: the build request (created now), then by time.
    assert [i.uuid for i in listed] == [built[0].uuid] + [
        '00000000-0000-4000-8000-%012d' % n for n in (5, 4, 3, 2, 1)]

    # Paging with limit 2 walks the same order without gaps or repeats.
    seen, marker = [], None
    while True:
        page = api.get_all(_user(), {'project_id': 'p1'}, limit=2,
                           marker=marker)
        if not page:
            break
        seen.extend(i.uuid for i in page)
        marker = page[-1].uuid
    assert seen == [i.uuid for i in listed]

    asc = api.get_all(_user(), {'project_id': 'p1'},
                      sort_keys=['display_name'], sort_dirs=['asc'])
    assert [i.display_name for i in asc] == ['new', 's1', 's2', 's3', 's4',
                                             's5']


def test_unknown_marker(cloud):
    with pytest.raises(exception.MarkerNotFound):
        cloud['api'].get_all(_user(), {}, marker='nope')


def test_get_hides_other_projects(cloud):
    _instance(cloud, 'cell2', 1, 1, project_id='p2')
    with pytest.raises(exception.InstanceNotFound):
        cloud['api'].get(_user(), '00000000-0000-4000-8000-000000000001')
    found = cloud['api'].get(cloud['ctxt'],
                             '00000000-0000-4000-8000-000000000001')
    assert found._context.cell_uuid == cloud['cells']['cell2'].uuid


def test_get_of_a_scheduled_server_reads_only_its_mapping(cloud):
    inst = _instance(cloud, 'cell1', 1, 1)
    statements, found = database.count_statements(
        CONF.api_database.connection,
        lambda: cloud['api'].get(_user(), inst.uuid))
    assert found.uuid == inst.uuid
    assert len(statements) == 1
    assert 'instance_mappings' in statements[0]


def test_get_finds_a_server_scheduled_between_its_reads(cloud,
                                                        monkeypatch):
    """The mapping is read without a cell, then conductor creates the
    instance in cell1 and drops the build request before that is read:
    the server is found in cell1 all the same."""
    built = _create(cloud)[0]
    real = objects.BuildRequest.get_by_instance_uuid.__func__

    def conductor_gets_there_first(cls, context, uuid):
        req = real(cls, context, uuid)
        cell = cloud['cells']['cell1']
        with nova_context.target_cell(cloud['ctxt'], cell) as cctxt:
            instance = req.instance
            instance._context = cctxt
            build._mark_all_changed(instance)
            instance.create()
        req.destroy_and_map(cell)
        return real(cls, context, uuid)

    monkeypatch.setattr(objects.BuildRequest, 'get_by_instance_uuid',
                        classmethod(conductor_gets_there_first))
    found = cloud['api'].get(_user(), built.uuid)
    assert found.obj_attr_is_set('id')
    assert found._context.cell_uuid == cloud['cells']['cell1'].uuid


def test_create_writes_records_and_casts(cloud):
    built = _create(cloud, name='My Server', max_count=2)
    assert [i.display_name for i in built] == ['My Server-1',
                                               'My Server-2']
    assert built[0].hostname == 'my-server-1'
    assert built[0].task_state == task_states.SCHEDULING
    assert built[0].reservation_id.startswith('r-')
    for inst in built:
        mapping = objects.InstanceMapping.get_by_instance_uuid(
            cloud['ctxt'], inst.uuid)
        assert mapping.cell_mapping is None
        objects.RequestSpec.get_by_instance_uuid(cloud['ctxt'], inst.uuid)
    _wait_for(lambda: CASTS)
    name, kwargs = CASTS[0]
    assert name == 'schedule_and_build_instances'
    assert len(kwargs['build_requests']) == 2


def _wait_for(predicate, timeout=5.0):
    import time
    deadline = time.time() + timeout
    while not predicate():
        assert time.time() < deadline, 'timed out'
        time.sleep(0.01)


def test_quota_refuses_and_reduces(cloud):
    objects.Quotas.create_limit(cloud['ctxt'], 'p1', 'instances', 2)
    built = _create(cloud, min_count=1, max_count=5)
    assert len(built) == 2
    with pytest.raises(exception.TooManyInstances) as err:
        _create(cloud)
    assert str(err.value) == ('Quota exceeded for instances: Requested 1, '
                              'but already used 2 of 2 instances')


def test_quota_recheck_undoes_a_racing_create(cloud):
    """Two creates both pass the first count; the recheck of the second
    sees the first and removes its own records."""
    objects.Quotas.create_limit(cloud['ctxt'], 'p1', 'instances', 1)
    api = cloud['api']
    racer = {}
    original = api._create_records

    def create_racing(context, instance, spec, tags):
        if not racer:
            racer['done'] = True
            _create(cloud, name='first')  # lands between check and recheck
        return original(context, instance, spec, tags)

    api._create_records = create_racing
    with pytest.raises(exception.TooManyInstances):
        _create(cloud, name='second')
    names = [i.display_name for i in api.get_all(_user(),
                                                 {'project_id': 'p1'})]
    assert names == ['first']


def test_delete_build_request(cloud):
    built = _create(cloud)[0]
    api = cloud['api']
    api.delete(_user(), api.get(_user(), built.uuid))
    with pytest.raises(exception.InstanceNotFound):
        api.get(_user(), built.uuid)
    with pytest.raises(exception.InstanceMappingNotFound):
        objects.InstanceMapping.get_by_instance_uuid(cloud['ctxt'],
                                                     built.uuid)
    with pytest.raises(exception.RequestSpecNotFound):
        objects.RequestSpec.get_by_instance_uuid(cloud['ctxt'], built.uuid)


def test_action_on_unscheduled_server_conflicts(cloud):
    built = _create(cloud)[0]
    api = cloud['api']
    with pytest.raises(exception.InstanceInvalidState) as err:
        api.pause(_user(), api.get(_user(), built.uuid))
    assert err.value.code == 409


def test_invalid_state_message(cloud):
    inst = _instance(cloud, 'cell1', 1, 1, vm_state='stopped')
    api = cloud['api']
    with pytest.raises(exception.InstanceInvalidState) as err:
        api.pause(_user(), api.get(_user(), inst.uuid))
    assert str(err.value) == (
        "Cannot 'pause' instance %s while it is in vm_state stopped"
        % inst.uuid)


def test_task_state_compare_and_swap(cloud):
    inst = _instance(cloud, 'cell1', 1, 1)
    api = cloud['api']
    first = api.get(_user(), inst.uuid)
    second = api.get(_user(), inst.uuid)
    api.pause(_user(), first)
    assert first.task_state == task_states.PAUSING
    with pytest.raises(exception.UnexpectedTaskStateError) as err:
        api.pause(_user(), second)  # stale copy: it still saw no task
    assert err.value.code == 409
    _wait_for(lambda: ('pause_instance', inst.uuid) in CASTS)
    actions = objects.InstanceActionList.get_by_instance_uuid(
        first._context, inst.uuid)
    assert [a.action for a in actions] == ['pause']


def test_locked_server_refuses_owner_not_admin(cloud):
    inst = _instance(cloud, 'cell1', 1, 1, locked=True, locked_by='admin')
    api = cloud['api']
    with pytest.raises(exception.InstanceIsLocked):
        api.pause(_user(), api.get(_user(), inst.uuid))
    api.pause(cloud['ctxt'], api.get(cloud['ctxt'], inst.uuid))


def test_delete_on_host_casts_and_without_host_deletes_locally(cloud):
    api = cloud['api']
    no_host = _instance(cloud, 'cell0', 1, 1, host=None, vm_state='error')
    api.delete(_user(), api.get(_user(), no_host.uuid))
    with pytest.raises(exception.InstanceNotFound):
        api.get(_user(), no_host.uuid)
    mapping = objects.InstanceMapping.get_by_instance_uuid(cloud['ctxt'],
                                                           no_host.uuid)
    assert mapping.queued_for_delete

    on_host = _instance(cloud, 'cell1', 2, 2)
    with nova_context.target_cell(cloud['ctxt'],
                                  cloud['cells']['cell1']) as cctxt:
        objects.Service(cctxt, host='host1', binary='nova-compute',
                        topic='compute', report_count=1, disabled=False,
                        forced_down=False).create()
    api.delete(_user(), api.get(_user(), on_host.uuid))
    assert api.get(_user(), on_host.uuid).task_state == task_states.DELETING
    _wait_for(lambda: ('terminate_instance', on_host.uuid) in CASTS)


def test_sort_key_validation():
    with pytest.raises(exception.InvalidSortKey):
        instance_list.normalize_sort(['flavor'], None)
    assert instance_list.normalize_sort(None, None) == (
        ['created_at', 'uuid'], ['desc', 'desc'])


def test_detail_of_200_servers_is_fast(cloud):
    """GET /servers/detail-equivalent work for 200 servers: bulk loads."""
    import time
    from nova.api.openstack.compute import servers as servers_api
    from nova.api.openstack.compute.views import servers as views
    import webob
    from nova.api.openstack import wsgi
    for n in range(200):
        _instance(cloud, 'cell1' if n % 2 else 'cell2', n + 1, n,
                  metadata={'k': 'v'})
    req = wsgi.Request(webob.Request.blank('/v2.1/servers/detail').environ)
    req.environ['nova.context'] = _user()
    api = cloud['api']

    def detail():
        found = api.get_all(_user(), {'project_id': 'p1'}, limit=1000,
                            expected_attrs=['flavor', 'info_cache',
                                            'metadata', 'fault'])
        return views.ViewBuilder().detail(
            req, found, servers_api.view_extras(req, found))

    detail()  # a running API has its SQL compiled and cached
    started = time.time()
    body = detail()
    elapsed = time.time() - started
    assert len(body['servers']) == 200
    print("detail of 200: %.1f ms" % (elapsed * 1000))
    assert elapsed < 1.0, elapsed


def _service_on_host1(cloud):
    with nova_context.target_cell(cloud['ctxt'],
                                  cloud['cells']['cell1']) as cctxt:
        objects.Service(cctxt, host='host1', binary='nova-compute',
                        topic='compute', report_count=1, disabled=False,
                        forced_down=False).create()


def test_delete_records_its_action_with_the_task_state(cloud):
    """The delete's action and task state are one transaction: a delete
    refused because another request changed the task state meanwhile
    leaves no action behind, and an accepted one leaves both."""
    inst = _instance(cloud, 'cell1', 1, 1)
    _service_on_host1(cloud)
    api = cloud['api']
    stale = api.get(_user(), inst.uuid)
    api.pause(_user(), api.get(_user(), inst.uuid))
    with pytest.raises(exception.UnexpectedTaskStateError):
        api.delete(_user(), stale)
    actions = objects.InstanceActionList.get_by_instance_uuid(
        stale._context, inst.uuid)
    assert [a.action for a in actions] == ['pause']

    fresh = api.get(_user(), inst.uuid)
    fresh.task_state = None
    fresh.save()
    api.delete(_user(), api.get(_user(), inst.uuid))
    actions = objects.InstanceActionList.get_by_instance_uuid(
        stale._context, inst.uuid)
    assert sorted(a.action for a in actions) == ['delete', 'pause']
    assert api.get(_user(), inst.uuid).task_state == task_states.DELETING
