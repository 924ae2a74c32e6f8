"""Force-complete and abort of a live migration, end to end: the real
nova-api, conductor, scheduler, placement and fake-driver computes of
test_scheduling's cloud, over RabbitMQ and MariaDB.

The fake driver's live migration finishes within its RPC call, so a
migration never stays ``running`` on its own: the test boots a server,
then writes what a long live migration looks like meanwhile (the server
MIGRATING, a ``running`` live-migration record) and drives the API.
"""

import socket

import pytest
import requests

from nova import context as nova_context
from nova import objects
from nova.tests.functional import infra
from nova.tests.functional.test_scheduling import _boot
from nova.tests.functional.test_scheduling import _find
from nova.tests.functional.test_scheduling import _wait_state
from nova.tests.functional.test_scheduling import cloud  # noqa: F401

ADMIN = {'X-Auth-Token': 'admin:admin'}


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


@pytest.fixture(scope='module')
def api(cloud):  # noqa: F811
    """nova-api beside the cloud, on the same databases and vhost."""
    res = cloud.res
    port = _free_port()
    conf = infra.seed003_sections(res['transport_url'], res['api_db'],
                                  res['main_db'])
    conf['DEFAULT'].update({'host': 'api-%s' % res['rid'],
                            'osapi_compute_listen': '127.0.0.1',
                            'osapi_compute_listen_port': port,
                            'osapi_compute_workers': 1})
    conf['api'] = {'auth_strategy': 'noauth2'}
    conf['placement'] = cloud.placement
    path = infra.write_conf(str(cloud.tmp / 'nova-api.conf'), conf)
    daemon = infra.Daemon('nova-api', 'nova.cmd.api', [path],
                          str(cloud.tmp / 'api.log')).start()
    url = 'http://127.0.0.1:%d/v2.1' % port

    def answers():
        try:
            return requests.get(url + '/', timeout=5).status_code == 200
        except requests.ConnectionError:
            return False
    infra.wait_for(answers, 60, what='nova-api', daemons=[daemon])
    try:
        yield url
    finally:
        daemon.stop()


def _call(url, method, path, version='2.24', **kwargs):
    headers = dict(ADMIN, **{'X-OpenStack-Nova-API-Version': version})
    return requests.request(method, url + path, headers=headers,
                            timeout=60, **kwargs)


def _start_live_migration(c, inst_uuid):
    """What the source compute shows while a live migration runs."""
    cell, instance = _find(c, inst_uuid)
    dest = [h for h in c.hosts.values() if h != instance.host][0]
    with nova_context.target_cell(c.ctxt, cell) as cctxt:
        instance = objects.Instance.get_by_uuid(cctxt, inst_uuid)
        instance.task_state = 'migrating'
        instance.save()
        migration = objects.Migration(
            cctxt, instance_uuid=inst_uuid, migration_type='live-migration',
            status='running', source_compute=instance.host,
            dest_compute=dest, source_node=instance.node, dest_node=dest,
            old_instance_type_id=instance.instance_type_id,
            new_instance_type_id=instance.instance_type_id)
        migration.create()
    return cell, migration.id


def _event(url, inst_uuid, request_id):
    resp = _call(url, 'GET', '/servers/%s/os-instance-actions/%s'
                 % (inst_uuid, request_id))
    events = resp.json()['instanceAction'].get('events') or []
    return [(e['event'], e['result']) for e in events
            if e['result'] is not None] or None


def test_force_complete_then_abort_reach_the_compute(cloud, api):  # noqa
    c = cloud
    inst_uuid = _boot(c, c.flavors['small'], name='live')[0]
    _wait_state(c, [inst_uuid], ['active'])
    cell, migration_id = _start_live_migration(c, inst_uuid)
    base = '/servers/%s/migrations/%d' % (inst_uuid, migration_id)

    shown = _call(api, 'GET', base, version='2.23')
    assert shown.status_code == 200, shown.text
    assert shown.json()['migration']['status'] == 'running'

    resp = _call(api, 'POST', base + '/action', version='2.22',
                 json={'force_complete': None})
    assert resp.status_code == 202, resp.text
    request_id = resp.headers['x-openstack-request-id']
    assert infra.wait_for(
        lambda: _event(api, inst_uuid, request_id), 60,
        what='the force_complete event', daemons=c.logs()) == [
        ('compute_live_migration_force_complete', 'Success')]

    resp = _call(api, 'DELETE', base)
    assert resp.status_code == 202, resp.text
    request_id = resp.headers['x-openstack-request-id']
    assert infra.wait_for(
        lambda: _event(api, inst_uuid, request_id), 60,
        what='the abort event', daemons=c.logs()) == [
        ('compute_live_migration_abort', 'Success')]

    server = _call(api, 'GET', '/servers/%s' % inst_uuid).json()['server']
    assert server['status'] == 'ACTIVE'
    assert server['OS-EXT-STS:task_state'] is None
    with nova_context.target_cell(c.ctxt, cell) as cctxt:
        assert objects.Migration.get_by_id(
            cctxt, migration_id).status == 'cancelled'
    listed = _call(api, 'GET', '/servers/%s/migrations' % inst_uuid)
    assert listed.json()['migrations'] == []

    again = _call(api, 'DELETE', base)
    assert again.status_code == 409, again.text
