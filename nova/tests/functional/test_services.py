"""nova-conductor, nova-scheduler and nova-compute as separate processes
over real RabbitMQ and MariaDB, configured by seed-003-shaped nova.conf
files.

nova-compute gets no [database] or [api_database] section at all: its
service and compute-node records can only come from conductor.
"""

import signal
import socket
import time

import pytest
import requests
import sqlalchemy as sa

from nova import context as nova_context
from nova.db import engine as db_engine
from nova.db.main import models
from nova.objects import service as service_obj
from nova.tests.functional import infra

REPORT_INTERVAL = 1
SERVICE_DOWN_TIME = 6


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _service_rows(url):
    with db_engine.session_for(url) as session:
        rows = session.execute(
            sa.select(models.Service).filter_by(deleted=0)).scalars().all()
        return {(r.host, r.binary): (r.report_count, r.last_seen_up,
                                     r.version) for r in rows}


def _compute_nodes(url):
    with db_engine.session_for(url) as session:
        return session.execute(
            sa.select(models.ComputeNode).filter_by(deleted=0)
        ).scalars().all()


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    tmp = tmp_path_factory.mktemp('cloud')
    with infra.cloud_resources() as res:
        rid = res['rid']
        controller = infra.seed003_sections(res['transport_url'],
                                            res['api_db'], res['main_db'])
        controller['DEFAULT'].update({
            'host': 'ctl-%s' % rid,
            'report_interval': REPORT_INTERVAL,
            'service_down_time': SERVICE_DOWN_TIME,
            'periodic_fuzzy_delay': 0,
        })
        controller['DEFAULT'].update({
            'osapi_compute_listen': '127.0.0.1',
            'osapi_compute_listen_port': _free_port(),
            'osapi_compute_workers': 1,
        })
        controller['conductor'] = {'workers': 1}
        controller['scheduler'] = {'workers': 1}
        ctl_conf = infra.write_conf(str(tmp / 'nova.conf'), controller)

        compute = infra.seed003_sections(res['transport_url'], None, None)
        del compute['api_database']
        del compute['database']
        compute['DEFAULT'].update({
            'host': 'cmp-%s' % rid,
            'compute_driver': 'fake.FakeDriver',
            'report_interval': REPORT_INTERVAL,
            'periodic_fuzzy_delay': 0,
        })
        compute['vnc'].update({
            'server_listen': '0.0.0.0',
            'novncproxy_base_url': 'http://controller:6080/vnc_auto.html'})
        cmp_conf = infra.write_conf(str(tmp / 'nova-compute.conf'), compute)

        infra.nova_manage(ctl_conf, 'api_db', 'sync')
        infra.nova_manage(ctl_conf, 'cell_v2', 'map_cell0')
        infra.nova_manage(ctl_conf, 'cell_v2', 'create_cell', '--name=cell1',
                          '--verbose')
        infra.nova_manage(ctl_conf, 'db', 'sync')

        daemons = {
            'conductor': infra.Daemon('nova-conductor',
                                      'nova.cmd.conductor', [ctl_conf],
                                      str(tmp / 'conductor.log')),
            'scheduler': infra.Daemon('nova-scheduler',
                                      'nova.cmd.scheduler', [ctl_conf],
                                      str(tmp / 'scheduler.log')),
            'compute': infra.Daemon('nova-compute', 'nova.cmd.compute',
                                    [cmp_conf], str(tmp / 'compute.log')),
            'api': infra.Daemon('nova-api', 'nova.cmd.api', [ctl_conf],
                                str(tmp / 'api.log')),
        }
        for daemon in daemons.values():
            daemon.start()
        try:
            yield dict(res, ctl_conf=ctl_conf, cmp_conf=cmp_conf,
                       daemons=daemons, tmp=tmp)
        finally:
            for daemon in daemons.values():
                daemon.stop()


def test_all_three_register_and_heartbeat(cloud):
    daemons = list(cloud['daemons'].values())
    rid = cloud['rid']
    expected = {('ctl-%s' % rid, 'nova-conductor'),
                ('ctl-%s' % rid, 'nova-scheduler'),
                ('cmp-%s' % rid, 'nova-compute')}
    infra.wait_for(lambda: expected <= set(_service_rows(cloud['main_db'])),
                   60, what='three services registered', daemons=daemons)
    first = _service_rows(cloud['main_db'])
    # Heartbeats keep coming: report_count grows, last_seen_up is fresh.
    infra.wait_for(
        lambda: all(_service_rows(cloud['main_db'])[key][0] >=
                    first[key][0] + 2 for key in expected),
        30, what='two more heartbeats from each service', daemons=daemons)
    rows = _service_rows(cloud['main_db'])
    now = db_engine.get_engine(cloud['main_db']).connect().execute(
        sa.text('SELECT UTC_TIMESTAMP()')).scalar()
    for key in expected:
        report_count, last_seen_up, version = rows[key]
        assert last_seen_up is not None
        assert abs((now - last_seen_up).total_seconds()) < 5, key
        assert version == service_obj.SERVICE_VERSION


def test_api_accepts_seed003_conf_with_keystone(cloud):
    """nova-api reads the same controller file (auth_strategy=keystone,
    [keystone_authtoken] as in seed 003) and serves the version document,
    which needs no token; an API call without a token is refused."""
    import configparser
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(cloud['ctl_conf'])
    port = int(parser['DEFAULT']['osapi_compute_listen_port'])
    base = 'http://127.0.0.1:%d' % port

    def answers():
        try:
            return requests.get(base + '/', timeout=5)
        except requests.ConnectionError:
            return None

    resp = infra.wait_for(answers, 60, what='nova-api listening',
                          daemons=[cloud['daemons']['api']])
    assert resp.status_code == 200
    assert 'v2.1' in {v['id'] for v in resp.json()['versions']}
    assert requests.get(base + '/v2.1/flavors',
                        timeout=30).status_code == 401


def test_compute_without_database_keeps_its_node_record(cloud):
    daemons = list(cloud['daemons'].values())
    host = 'cmp-%s' % cloud['rid']
    nodes = infra.wait_for(
        lambda: [n for n in _compute_nodes(cloud['main_db'])
                 if n.host == host], 60, what='compute node record',
        daemons=daemons)
    node = nodes[0]
    assert node.hypervisor_type == 'fake'
    assert node.vcpus == 1000 and node.memory_mb == 800000
    assert node.hypervisor_hostname == host
    # The compute's own config has no database at all.
    with open(cloud['cmp_conf']) as f:
        text = f.read()
    assert '[database]' not in text and '[api_database]' not in text
    assert 'direct database access' not in cloud['daemons']['compute'].log()


def test_discover_hosts_maps_the_compute(cloud):
    daemons = list(cloud['daemons'].values())
    host = 'cmp-%s' % cloud['rid']
    infra.wait_for(lambda: [n for n in _compute_nodes(cloud['main_db'])
                            if n.host == host], 60,
                   what='compute node record', daemons=daemons)
    result = infra.nova_manage(cloud['ctl_conf'], 'cell_v2',
                               'discover_hosts', '--verbose')
    assert host in result.stdout
    listing = infra.nova_manage(cloud['ctl_conf'], 'cell_v2', 'list_cells')
    assert 'cell0' in listing.stdout and 'cell1' in listing.stdout


def test_sighup_keeps_services_running(cloud):
    scheduler = cloud['daemons']['scheduler']
    scheduler.signal(signal.SIGHUP)
    time.sleep(2)
    assert scheduler.alive(), scheduler.log()[-3000:]
    assert 'reloading configuration' in scheduler.log()


def test_killed_compute_is_reported_down(cloud):
    from nova import objects
    from nova.objects import service as service_obj
    from nova import servicegroup
    import nova.conf
    objects.register_all()
    conf = nova.conf.CONF
    conf.set_override('service_down_time', SERVICE_DOWN_TIME)
    conf.set_override('report_interval', REPORT_INTERVAL)
    try:
        ctxt = nova_context.get_admin_context()
        ctxt.db_connection = cloud['main_db']
        host = 'cmp-%s' % cloud['rid']
        api = servicegroup.API()

        def compute_up():
            svc = service_obj.Service.get_by_host_and_binary(
                ctxt, host, 'nova-compute')
            return svc is not None and api.is_up(svc)

        infra.wait_for(compute_up, 60, what='compute up',
                       daemons=list(cloud['daemons'].values()))
        cloud['daemons']['compute'].kill9()
        killed_at = time.monotonic()
        infra.wait_for(lambda: not compute_up(), SERVICE_DOWN_TIME + 10,
                       what='compute reported down')
        # Not before service_down_time has passed since its last beat.
        assert time.monotonic() - killed_at >= SERVICE_DOWN_TIME - 2
        ctl = service_obj.Service.get_by_host_and_binary(
            ctxt, 'ctl-%s' % cloud['rid'], 'nova-conductor')
        assert api.is_up(ctl)
    finally:
        conf.clear_override('service_down_time')
        conf.clear_override('report_interval')


def test_sigterm_stops_gracefully(cloud):
    for name in ('scheduler', 'conductor', 'api'):
        daemon = cloud['daemons'][name]
        assert daemon.stop() == 0, daemon.log()[-3000:]
        assert ('stopping gracefully' in daemon.log() or
                'caught signal 15, stopping' in daemon.log())
