#!/usr/bin/env python3
"""Time one whole scheduling request against 1,000 and 10,000 hosts.

Where ``placement_candidates.py`` times placement's half, this times what
nova-scheduler does for one server: ``FilterScheduler.select_destinations``
(the body of the ``select_destinations`` RPC) asking a real
nova-placement-api process for candidates over HTTP, turning them into
host states, running the default filters and every weigher, and claiming
the chosen host's resources in placement (``PUT /allocations``), with
alternates as conductor asks for them.

For each size, in its own process: fresh MariaDB databases (nova_api and
cell1, mapped with nova-manage), a nova-placement-api process, providers
made as in ``placement_candidates.py`` (the first ``--via-api`` through
the placement API, the rest bulk-inserted alike; a third of them too full
for the request), for each provider a nova-compute service and a
compute node of the same uuid in cell1, and ``--zones`` availability
zones (aggregates with the ``availability_zone`` key, default 20) that
share the hosts between them, as a cloud of that size would have.  The
bulk services do not heartbeat by themselves, so the run sets
``service_down_time`` high enough for all of them to count as up;
before each timed request (untimed) a tenth of them report, by default
(``--heartbeats``), as a cloud whose services report every 10 s sees
between two requests a second apart.  The first request loads every
compute node and the zones into the host manager (printed on its own);
the timed ones after it refresh only what changed, as in a running
scheduler.  Each claimed allocation is deleted again, untimed, so every
request sees the same cloud.  A second line gives the p50 of what
placement's own request log says the timed candidates and claims took
inside it (the rest of those steps is HTTP and the scheduler's reading
of the answers).

    python tools/bench/schedule_request.py [--sizes 1000,10000]

With NOVA_BENCH_CPROFILE=1 in the environment the timed requests run under
cProfile and nova's busiest functions are printed to stderr
(NOVA_BENCH_CPROFILE_FILTER= , empty, prints every module's;
NOVA_BENCH_CPROFILE_SORT=tottime orders them by their own time).
"""

import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import sqlalchemy as sa

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, REPO)
sys.path.insert(0, HERE)

import placement_candidates  # noqa: E402
from boot_stack import free_port, wait_http  # noqa: E402
from nova.tests.functional import infra  # noqa: E402

FLAVOR = {'vcpus': 1, 'memory_mb': 512, 'root_gb': 10}


def _conf(tmp, res, port):
    return infra.write_conf(os.path.join(tmp, 'nova.conf'), {
        'DEFAULT': {'transport_url': res['transport_url'], 'debug': 'false',
                    'host': 'bench-ctl', 'placement_listen': '127.0.0.1',
                    'placement_listen_port': port, 'placement_workers': 1,
                    'service_down_time': 86400},
        'api': {'auth_strategy': 'noauth2'},
        'api_database': {'connection': res['api_db']},
        'database': {'connection': res['main_db']},
        'placement': {'auth_type': 'admin_token',
                      'endpoint': 'http://127.0.0.1:%d' % port,
                      'token': 'admin'},
    })


def _make_hosts(size, via_api):
    """Providers through placement (API and bulk) and their compute
    services and nodes in cell1; returns the provider uuids."""
    from nova.api.openstack.placement import deploy
    from nova.db import engine
    from nova.db.main import models
    from nova.objects import service as service_obj
    app = deploy.build_app()
    uuids = [placement_candidates._create_via_api(app, i)
             for i in range(min(via_api, size))]
    if size > via_api:
        uuids += placement_candidates._bulk_insert(via_api, size)
    inv = placement_candidates.INVENTORY
    # Rows last written ten minutes ago: an idle cloud's compute nodes are
    # saved only when they change, so a running scheduler's refresh finds
    # none of these to read again.
    then = datetime.datetime.utcnow() - datetime.timedelta(minutes=10)
    services, nodes = [], []
    for index, rp_uuid in enumerate(uuids):
        host = 'cn%05d' % index
        services.append({
            'created_at': then, 'updated_at': then, 'last_seen_up': then,
            'deleted': 0, 'uuid': str(uuid.uuid4()), 'host': host,
            'binary': 'nova-compute', 'topic': 'compute', 'report_count': 1,
            'disabled': False, 'forced_down': False,
            'version': service_obj.SERVICE_VERSION})
        nodes.append({
            'created_at': then, 'updated_at': then, 'deleted': 0,
            'uuid': rp_uuid, 'host': host, 'hypervisor_hostname': host,
            'vcpus': inv['VCPU']['total'],
            'memory_mb': inv['MEMORY_MB']['total'],
            'local_gb': inv['DISK_GB']['total'], 'vcpus_used': 0,
            'memory_mb_used': 0, 'local_gb_used': 0, 'free_ram_mb': 65536,
            'free_disk_gb': 1000, 'running_vms': 0, 'current_workload': 0,
            'hypervisor_type': 'fake', 'hypervisor_version': 1000,
            'cpu_info': '{}', 'stats': '{}',
            'supported_instances': json.dumps([{
                'arch': 'x86_64', 'hv_type': 'fake', 'vm_mode': 'hvm'}]),
            'cpu_allocation_ratio': inv['VCPU']['allocation_ratio'],
            'ram_allocation_ratio': inv['MEMORY_MB']['allocation_ratio'],
            'disk_allocation_ratio': 1.0})
    with engine.main_session() as session:
        session.execute(models.Service.__table__.insert(), services)
        ids = dict(session.execute(
            models.Service.__table__.select().with_only_columns(
                models.Service.host, models.Service.id)).all())
        for node in nodes:
            node['service_id'] = ids[node['host']]
        session.execute(models.ComputeNode.__table__.insert(), nodes)
    return uuids


def _make_zones(count, size):
    """``count`` availability-zone aggregates, host ``cnNNNNN`` in zone
    ``NNNNN % count``: made through the Aggregate object (which moves
    the aggregates' generation), their host rows bulk-inserted (10,000
    ``add_host`` calls would take a minute) before the scheduler's first
    read of them."""
    from nova.db.api import models as api_models
    from nova.db import engine
    from nova import context
    from nova import objects
    ctxt = context.get_admin_context()
    zones = []
    for index in range(count):
        zone = objects.Aggregate(ctxt, name='zone%02d' % index,
                                 metadata={'availability_zone':
                                           'az%02d' % index})
        zone.create()
        zones.append(zone.id)
    if zones:
        with engine.api_session() as session:
            session.execute(api_models.AggregateHost.__table__.insert(), [
                {'host': 'cn%05d' % index,
                 'aggregate_id': zones[index % count]}
                for index in range(size)])


def _heartbeat(count, start):
    """What ``count`` nova-compute services write when they report: their
    ``report_count``, ``last_seen_up`` and ``updated_at``, from host
    ``start`` on, round the cloud."""
    from nova.db import engine
    from nova.db.main import models
    table = models.Service.__table__
    with engine.main_session() as session:
        total = session.execute(sa.select(sa.func.count()).select_from(
            table)).scalar()
        if not count or not total:
            return start
        first = start % total
        hosts = ['cn%05d' % ((first + i) % total)
                 for i in range(min(count, total))]
        now = datetime.datetime.utcnow()
        session.execute(table.update().where(table.c.host.in_(hosts))
                        .values(report_count=table.c.report_count + 1,
                                last_seen_up=now, updated_at=now))
    return first + len(hosts)


def _timer(log, name, func):
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            log.setdefault(name, []).append(time.perf_counter() - start)
    return timed


def _one_size(size, requests_n, via_api, heartbeats, zones):
    tmp = tempfile.mkdtemp(prefix='nova-bench-sched-')
    port = free_port()
    with infra.cloud_resources() as res:
        conf = _conf(tmp, res, port)
        for cmd in (('api_db', 'sync'), ('cell_v2', 'map_cell0'),
                    ('cell_v2', 'create_cell', '--name=cell1'),
                    ('db', 'sync')):
            infra.nova_manage(conf, *cmd)
        placement = infra.Daemon('placement', 'nova.cmd.placement_api',
                                 [conf], os.path.join(tmp, 'placement.log'))
        placement.start()
        try:
            wait_http('http://127.0.0.1:%d/' % port, [placement])
            _measure(conf, size, requests_n, via_api, heartbeats, zones)
            _print_placement_times(os.path.join(tmp, 'placement.log'))
        finally:
            placement.stop()
            from nova.db import engine
            engine.dispose_all()


# What nova-placement-api's request log says each request took in it.
_REQUEST_TIME = re.compile(r'"(GET /allocation_candidates|PUT /allocations/)'
                           r'.* time: ([0-9.]+)')


def _print_placement_times(log_path):
    """The p50 of the time placement itself spent on the timed requests'
    candidates and claims, from its request log (the first request, which
    loads the hosts, left out): the rest of each step's time is HTTP and
    the scheduler's own."""
    times = {}
    with open(log_path) as log:
        for line in log:
            found = _REQUEST_TIME.search(line)
            if found:
                times.setdefault(found.group(1), []).append(
                    float(found.group(2)))
    parts = []
    for name, request in (('candidates', 'GET /allocation_candidates'),
                          ('claim', 'PUT /allocations/')):
        values = times.get(request, [])[1:]
        if values:
            parts.append('%s %.1f' % (name,
                                      statistics.median(values) * 1000))
    print('        inside placement (its request log), p50 ms: %s'
          % ', '.join(parts))
    sys.stdout.flush()


def _measure(conf, size, requests_n, via_api, heartbeats, zones):
    from nova import config
    from nova import context
    from nova import objects
    from nova.scheduler import filter_scheduler
    config.parse_args(['schedule_request', '--config-file', conf])
    objects.register_all()
    start = time.monotonic()
    rp_uuids = _make_hosts(size, via_api)
    _make_zones(zones, size)
    known = set(rp_uuids)
    setup = time.monotonic() - start

    scheduler = filter_scheduler.FilterScheduler()
    parts = {}
    client = scheduler.placement
    client.get_allocation_candidates = _timer(
        parts, 'candidates', client.get_allocation_candidates)
    client.claim_resources = _timer(parts, 'claim', client.claim_resources)
    hosts = scheduler.host_manager
    hosts.prepare = _timer(parts, 'refresh (beside candidates)',
                           hosts.prepare)
    hosts.get_host_states_by_uuids = _timer(
        parts, 'host states', hosts.get_host_states_by_uuids)
    ctxt = context.get_admin_context()
    flavor = objects.Flavor(id=1, flavorid='1', name='bench', swap=0,
                            ephemeral_gb=0, extra_specs={}, **FLAVOR)
    spec = objects.RequestSpec(
        flavor=flavor, project_id='bench', user_id='bench',
        num_instances=1, image={'properties': {}})

    beat = [0]
    cpu = []

    def schedule():
        # Untimed: the services that reported since the previous request.
        beat[0] = _heartbeat(heartbeats, beat[0])
        consumer = str(uuid.uuid4())
        c0 = time.process_time()
        t0 = time.perf_counter()
        selections = scheduler.select_destinations(
            ctxt, spec, [consumer], return_alternates=True,
            new_instances=True)
        elapsed = time.perf_counter() - t0
        cpu.append(time.process_time() - c0)
        chosen = selections[0][0]
        assert chosen['compute_node_uuid'] in known
        assert len(selections[0]) > 1, 'no alternates'
        client.delete_allocation_for_instance(consumer)
        return elapsed

    first = schedule()
    parts.clear()
    del cpu[:]
    if os.environ.get('NOVA_BENCH_CPROFILE'):
        import cProfile
        import pstats
        profile = cProfile.Profile()
        profile.enable()
        times = [schedule() for _i in range(requests_n)]
        profile.disable()
        order = os.environ.get('NOVA_BENCH_CPROFILE_SORT', 'cumulative')
        pstats.Stats(profile, stream=sys.stderr).sort_stats(
            order).print_stats(
                os.environ.get('NOVA_BENCH_CPROFILE_FILTER', 'nova/'), 40)
    else:
        times = [schedule() for _i in range(requests_n)]
    # The zones were in every request's host states.
    if zones:
        assert len(hosts.prepare(ctxt)) == size
    # Nothing leaked: every claim was given back.
    for rp_uuid in rp_uuids[1:3]:
        body = client.get('/resource_providers/%s/usages' % rp_uuid).json()
        assert not any(body['usages'].values()), body
    p50 = statistics.median(times) * 1000
    p95 = sorted(times)[max(0, int(round(0.95 * len(times))) - 1)] * 1000
    print('%6d hosts (%d via API, %d zones, setup %.1fs, %d heartbeats '
          'before each request): first request %.0f ms (loads every '
          'compute node); select_destinations p50 %.1f ms p95 %.1f ms '
          '(scheduler CPU %.1f ms); of which %s' % (
              size, min(via_api, size), zones, setup, heartbeats,
              first * 1000,
              p50, p95, statistics.median(cpu) * 1000,
              ', '.join('%s %.1f' % (name, statistics.median(values) * 1000)
                        for name, values in parts.items())))
    sys.stdout.flush()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--sizes', default='1000,10000')
    parser.add_argument('--via-api', type=int, default=200)
    parser.add_argument('--requests', type=int, default=30)
    parser.add_argument('--heartbeats', type=float, default=0.1,
                        help='services that report before each request, '
                             'as a fraction of the hosts (0.1: a request '
                             'a second with report_interval = 10) or, '
                             'from 1 up, a number')
    parser.add_argument('--zones', type=int, default=20,
                        help='availability-zone aggregates sharing the '
                             'hosts (0: none)')
    parser.add_argument('--one', type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        beats = (int(args.heartbeats) if args.heartbeats >= 1
                 else int(args.one * args.heartbeats))
        _one_size(args.one, args.requests, args.via_api, beats, args.zones)
        return 0
    # One process per size: its configuration and engines start clean.
    for size in [int(s) for s in args.sizes.split(',')]:
        subprocess.run([sys.executable, os.path.abspath(__file__),
                        '--one', str(size), '--requests',
                        str(args.requests), '--via-api', str(args.via_api),
                        '--heartbeats', str(args.heartbeats),
                        '--zones', str(args.zones)],
                       check=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
