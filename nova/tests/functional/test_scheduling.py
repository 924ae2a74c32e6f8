"""Scheduling and the task flows with real processes: nova-placement-api,
nova-conductor, nova-scheduler and three nova-compute (fake driver) over
RabbitMQ and MariaDB.

nova-api's servers resource is not built yet, so the test plays its part:
it creates the BuildRequest, RequestSpec and InstanceMapping rows and
calls ``ComputeTaskAPI.schedule_and_build_instances`` (and the compute
and conductor clients for delete, resize and migrate) exactly as the RPC
contract says nova-api will.

Hosts: A and B are large; C has little RAM (768 MB usable), so the
``big`` flavor (2048 MB) never fits there.
"""

import contextlib
import signal
import socket
import subprocess
import time
import uuid

import pytest
import requests

import nova.conf
from nova.compute import rpcapi as compute_rpcapi
from nova.compute import task_states
from nova.compute import vm_states
from nova.conductor import rpcapi as conductor_rpcapi
from nova import context as nova_context
from nova import exception
from nova import objects
from nova import rpc
from nova.tests.functional import infra

CONF = nova.conf.CONF
PROJECT = 'proj-sched'
USER = 'user-sched'


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _compute_conf(tmp, res, host, placement, extra_fake=None,
                  extra_default=None):
    conf = infra.seed003_sections(res['transport_url'], None, None)
    del conf['api_database']
    del conf['database']
    conf['DEFAULT'].update({'host': host,
                            'compute_driver': 'fake.FakeDriver',
                            'report_interval': 1,
                            'periodic_fuzzy_delay': 0,
                            'update_resources_interval': 2,
                            'reserved_host_memory_mb': 512})
    conf['DEFAULT'].update(extra_default or {})
    conf['placement'] = placement
    conf['fake_driver'] = dict(extra_fake or {})
    return infra.write_conf(str(tmp / ('%s.conf' % host)), conf)


class Cloud(object):
    def __init__(self, res, tmp):
        self.res = res
        self.tmp = tmp
        rid = res['rid']
        self.hosts = {'A': 'a-%s' % rid, 'B': 'b-%s' % rid,
                      'C': 'c-%s' % rid}
        self.placement_port = _free_port()
        self.placement_url = 'http://127.0.0.1:%d' % self.placement_port
        self.placement = {'auth_type': 'admin_token',
                          'endpoint': self.placement_url, 'token': 'admin'}
        ctl = infra.seed003_sections(res['transport_url'], res['api_db'],
                                     res['main_db'])
        ctl['DEFAULT'].update({
            'host': 'ctl-%s' % rid, 'report_interval': 1,
            'periodic_fuzzy_delay': 0,
            'placement_listen': '127.0.0.1',
            'placement_listen_port': self.placement_port,
            'placement_workers': 1})
        ctl['api'] = {'auth_strategy': 'noauth2'}
        ctl['placement'] = self.placement
        ctl['conductor'] = {'workers': 1}
        ctl['scheduler'] = {'workers': 1, 'max_attempts': 3}
        ctl['filter_scheduler'] = {'enabled_filters': ','.join(
            CONF.filter_scheduler.enabled_filters +
            ['SameHostFilter', 'DifferentHostFilter'])}
        self.ctl_conf = infra.write_conf(str(tmp / 'nova.conf'), ctl)
        self.daemons = {}

    def compute(self, key, fail_spawn=False, fake=None, default=None):
        """The nova-compute of host ``key``; ``fake`` and ``default``:
        more [fake_driver] and [DEFAULT] options."""
        host = self.hosts[key]
        fake = dict(fake or {})
        if key == 'C':
            fake['memory_mb'] = 1024
        if fail_spawn:
            fake['fail_spawn_on_hosts'] = host
        conf = _compute_conf(self.tmp, self.res, host, self.placement, fake,
                             default)
        return infra.Daemon('nova-compute-%s' % key, 'nova.cmd.compute',
                            [conf], str(self.tmp / ('compute-%s.log' % key)))

    def start(self):
        infra.nova_manage(self.ctl_conf, 'api_db', 'sync')
        infra.nova_manage(self.ctl_conf, 'cell_v2', 'map_cell0')
        infra.nova_manage(self.ctl_conf, 'cell_v2', 'create_cell',
                          '--name=cell1')
        infra.nova_manage(self.ctl_conf, 'db', 'sync')
        for name, module in (('placement', 'nova.cmd.placement_api'),
                             ('conductor', 'nova.cmd.conductor'),
                             ('scheduler', 'nova.cmd.scheduler')):
            self.daemons[name] = infra.Daemon(
                'nova-%s' % name, module, [self.ctl_conf],
                str(self.tmp / ('%s.log' % name))).start()
        for key in 'ABC':
            self.daemons[key] = self.compute(key).start()

    def stop(self):
        """SIGTERM to every daemon at once, then wait for each (one by
        one, each graceful stop took seconds)."""
        for daemon in self.daemons.values():
            if daemon.alive():
                try:
                    daemon.signal(signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for daemon in self.daemons.values():
            if daemon.proc is not None:
                try:
                    daemon.proc.wait(20)
                except subprocess.TimeoutExpired:
                    pass  # stop() kills it
            daemon.stop()

    def logs(self):
        return list(self.daemons.values())

    def http(self, method, path, **kwargs):
        headers = {'X-Auth-Token': 'admin',
                   'OpenStack-API-Version': 'placement 1.10'}
        return requests.request(method, self.placement_url + path,
                                headers=headers, timeout=30, **kwargs)


@contextlib.contextmanager
def running_cloud(tmp, cloud_class=Cloud):
    """A started ``cloud_class`` with its flavors and RPC clients, this
    process's configuration and RPC transport pointed at it; stopped and
    restored at the end (shared with test_move_flows)."""
    objects.register_all()
    with infra.cloud_resources() as res:
        c = cloud_class(res, tmp)
        c.start()
        overrides = [('connection', res['api_db'], 'api_database'),
                     ('connection', res['main_db'], 'database')]
        for name, value, group in overrides:
            CONF.set_override(name, value, group=group)
        old_transport = rpc.TRANSPORT
        rpc.set_defaults('nova')
        rpc.TRANSPORT = rpc.create_transport(CONF, res['transport_url'])
        try:
            infra.wait_for(lambda: _providers(c) >= 3, 90,
                           what='three resource providers',
                           daemons=c.logs())
            infra.nova_manage(c.ctl_conf, 'cell_v2', 'discover_hosts')
            c.ctxt = nova_context.RequestContext(
                user_id=USER, project_id=PROJECT, is_admin=True)
            c.cell1 = [m for m in objects.CellMappingList.get_all(c.ctxt)
                       if not m.is_cell0()][0]
            c.cell0 = objects.CellMapping.get_by_uuid(
                c.ctxt, objects.CellMapping.CELL0_UUID)
            c.flavors = {}
            for name, ram, vcpus in (('small', 64, 1), ('medium', 128, 2),
                                     ('big', 2048, 2),
                                     ('huge', 10 ** 7, 1)):
                flavor = objects.Flavor(c.ctxt, name='%s-%s' % (
                    name, res['rid']), memory_mb=ram, vcpus=vcpus,
                    root_gb=1, ephemeral_gb=0, flavorid=name + res['rid'])
                flavor.create()
                c.flavors[name] = flavor
            c.task_api = conductor_rpcapi.ComputeTaskAPI()
            c.compute_api = compute_rpcapi.ComputeAPI()
            yield c
        finally:
            rpc.cleanup()
            rpc.TRANSPORT = old_transport
            for name, value, group in overrides:
                CONF.clear_override(name, group=group)
            c.stop()


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    with running_cloud(tmp_path_factory.mktemp('sched')) as c:
        yield c


def _providers(c):
    try:
        resp = c.http('GET', '/resource_providers')
    except requests.ConnectionError:
        return 0
    if resp.status_code != 200:
        return 0
    return len([p for p in resp.json()['resource_providers']
                if p['name'] in c.hosts.values()])


def _new_context():
    return nova_context.RequestContext(user_id=USER, project_id=PROJECT,
                                       is_admin=True)


def _boot(c, flavor, count=1, group=None, name='srv', zone=None,
          hints=None, force_host=None):
    """Do what nova-api does for POST /servers, then cast to conductor."""
    ctxt = _new_context()
    build_requests, specs = [], []
    for index in range(count):
        inst_uuid = str(uuid.uuid4())
        instance = objects.Instance(
            ctxt, uuid=inst_uuid, project_id=PROJECT, user_id=USER,
            display_name='%s-%d' % (name, index), flavor=flavor,
            instance_type_id=flavor.id, memory_mb=flavor.memory_mb,
            vcpus=flavor.vcpus, root_gb=flavor.root_gb,
            ephemeral_gb=flavor.ephemeral_gb, vm_state=vm_states.BUILDING,
            task_state=task_states.SCHEDULING, power_state=0,
            launch_index=index, image_ref='', metadata={},
            system_metadata={}, availability_zone=zone)
        spec = objects.RequestSpec.from_components(
            ctxt, inst_uuid, flavor, image={}, num_instances=count,
            availability_zone=zone, scheduler_hints=hints,
            instance_group=group, project_id=PROJECT, user_id=USER,
            force_hosts=[force_host] if force_host else None)
        spec.create()
        br = objects.BuildRequest(ctxt, instance=instance,
                                  instance_uuid=inst_uuid,
                                  project_id=PROJECT)
        br.create()
        objects.InstanceMapping(ctxt, instance_uuid=inst_uuid,
                                project_id=PROJECT, user_id=USER,
                                cell_mapping=None).create()
        build_requests.append(br)
        specs.append(spec)
    c.task_api.schedule_and_build_instances(
        ctxt, build_requests, specs, {}, None, [], None, [])
    return [br.instance_uuid for br in build_requests]


def _find(c, inst_uuid):
    """(cell, instance) once conductor has placed it, else None."""
    mapping = objects.InstanceMapping.get_by_instance_uuid(c.ctxt,
                                                           inst_uuid)
    if mapping.cell_mapping is None:
        return None
    with nova_context.target_cell(c.ctxt, mapping.cell_mapping) as cctxt:
        return mapping.cell_mapping, objects.Instance.get_by_uuid(
            cctxt, inst_uuid, expected_attrs=['fault', 'flavor'])


def _wait_state(c, uuids, states, timeout=120):
    def done():
        found = [_find(c, u) for u in uuids]
        if all(f is not None and f[1].vm_state in states and
               f[1].task_state is None for f in found):
            return found
        return None
    return infra.wait_for(done, timeout, interval=0.5,
                          what='%s in %s' % (len(uuids), states),
                          daemons=c.logs())


def _allocations(c, inst_uuid):
    resp = c.http('GET', '/allocations/%s' % inst_uuid)
    return {rp: v['resources']
            for rp, v in resp.json().get('allocations', {}).items()}


def _rp(c, key):
    for p in c.http('GET', '/resource_providers').json()[
            'resource_providers']:
        if p['name'] == c.hosts[key]:
            return p['uuid']


def _delete(c, inst_uuid):
    ctxt = _new_context()
    found = _find(c, inst_uuid)
    if found is None:
        return
    cell, instance = found
    with nova_context.target_cell(ctxt, cell) as cctxt:
        instance = objects.Instance.get_by_uuid(cctxt, inst_uuid)
        if cell.is_cell0():
            instance.destroy()
            return
        objects.InstanceAction.action_start(cctxt, inst_uuid, 'delete',
                                            want_result=False)
        instance.task_state = task_states.DELETING
        instance.save()
        c.compute_api.terminate_instance(cctxt, instance, [])


def _wait_deleted(c, uuids, timeout=90):
    def gone():
        for u in uuids:
            try:
                objects.Instance.get_by_uuid(c.ctxt, u)
                return False
            except exception.InstanceNotFound:
                pass
        return True
    infra.wait_for(gone, timeout, interval=0.5, what='deletes',
                   daemons=c.logs())


def test_twenty_servers_spread_and_ram_respected(cloud):
    c = cloud
    uuids = _boot(c, c.flavors['small'], count=20, name='spread')
    found = _wait_state(c, uuids, [vm_states.ACTIVE])
    hosts = [inst.host for _cell, inst in found]
    a, b = hosts.count(c.hosts['A']), hosts.count(c.hosts['B'])
    # A and B have the same (large) free RAM: the RAM weigher alternates.
    assert a >= 7 and b >= 7, hosts
    for _cell, inst in found:
        # Everything the build request carried reached the cell database.
        assert (inst.user_id, inst.project_id, inst.memory_mb) == (
            USER, PROJECT, 64)
        allocs = _allocations(c, inst.uuid)
        assert list(allocs.values()) == [
            {'VCPU': 1, 'MEMORY_MB': 64, 'DISK_GB': 1}]
    # The big flavor never lands on C (768 MB usable).
    big = _boot(c, c.flavors['big'], count=4, name='big')
    found = _wait_state(c, big, [vm_states.ACTIVE])
    assert c.hosts['C'] not in {inst.host for _cell, inst in found}
    for u in uuids + big:
        _delete(c, u)
    _wait_deleted(c, uuids + big)


def test_anti_affinity_group_and_the_fourth_member(cloud):
    c = cloud
    group = objects.InstanceGroup(c.ctxt, name='anti', project_id=PROJECT,
                                  user_id=USER,
                                  policies=['anti-affinity'])
    group.create()
    uuids = _boot(c, c.flavors['small'], count=3, group=group, name='anti')
    found = _wait_state(c, uuids, [vm_states.ACTIVE])
    assert sorted(inst.host for _cell, inst in found) == sorted(
        c.hosts.values())
    fourth = _boot(c, c.flavors['small'], group=group, name='anti4')
    cell, inst = _wait_state(c, fourth, [vm_states.ERROR])[0]
    assert cell.is_cell0()
    assert inst.fault.message.startswith('No valid host was found')
    assert 'ServerGroupAntiAffinityFilter' in inst.fault.message
    assert _allocations(c, fourth[0]) == {}
    for u in uuids + fourth:
        _delete(c, u)
    _wait_deleted(c, uuids)


def test_server_that_fits_nowhere_is_buried_in_cell0(cloud):
    c = cloud
    uuids = _boot(c, c.flavors['huge'], name='huge')
    cell, inst = _wait_state(c, uuids, [vm_states.ERROR])[0]
    assert cell.is_cell0()
    assert inst.fault.message.startswith('No valid host was found')
    assert 'no allocation candidates' in inst.fault.message.lower()
    assert 'MEMORY_MB:10000000' in inst.fault.message
    with pytest.raises(exception.BuildRequestNotFound):
        objects.BuildRequest.get_by_instance_uuid(c.ctxt, uuids[0])
    _delete(c, uuids[0])


def test_availability_zone_follows_aggregate_changes_at_once(cloud):
    """nova-scheduler keeps the aggregates between requests: a zone moved
    to another host, or emptied, is seen by the very next boot."""
    c = cloud
    zone = 'az-%s' % c.res['rid']
    agg = objects.Aggregate(c.ctxt, name='zone-%s' % c.res['rid'],
                            metadata={'availability_zone': zone})
    agg.create()
    booted = []
    try:
        agg.add_host(c.hosts['B'])
        # A server that asks for no zone is recorded in its host's.
        booted += _boot(c, c.flavors['small'], name='any-zone')
        _cell, inst = _wait_state(c, booted[-1:], [vm_states.ACTIVE])[0]
        assert inst.availability_zone == (
            zone if inst.host == c.hosts['B'] else
            CONF.default_availability_zone), inst.host
        for host in ('B', 'C'):
            if host == 'C':
                agg.delete_host(c.hosts['B'])
                agg.add_host(c.hosts['C'])
            booted += _boot(c, c.flavors['small'], zone=zone,
                            name='in-%s' % host)
            _cell, inst = _wait_state(c, booted[-1:], [vm_states.ACTIVE])[0]
            assert inst.host == c.hosts[host]
        agg.delete_host(c.hosts['C'])
        booted += _boot(c, c.flavors['small'], zone=zone, name='no-zone')
        cell, inst = _wait_state(c, booted[-1:], [vm_states.ERROR])[0]
        assert cell.is_cell0()
        assert 'AvailabilityZoneFilter' in inst.fault.message
    finally:
        for u in booted:
            _delete(c, u)
        _wait_deleted(c, booted)
        agg = objects.Aggregate.get_by_id(c.ctxt, agg.id)
        for host in agg.hosts:
            agg.delete_host(host)
        agg.destroy()


def test_same_host_and_different_host_hints(cloud):
    """Hints name a running server: same_host lands beside it,
    different_host anywhere else."""
    c = cloud
    first = _boot(c, c.flavors['small'], name='hinted')
    _cell, inst = _wait_state(c, first, [vm_states.ACTIVE])[0]
    booted = list(first)
    try:
        for hint, name in (('same_host', 'beside'),
                           ('different_host', 'apart')):
            for _index in range(2):
                booted += _boot(c, c.flavors['small'], name=name,
                                hints={hint: first})
                _cell, other = _wait_state(c, booted[-1:],
                                           [vm_states.ACTIVE])[0]
                assert (other.host == inst.host) == (hint == 'same_host')
    finally:
        for u in booted:
            _delete(c, u)
        _wait_deleted(c, booted)


def _migrate(c, inst_uuid, flavor, wait=True):
    ctxt = _new_context()
    _cell, instance = _find(c, inst_uuid)
    objects.InstanceAction.action_start(
        ctxt, inst_uuid,
        'migrate' if flavor.id == instance.flavor.id else 'resize',
        want_result=False)
    instance = objects.Instance.get_by_uuid(ctxt, inst_uuid,
                                            expected_attrs=['flavor'])
    instance.task_state = task_states.RESIZE_PREP
    instance.save(expected_task_state=[None])
    c.task_api.migrate_server(ctxt, instance, {}, False, False, flavor,
                              None, None)
    if wait:
        return _wait_state(c, [inst_uuid], [vm_states.RESIZED])[0][1]


def _confirm(c, inst_uuid):
    ctxt = _new_context()
    instance = objects.Instance.get_by_uuid(ctxt, inst_uuid,
                                            expected_attrs=['flavor'])
    migration = objects.Migration.get_by_instance_and_status(
        ctxt, inst_uuid, 'finished')
    objects.InstanceAction.action_start(ctxt, inst_uuid, 'confirmResize',
                                        want_result=False)
    migration.status = 'confirming'
    migration.save()
    c.compute_api.confirm_resize(ctxt, instance, migration,
                                 migration.source_compute)
    return migration


def _revert(c, inst_uuid):
    ctxt = _new_context()
    instance = objects.Instance.get_by_uuid(ctxt, inst_uuid,
                                            expected_attrs=['flavor'])
    migration = objects.Migration.get_by_instance_and_status(
        ctxt, inst_uuid, 'finished')
    objects.InstanceAction.action_start(ctxt, inst_uuid, 'revertResize',
                                        want_result=False)
    instance.task_state = task_states.RESIZE_REVERTING
    instance.save(expected_task_state=[None])
    c.compute_api.revert_resize(ctxt, instance, migration,
                                migration.dest_compute)
    return migration


def _wait_allocs(c, inst_uuid, expected):
    infra.wait_for(lambda: _allocations(c, inst_uuid) == expected, 60,
                   interval=0.5, what='allocations %s' % expected,
                   daemons=c.logs())


def test_resize_confirm_revert_and_cold_migrate(cloud):
    c = cloud
    small, medium = c.flavors['small'], c.flavors['medium']
    uuid_ = _boot(c, small, name='mover')[0]
    _cell, inst = _wait_state(c, [uuid_], [vm_states.ACTIVE])[0]
    source = inst.host
    src_key = [k for k, h in c.hosts.items() if h == source][0]
    src_rp = _rp(c, src_key)

    # Resize (confirm): doubled allocation while RESIZED, then dest only.
    inst = _migrate(c, uuid_, medium)
    assert inst.host != source
    dest_key = [k for k, h in c.hosts.items() if h == inst.host][0]
    dest_rp = _rp(c, dest_key)
    assert _allocations(c, uuid_) == {
        src_rp: {'VCPU': 1, 'MEMORY_MB': 64, 'DISK_GB': 1},
        dest_rp: {'VCPU': 2, 'MEMORY_MB': 128, 'DISK_GB': 1}}
    _confirm(c, uuid_)
    _wait_state(c, [uuid_], [vm_states.ACTIVE])
    _wait_allocs(c, uuid_, {dest_rp: {'VCPU': 2, 'MEMORY_MB': 128,
                                      'DISK_GB': 1}})
    _cell, inst = _find(c, uuid_)
    assert inst.flavor.flavorid == medium.flavorid
    assert inst.memory_mb == 128

    # Resize back to small, then revert: back on dest with medium.
    inst = _migrate(c, uuid_, small)
    third_rp = _rp(c, [k for k, h in c.hosts.items()
                       if h == inst.host][0])
    assert third_rp != dest_rp
    migration = _revert(c, uuid_)
    infra.wait_for(
        lambda: _find(c, uuid_)[1].vm_state == vm_states.ACTIVE and
        _find(c, uuid_)[1].host == migration.source_compute, 60,
        interval=0.5, what='revert', daemons=c.logs())
    _wait_allocs(c, uuid_, {dest_rp: {'VCPU': 2, 'MEMORY_MB': 128,
                                      'DISK_GB': 1}})
    _cell, inst = _find(c, uuid_)
    assert inst.flavor.flavorid == medium.flavorid
    ctxt = _new_context()
    assert objects.Migration.get_by_id(ctxt, migration.id).status == \
        'reverted'

    # Cold migrate (same flavor): allocations move with it.
    before = inst.host
    inst = _migrate(c, uuid_, inst.flavor)
    assert inst.host != before
    _confirm(c, uuid_)
    new_rp = _rp(c, [k for k, h in c.hosts.items() if h == inst.host][0])
    _wait_allocs(c, uuid_, {new_rp: {'VCPU': 2, 'MEMORY_MB': 128,
                                     'DISK_GB': 1}})
    _delete(c, uuid_)
    _wait_deleted(c, [uuid_])


def test_failed_build_is_rescheduled_to_another_host(cloud):
    c = cloud
    c.daemons['A'].stop()
    c.daemons['A'] = c.compute('A', fail_spawn=True).start()
    ctxt = _new_context()

    def a_up():
        svc = objects.Service.get_by_host_and_binary(ctxt, c.hosts['A'],
                                                     'nova-compute')
        return 'fake driver was told' not in c.daemons['A'].log() and \
            svc is not None and 'Starting compute' in c.daemons['A'].log()
    time.sleep(5)
    uuids = _boot(c, c.flavors['big'], count=4, name='resched')
    found = _wait_state(c, uuids, [vm_states.ACTIVE], timeout=180)
    assert {inst.host for _cell, inst in found} == {c.hosts['B']}
    assert 'was told to fail spawns' in c.daemons['A'].log()
    for u in uuids:
        assert list(_allocations(c, u)) == [_rp(c, 'B')]
    for u in uuids:
        _delete(c, u)
    _wait_deleted(c, uuids)


def _spawning_on(c, inst_uuid, key):
    found = _find(c, inst_uuid)
    return (found is not None and found[1].host == c.hosts[key] and
            found[1].task_state == task_states.SPAWNING)


def test_no_build_stays_stuck_in_build(cloud):
    """A build that outlives ``[DEFAULT] instance_build_timeout`` goes to
    ERROR with a fault; so does one whose nova-compute is killed in the
    middle, once that service is back.  Deleted, they leave nothing (the
    next test checks every provider)."""
    c = cloud
    # A's spawns take ten minutes; it gives up on builds after 3 s.
    c.daemons['A'].kill9()
    c.daemons['A'] = c.compute('A', fake={'spawn_seconds': 600},
                               default={'instance_build_timeout': 3}).start()
    slow = _boot(c, c.flavors['small'], name='slow',
                 force_host=c.hosts['A'])
    found = _wait_state(c, slow, [vm_states.ERROR], timeout=90)
    assert 'timed out after 3 seconds' in found[0][1].fault.message

    # Without the timeout, a build whose service dies stays in BUILD
    # until the service is back.
    c.daemons['A'].kill9()
    c.daemons['A'] = c.compute('A', fake={'spawn_seconds': 600}).start()
    cut = _boot(c, c.flavors['small'], name='cut', force_host=c.hosts['A'])
    infra.wait_for(lambda: _spawning_on(c, cut[0], 'A'), 90,
                   what='a build under way on A', daemons=c.logs())
    c.daemons['A'].kill9()
    c.daemons['A'] = c.compute('A').start()
    found = _wait_state(c, cut, [vm_states.ERROR], timeout=90)
    assert ('was interrupted: nova-compute on %s stopped' % c.hosts['A']
            in found[0][1].fault.message)
    assert list(_allocations(c, cut[0])) == [_rp(c, 'A')]
    for u in slow + cut:
        _delete(c, u)
    _wait_deleted(c, slow + cut)


def test_resize_left_unconfirmed_is_confirmed_after_the_window(cloud):
    """``[DEFAULT] resize_confirm_window`` on the destination confirms a
    resize nobody confirmed, as a user's confirm would (allocations
    moved, action recorded).  The server was forced onto its first host
    when created: the resize schedules afresh all the same."""
    c = cloud
    small, medium = c.flavors['small'], c.flavors['medium']
    for key in 'BC':
        c.daemons[key].kill9()
        c.daemons[key] = c.compute(
            key, default={'resize_confirm_window': 1}).start()
    uuid_ = _boot(c, small, name='unconfirmed', force_host=c.hosts['A'])[0]
    _wait_state(c, [uuid_], [vm_states.ACTIVE])
    _migrate(c, uuid_, medium, wait=False)

    def confirmed():
        found = _find(c, uuid_)[1]
        return (found.vm_state == vm_states.ACTIVE and
                found.task_state is None and
                found.flavor.flavorid == medium.flavorid and found)
    inst = infra.wait_for(confirmed, 90, interval=0.5,
                          what='the resize confirmed', daemons=c.logs())
    assert inst.host in (c.hosts['B'], c.hosts['C'])
    dest_key = [k for k, h in c.hosts.items() if h == inst.host][0]
    _wait_allocs(c, uuid_, {_rp(c, dest_key): {'VCPU': 2, 'MEMORY_MB': 128,
                                               'DISK_GB': 1}})
    migration = objects.MigrationList.get_by_filters(
        _new_context(), {'instance_uuid': uuid_})[0]
    assert migration.status == 'confirmed'
    actions = objects.InstanceActionList.get_by_instance_uuid(
        _new_context(), uuid_)
    assert 'confirmResize' in [a.action for a in actions]
    _delete(c, uuid_)
    _wait_deleted(c, [uuid_])


def test_everything_deleted_leaves_no_usage(cloud):
    c = cloud
    infra.wait_for(
        lambda: all(
            not any(c.http('GET', '/resource_providers/%s/usages'
                           % _rp(c, k)).json()['usages'].values())
            for k in 'ABC'), 60, interval=1, what='zero usages',
        daemons=c.logs())
    for key in 'ABC':
        resp = c.http('GET', '/resource_providers/%s/allocations'
                      % _rp(c, key))
        assert resp.json()['allocations'] == {}
