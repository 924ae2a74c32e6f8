"""The conductor's other task flows through the real daemons: live
migration, evacuate, rebuild, shelve/unshelve, snapshot and the power
actions.

The cloud is test_scheduling's (placement, conductor, scheduler and three
fake-driver computes over RabbitMQ and MariaDB) plus nova-api and a real
Glance.  Every step goes through the Compute API as a user's client would,
and is checked there (server state, os-migrations) and in placement's own
HTTP API (allocations, usages).  The computes here keep their guests
across a restart (``[fake_driver] state_path``) so the clean-up of an
evacuated host is seen to remove the guest, not only the records.

Hosts (test_scheduling): A and B are large, C has 768 MB usable, so the
``big`` flavor (2048 MB) never fits there.  B offloads shelved servers at
once (``shelved_offload_time = 0``), C after a second (its periodic task
runs every second), A never.
"""

import json

import pytest
import requests

from nova.tests.functional.glance import glance  # noqa: F401
from nova.tests.functional import infra
from nova.tests.functional import test_scheduling as sched

ADMIN = {'X-Auth-Token': 'admin:admin'}
SMALL = {'VCPU': 1, 'MEMORY_MB': 64, 'DISK_GB': 1}
BIG = {'VCPU': 2, 'MEMORY_MB': 2048, 'DISK_GB': 1}


class MoveCloud(sched.Cloud):
    """test_scheduling's cloud; computes keep their guests across a
    restart and talk to the test's Glance."""

    glance_url = None

    def compute(self, key, fail_spawn=False):
        host = self.hosts[key]
        conf = infra.seed003_sections(self.res['transport_url'], None, None)
        del conf['api_database']
        del conf['database']
        conf['DEFAULT'].update({
            'host': host, 'compute_driver': 'fake.FakeDriver',
            'report_interval': 1, 'periodic_fuzzy_delay': 0,
            'update_resources_interval': 2,
            'reserved_host_memory_mb': 512,
            'shelved_offload_time': {'B': 0, 'C': 1}.get(key, -1),
            'shelved_poll_interval': 1})
        conf['placement'] = self.placement
        conf['glance'] = {'api_servers': self.glance_url}
        conf['fake_driver'] = {
            'state_path': str(self.tmp / ('guests-%s.json' % key))}
        if key == 'C':
            conf['fake_driver']['memory_mb'] = 1024
        path = infra.write_conf(str(self.tmp / ('%s.conf' % host)), conf)
        return infra.Daemon('nova-compute-%s' % key, 'nova.cmd.compute',
                            [path], str(self.tmp / ('compute-%s.log' % key)))


@pytest.fixture(scope='module')
def cloud(tmp_path_factory, glance):  # noqa: F811
    MoveCloud.glance_url = glance.url
    with sched.running_cloud(tmp_path_factory.mktemp('moves'),
                             MoveCloud) as c:
        c.glance = glance
        c.api = _start_api(c)
        c.images = {'other': glance.upload('move-other', _disk(c), 'raw'),
                    'ppc': _ppc_image(glance, c)}
        yield c


def _disk(c):
    path = str(c.tmp / 'tiny.img')
    with open(path, 'wb') as f:
        f.write(b'\0' * 4096)
    return path


def _ppc_image(glance, c):  # noqa: F811
    """An image no host here can run (ImagePropertiesFilter)."""
    image_id = glance.upload('move-ppc64', _disk(c), 'raw')
    resp = requests.patch(
        '%s/v2/images/%s' % (glance.url, image_id), timeout=30,
        headers={'Content-Type':
                 'application/openstack-images-v2.1-json-patch'},
        json=[{'op': 'add', 'path': '/hw_architecture',
               'value': 'ppc64'}])
    resp.raise_for_status()
    return image_id


def _start_api(c):
    res = c.res
    port = sched._free_port()
    conf = infra.seed003_sections(res['transport_url'], res['api_db'],
                                  res['main_db'])
    conf['DEFAULT'].update({'host': 'api-%s' % res['rid'],
                            'osapi_compute_listen': '127.0.0.1',
                            'osapi_compute_listen_port': port,
                            'osapi_compute_workers': 1})
    conf['api'] = {'auth_strategy': 'noauth2'}
    conf['placement'] = c.placement
    conf['glance'] = {'api_servers': c.glance.url}
    path = infra.write_conf(str(c.tmp / 'nova-api.conf'), conf)
    c.api_daemon = infra.Daemon('nova-api', 'nova.cmd.api', [path],
                                str(c.tmp / 'api.log')).start()
    c.daemons['api'] = c.api_daemon
    url = 'http://127.0.0.1:%d/v2.1' % port

    def answers():
        try:
            return requests.get(url + '/', timeout=5).status_code == 200
        except requests.ConnectionError:
            return False
    infra.wait_for(answers, 60, what='nova-api', daemons=[c.api_daemon])
    return url


# -- the API, as a client ----------------------------------------------------

def _call(c, method, path, version='2.37', **kwargs):
    headers = dict(ADMIN, **{'X-OpenStack-Nova-API-Version': version})
    return requests.request(method, c.api + path, headers=headers,
                            timeout=90, **kwargs)


def _action(c, server_id, body, version='2.37', status=202):
    resp = _call(c, 'POST', '/servers/%s/action' % server_id, version,
                 json=body)
    assert resp.status_code == status, resp.text
    return resp


def _server(c, server_id):
    resp = _call(c, 'GET', '/servers/%s' % server_id)
    assert resp.status_code == 200, resp.text
    return resp.json()['server']


def _wait(c, server_id, status, timeout=60, **expect):
    def reached():
        s = _server(c, server_id)
        if s['status'] == 'ERROR' and status != 'ERROR':
            raise AssertionError('server went to ERROR: %s' % s)
        if s['status'] == status and s['OS-EXT-STS:task_state'] is None \
                and all(s.get(k) == v for k, v in expect.items()):
            return s
        return None
    return infra.wait_for(reached, timeout, interval=0.3,
                          what='%s %s %s' % (server_id, status, expect),
                          daemons=_daemons(c))


def _daemons(c):
    return [d for d in c.daemons.values() if d.proc is not None and
            d.proc.returncode is None]


def _boot(c, flavor='small', name='mv', image=None):
    resp = _call(c, 'POST', '/servers', json={'server': {
        'name': name, 'imageRef': image or c.glance.image_id,
        'flavorRef': c.flavors[flavor].flavorid, 'networks': 'none'}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    _wait(c, server_id, 'ACTIVE')
    return server_id


def _host(c, server_id):
    return _server(c, server_id)['OS-EXT-SRV-ATTR:host']


def _key(c, host):
    return [k for k, h in c.hosts.items() if h == host][0]


def _allocs(c, server_id):
    """{host key: resources} of the server's allocations in placement."""
    by_rp = sched._allocations(c, server_id)
    rps = {sched._rp(c, k): k for k in 'ABC'}
    return {rps[rp]: res for rp, res in by_rp.items()}


def _migrations(c, server_id, kind):
    resp = _call(c, 'GET', '/os-migrations?instance_uuid=%s' % server_id,
                 version='2.23')
    assert resp.status_code == 200, resp.text
    return sorted((m for m in resp.json()['migrations']
                   if m['migration_type'] == kind), key=lambda m: m['id'])


def _live(c, server_id, host=None, force=None, version='2.30', status=202):
    body = {'host': host, 'block_migration': 'auto'}
    if force is not None:
        body['force'] = force
    return _action(c, server_id, {'os-migrateLive': body}, version,
                   status=status)


def _force_down(c, key, down):
    resp = _call(c, 'PUT', '/os-services/force-down', version='2.11',
                 json={'host': c.hosts[key], 'binary': 'nova-compute',
                       'forced_down': down})
    assert resp.status_code == 200, resp.text


def _enable(c, key, enabled):
    resp = _call(c, 'PUT', '/os-services/%s' % (
        'enable' if enabled else 'disable'),
        json={'host': c.hosts[key], 'binary': 'nova-compute'})
    assert resp.status_code == 200, resp.text


# -- the flows ---------------------------------------------------------------

def test_live_migration_scheduled_named_and_forced(cloud):
    c = cloud
    sid = _boot(c, name='live')
    src = _key(c, _host(c, sid))
    assert _allocs(c, sid) == {src: SMALL}

    # No host: the scheduler picks another one (2.34: cast).
    _live(c, sid, version='2.34')
    _wait(c, sid, 'ACTIVE')
    infra.wait_for(lambda: _key(c, _host(c, sid)) != src, 30,
                   what='server moved', daemons=_daemons(c))
    first = _key(c, _host(c, sid))
    assert first != src
    sched._wait_allocs(c, sid, {sched._rp(c, first): SMALL})

    # A named host the scheduler checks (2.30, force false).
    target = [k for k in 'ABC' if k not in (first,)][0]
    _live(c, sid, host=c.hosts[target], force=False)
    _wait(c, sid, 'ACTIVE', **{'OS-EXT-SRV-ATTR:host': c.hosts[target]})
    sched._wait_allocs(c, sid, {sched._rp(c, target): SMALL})

    # Forced: the scheduler is bypassed (a disabled host, which its
    # ComputeFilter refuses, is taken), placement still claims.
    forced = [k for k in 'ABC' if k != target][0]
    _enable(c, forced, False)
    try:
        resp = _live(c, sid, host=c.hosts[forced], force=False, status=400)
        assert 'ComputeFilter' in resp.json()['badRequest']['message']
        _live(c, sid, host=c.hosts[forced], force=True)
        _wait(c, sid, 'ACTIVE',
              **{'OS-EXT-SRV-ATTR:host': c.hosts[forced]})
    finally:
        _enable(c, forced, True)
    sched._wait_allocs(c, sid, {sched._rp(c, forced): SMALL})
    records = _migrations(c, sid, 'live-migration')
    assert [m['status'] for m in records] == [
        'completed', 'completed', 'error', 'completed']
    done = [m for m in records if m['status'] == 'completed']
    assert [m['dest_compute'] for m in done] == [
        c.hosts[first], c.hosts[target], c.hosts[forced]]
    # A paused server arrives paused.
    _action(c, sid, {'pause': None})
    _wait(c, sid, 'PAUSED')
    _live(c, sid, version='2.34')
    s = _wait(c, sid, 'PAUSED', timeout=30)
    infra.wait_for(lambda: _host(c, sid) != c.hosts[forced], 30,
                   what='paused server moved', daemons=_daemons(c))
    s = _wait(c, sid, 'PAUSED')
    assert s['OS-EXT-STS:power_state'] == 3
    sched._wait_allocs(c, sid, {sched._rp(c, _key(
        c, s['OS-EXT-SRV-ATTR:host'])): SMALL})
    _action(c, sid, {'unpause': None})
    _wait(c, sid, 'ACTIVE')


def test_live_migration_refused_leaves_the_server_alone(cloud):
    c = cloud
    sid = _boot(c, flavor='big', name='live-big')
    src = _key(c, _host(c, sid))
    assert src in 'AB'
    other = 'B' if src == 'A' else 'A'

    def unchanged():
        s = _wait(c, sid, 'ACTIVE')
        assert s['OS-EXT-SRV-ATTR:host'] == c.hosts[src]
        assert _allocs(c, sid) == {src: BIG}

    # C lacks the RAM: the scheduler says so, and so does placement when
    # the scheduler is bypassed.
    resp = _live(c, sid, host=c.hosts['C'], force=False, status=400)
    assert 'No valid host was found' in resp.json()['badRequest']['message']
    unchanged()
    resp = _live(c, sid, host=c.hosts['C'], force=True, status=400)
    assert 'not enough free resources' in \
        resp.json()['badRequest']['message']
    unchanged()
    # A destination that is down.
    _force_down(c, other, True)
    try:
        resp = _live(c, sid, host=c.hosts[other], force=True, status=400)
        assert 'unavailable' in resp.json()['badRequest']['message']
        unchanged()
        # Asynchronous (2.34): accepted, then refused by conductor.
        _live(c, sid, host=c.hosts[other], force=True, version='2.34')
        infra.wait_for(
            lambda: len(_migrations(c, sid, 'live-migration')) == 4, 30,
            what='fourth record', daemons=_daemons(c))
        unchanged()
    finally:
        _force_down(c, other, False)
    assert [m['status'] for m in _migrations(c, sid, 'live-migration')] \
        == ['error'] * 4
    # Still movable afterwards.
    _live(c, sid, host=c.hosts[other], force=False)
    _wait(c, sid, 'ACTIVE', **{'OS-EXT-SRV-ATTR:host': c.hosts[other]})
    sched._wait_allocs(c, sid, {sched._rp(c, other): BIG})
    c.big_server = sid


def _put_on(c, sid, key):
    if _key(c, _host(c, sid)) != key:
        _live(c, sid, host=c.hosts[key], force=True)
        _wait(c, sid, 'ACTIVE', **{'OS-EXT-SRV-ATTR:host': c.hosts[key]})


def test_evacuate_and_the_old_host_cleans_up(cloud):
    c = cloud
    sids = [_boot(c, name='evac-%d' % i) for i in range(3)]
    for sid in sids:
        _put_on(c, sid, 'A')
        sched._wait_allocs(c, sid, {sched._rp(c, 'A'): SMALL})
    # A's host dies; an operator fences it and marks it down.
    c.daemons['A'].stop()
    state = c.tmp / 'guests-A.json'
    with open(str(state)) as f:
        assert set(sids) <= set(json.load(f))
    _force_down(c, 'A', True)

    _action(c, sids[0], {'evacuate': {}}, version='2.29', status=200)
    _action(c, sids[1], {'evacuate': {'host': c.hosts['B']}},
            version='2.29', status=200)
    # Forced: the scheduler is bypassed, so disabled C is taken.
    _enable(c, 'C', False)
    try:
        _action(c, sids[2], {'evacuate': {'host': c.hosts['C'],
                                          'force': True}},
                version='2.29', status=200)
        _wait(c, sids[2], 'ACTIVE')
    finally:
        _enable(c, 'C', True)
    dests = {}
    for sid, want in zip(sids, (None, 'B', 'C')):
        s = _wait(c, sid, 'ACTIVE')
        dests[sid] = _key(c, s['OS-EXT-SRV-ATTR:host'])
        assert dests[sid] != 'A'
        if want:
            assert dests[sid] == want
        evac = _migrations(c, sid, 'evacuation')
        assert [m['status'] for m in evac] == ['done']
        assert evac[0]['source_compute'] == c.hosts['A']
        # Until A is back, A's share stays claimed beside the new one.
        assert _allocs(c, sid) == {'A': SMALL, dests[sid]: SMALL}

    # A comes back: it destroys the guests it still has and drops their
    # allocations on its provider.
    c.daemons['A'] = c.compute('A').start()
    _force_down(c, 'A', False)
    for sid in sids:
        sched._wait_allocs(c, sid, {sched._rp(c, dests[sid]): SMALL})
        infra.wait_for(
            lambda: [m['status'] for m in _migrations(c, sid, 'evacuation')]
            == ['completed'], 30, what='evacuation completed',
            daemons=_daemons(c))
        assert 'Destroying %s: evacuated' % sid in c.daemons['A'].log()
    c.daemons['A'].stop()
    with open(str(state)) as f:
        assert not set(sids) & set(json.load(f))
    c.daemons['A'] = c.compute('A').start()
    infra.wait_for(lambda: 'Starting compute' in c.daemons['A'].log() or
                   sched._providers(c) >= 3, 30, what='A back',
                   daemons=_daemons(c))
    c.evacuated = sids


def test_rebuild_same_host_and_an_image_the_host_refuses(cloud):
    c = cloud
    sid = _boot(c, name='rebuild')
    host = _host(c, sid)
    before = _allocs(c, sid)
    _action(c, sid, {'rebuild': {'imageRef': c.images['other']}})
    s = _wait(c, sid, 'ACTIVE')
    assert s['image']['id'] == c.images['other']
    assert s['OS-EXT-SRV-ATTR:host'] == host
    assert _allocs(c, sid) == before

    # A stopped server is rebuilt stopped.
    _action(c, sid, {'os-stop': None})
    _wait(c, sid, 'SHUTOFF')
    _action(c, sid, {'rebuild': {'imageRef': c.glance.image_id}})
    s = _wait(c, sid, 'SHUTOFF', timeout=30)
    assert s['image']['id'] == c.glance.image_id
    assert s['OS-EXT-STS:power_state'] == 4
    _action(c, sid, {'os-start': None})
    _wait(c, sid, 'ACTIVE')

    _action(c, sid, {'rebuild': {'imageRef': c.images['ppc']}})
    s = _wait(c, sid, 'ERROR')
    assert 'No valid host was found' in s['fault']['message']
    assert 'ImagePropertiesFilter' in s['fault']['message']
    assert s['image']['id'] == c.glance.image_id
    assert s['OS-EXT-SRV-ATTR:host'] == host
    assert _allocs(c, sid) == before
    c.rebuilt = sid


def test_shelve_offload_unshelve(cloud):
    c = cloud
    sid = _boot(c, name='shelve')
    _put_on(c, sid, 'A')
    _action(c, sid, {'shelve': None})
    _wait(c, sid, 'SHELVED')
    assert _allocs(c, sid) == {'A': SMALL}
    _action(c, sid, {'shelveOffload': None})
    s = _wait(c, sid, 'SHELVED_OFFLOADED')
    assert s['OS-EXT-SRV-ATTR:host'] is None
    assert _allocs(c, sid) == {}
    _action(c, sid, {'unshelve': None})
    s = _wait(c, sid, 'ACTIVE')
    assert _allocs(c, sid) == {_key(c, s['OS-EXT-SRV-ATTR:host']): SMALL}

    # B offloads at once (shelved_offload_time = 0).
    _put_on(c, sid, 'B')
    _action(c, sid, {'shelve': None})
    s = _wait(c, sid, 'SHELVED_OFFLOADED')
    assert s['OS-EXT-SRV-ATTR:host'] is None
    assert _allocs(c, sid) == {}
    _action(c, sid, {'unshelve': None})
    s = _wait(c, sid, 'ACTIVE')
    assert _allocs(c, sid) == {_key(c, s['OS-EXT-SRV-ATTR:host']): SMALL}

    # C offloads after shelved_offload_time (1 s), in its periodic task.
    _put_on(c, sid, 'C')
    _action(c, sid, {'shelve': None})
    _wait(c, sid, 'SHELVED_OFFLOADED', timeout=30)
    assert _allocs(c, sid) == {}
    assert 'Offloading %s' % sid in c.daemons['C'].log()
    _action(c, sid, {'unshelve': None})
    _wait(c, sid, 'ACTIVE')
    c.shelved = sid


def test_snapshot_reaches_glance(cloud):
    c = cloud
    sid = c.shelved
    resp = _action(c, sid, {'createImage': {'name': 'snap-of-mv'}},
                   version='2.45')
    image_id = resp.json()['image_id']
    _wait(c, sid, 'ACTIVE')
    image = infra.wait_for(
        lambda: (lambda i: i if i['status'] == 'active' else None)(
            c.glance.image(image_id)), 30, what='snapshot active',
        daemons=_daemons(c))
    assert image['name'] == 'snap-of-mv'
    assert image['size'] > 0


POWER_STEPS = (
    ({'os-stop': None}, 'SHUTOFF', 4),
    ({'os-start': None}, 'ACTIVE', 1),
    ({'reboot': {'type': 'SOFT'}}, 'ACTIVE', 1),
    ({'reboot': {'type': 'HARD'}}, 'ACTIVE', 1),
    ({'pause': None}, 'PAUSED', 3),
    ({'unpause': None}, 'ACTIVE', 1),
    ({'suspend': None}, 'SUSPENDED', 7),
    ({'resume': None}, 'ACTIVE', 1),
)


def test_power_actions(cloud):
    c = cloud
    sid = c.shelved
    for body, status, power in POWER_STEPS:
        _action(c, sid, body)
        s = _wait(c, sid, status)
        assert s['OS-EXT-STS:power_state'] == power, (body, s)
    events = _call(c, 'GET', '/servers/%s/os-instance-actions' % sid)
    actions = [a['action'] for a in events.json()['instanceActions']]
    for name in ('stop', 'start', 'reboot', 'pause', 'unpause', 'suspend',
                 'resume'):
        assert name in actions


def test_everything_deleted_leaves_nothing(cloud):
    c = cloud
    servers = _call(c, 'GET', '/servers').json()['servers']
    assert servers
    for s in servers:
        resp = _call(c, 'DELETE', '/servers/%s' % s['id'])
        assert resp.status_code == 204, resp.text
    infra.wait_for(lambda: not _call(c, 'GET', '/servers').json()[
        'servers'], 60, what='servers deleted', daemons=_daemons(c))
    infra.wait_for(
        lambda: all(
            not any(c.http('GET', '/resource_providers/%s/usages'
                           % sched._rp(c, k)).json()['usages'].values())
            for k in 'ABC'), 60, interval=1, what='zero usages',
        daemons=_daemons(c))
    for key in 'ABC':
        resp = c.http('GET', '/resource_providers/%s/allocations'
                      % sched._rp(c, key))
        assert resp.json()['allocations'] == {}
    for key in 'ABC':
        assert 'Traceback' not in c.daemons[key].log(), key
