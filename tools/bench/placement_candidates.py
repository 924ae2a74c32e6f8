#!/usr/bin/env python
"""Time GET /allocation_candidates against 1,000 and 10,000 providers.

For each size: fresh migrated databases (MariaDB by default), the first
``--via-api`` providers created through the placement HTTP API (in-process
WSGI: POST /resource_providers, PUT inventories, PUT allocations), the
rest bulk-inserted with the same shape, a sample of the bulk ones checked
through the API, then ``--requests`` scheduling requests timed two ways:

* query: the candidates SQL alone (``objects.candidates.find_columns``, from
  sending the statement to the last row decoded by the driver); on
  MariaDB also the server's own elapsed and CPU time (SHOW PROFILES),
  which do not include the client-side decoding of the rows;
* http:  the whole in-process GET /allocation_candidates (SQL, building
  and serialising the JSON for every candidate);
* with ``--limit N`` (default 1000, 0 for none), the same two for the
  request nova-scheduler sends: ``limit=N`` at microversion 1.16, N being
  its ``[scheduler] max_placement_results``.

It also counts the SQL statements one HTTP request sends (an event
listener on the API engine).  A third of the providers carry an
allocation that leaves them too full for the request, so the SQL has
real filtering to do.

    python tools/bench/placement_candidates.py [--backend sqlite]
"""

import argparse
import statistics
import sys
import tempfile
import time
import uuid

REQUEST = 'VCPU:1,MEMORY_MB:512,DISK_GB:10'
INVENTORY = {'VCPU': {'total': 16, 'allocation_ratio': 4.0},
             'MEMORY_MB': {'total': 65536, 'reserved': 512,
                           'allocation_ratio': 1.5},
             'DISK_GB': {'total': 1000}}
# What a "full" provider has allocated: leaves 511 MB, too little.
FULL = {'VCPU': 8, 'MEMORY_MB': 97536}


def _api(app, method, url, body=None, version='1.10'):
    from nova.tests.unit.placement import fixtures as placement_fixtures
    resp = placement_fixtures.call(app, method, url, body, version)
    if resp.status_int >= 400:
        raise RuntimeError('%s %s -> %s %s' % (method, url, resp.status,
                                               resp.text))
    return resp


def _create_via_api(app, index):
    rp = str(uuid.uuid4())
    _api(app, 'POST', '/resource_providers',
         {'name': 'cn%05d' % index, 'uuid': rp})
    _api(app, 'PUT', '/resource_providers/%s/inventories' % rp,
         {'resource_provider_generation': 0, 'inventories': INVENTORY})
    if index % 3 == 0:
        _api(app, 'PUT', '/allocations/%s' % uuid.uuid4(),
             {'allocations': [{'resource_provider': {'uuid': rp},
                               'resources': FULL}],
              'project_id': 'bench', 'user_id': 'bench'})
    return rp


def _bulk_insert(start, stop):
    """Providers ``start..stop-1`` straight into the tables."""
    from nova.api.openstack.placement.objects import resource_class
    from nova.api.openstack.placement.objects import tables
    from nova.db import engine
    ids = resource_class.STANDARD_IDS
    uuids = {}
    with engine.api_session() as session:
        rows = []
        for index in range(start, stop):
            uuids[index] = str(uuid.uuid4())
            rows.append({'uuid': uuids[index], 'name': 'cn%05d' % index,
                         'generation': 1 + (index % 3 == 0)})
        session.execute(tables.RP.insert(), rows)
        by_uuid = dict(session.execute(
            tables.RP.select().with_only_columns(
                tables.RP.c.uuid, tables.RP.c.id)
            .where(tables.RP.c.name >= 'cn%05d' % start)).all())
        inventories, allocations = [], []
        for index in range(start, stop):
            rp_id = by_uuid[uuids[index]]
            full = index % 3 == 0
            for name, record in INVENTORY.items():
                values = {'reserved': 0, 'min_unit': 1,
                          'max_unit': 2147483647, 'step_size': 1,
                          'allocation_ratio': 1.0,
                          'used': FULL.get(name, 0) if full else 0}
                values.update(record)
                inventories.append(dict(tables.with_capacity(values),
                                        resource_provider_id=rp_id,
                                        resource_class_id=ids[name]))
            if full:
                consumer = str(uuid.uuid4())
                for name, used in FULL.items():
                    allocations.append({
                        'resource_provider_id': rp_id,
                        'resource_class_id': ids[name],
                        'consumer_id': consumer, 'used': used})
        session.execute(tables.INV.insert(), inventories)
        session.execute(tables.ALLOC.insert(), allocations)
    return list(uuids.values())


def _percentiles(samples):
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * len(samples))) - 1)]
    return statistics.median(samples) * 1000, p95 * 1000


def _timed(requests, func):
    times = []
    result = None
    for _i in range(requests):
        t0 = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - t0)
    return times, result


def run(backend, size, via_api, requests, limit=1000):
    from nova.api.openstack.placement import deploy
    from nova.api.openstack.placement.handlers import common
    from nova.api.openstack.placement.objects import candidates
    import nova.conf
    from nova.db import engine
    from nova.tests.fixtures import database as db_fixtures

    conf = nova.conf.CONF
    with tempfile.TemporaryDirectory() as tmp, \
            db_fixtures.synced_databases(backend, tmp) as urls:
        conf.set_override('connection', urls['api'], group='api_database')
        conf.set_override('auth_strategy', 'noauth2', group='api')
        app = deploy.build_app()
        start = time.monotonic()
        api_made = [_create_via_api(app, i) for i in range(min(via_api,
                                                               size))]
        bulk = _bulk_insert(len(api_made), size) if size > via_api else []
        setup = time.monotonic() - start
        # The bulk rows look to the API exactly like API-made ones.
        for rp in bulk[:5] + bulk[-5:]:
            body = _api(app, 'GET', '/resource_providers/%s/inventories'
                        % rp).json
            assert body['inventories']['MEMORY_MB']['total'] == 65536, body
        with engine.api_session() as session:
            wanted = common.resource_ids(session,
                                         common.parse_resources(REQUEST))
        query_times, http_times, server = [], [], {}
        with engine.api_session() as session:
            conn = session.connection()
            if backend == 'mysql':
                conn.exec_driver_sql('SET profiling_history_size = 100')
                conn.exec_driver_sql('SET profiling = 1')
            for _i in range(requests):
                t0 = time.perf_counter()
                found = candidates.find_columns(session, wanted)
                query_times.append(time.perf_counter() - t0)
            if backend == 'mysql':
                server = _server_times(conn)
        count = len(found.uuids)
        # Every third provider is too full (its usage, whether written by
        # the API or by the bulk insert, is what keeps it out).
        assert count == size - (size + 2) // 3, count
        statements = _statements_per_request(app, engine)
        for _i in range(requests):
            t0 = time.perf_counter()
            resp = _api(app, 'GET', '/allocation_candidates?resources='
                        + REQUEST)
            http_times.append(time.perf_counter() - t0)
            assert len(resp.json['allocation_requests']) == count
        limited = None
        if limit:
            def limited_query():
                with engine.api_session() as session:
                    return candidates.find_columns(session, wanted,
                                                   limit=limit)
            limited_query_times, rows = _timed(requests, limited_query)
            url = ('/allocation_candidates?resources=%s&limit=%d'
                   % (REQUEST, limit))
            limited_http_times, resp = _timed(
                requests, lambda: _api(app, 'GET', url, version='1.16'))
            assert (len(resp.json['allocation_requests'])
                    == min(count, limit))
            assert len(rows.uuids) == min(count, limit)
            limited = (limited_query_times, limited_http_times)
        conf.clear_override('connection', group='api_database')
        conf.clear_override('auth_strategy', group='api')
        engine.dispose_all()
    q50, q95 = _percentiles(query_times)
    h50, h95 = _percentiles(http_times)
    line = ('%-7s %6d providers (%d via API, setup %.1fs): %d candidates; '
            '%d SQL statements per request; '
            'query p50 %.1f ms p95 %.1f ms; http p50 %.1f ms p95 %.1f ms'
            % (backend, size, min(via_api, size), setup, count, statements,
               q50, q95, h50, h95))
    if server:
        s50, s95 = _percentiles(server['wall'])
        c50, c95 = _percentiles(server['cpu'])
        line += ('; server wall p50 %.1f ms p95 %.1f ms, server CPU p50 '
                 '%.1f ms p95 %.1f ms' % (s50, s95, c50, c95))
    print(line)
    if limited is not None:
        lq50, lq95 = _percentiles(limited[0])
        lh50, lh95 = _percentiles(limited[1])
        print('%-7s %6d providers, scheduler request (1.16, limit=%d): '
              'query p50 %.1f ms p95 %.1f ms; http p50 %.1f ms p95 %.1f ms'
              % (backend, size, limit, lq50, lq95, lh50, lh95))
    sys.stdout.flush()


def _statements_per_request(app, engine):
    """How many statements one GET /allocation_candidates sends."""
    import sqlalchemy as sa
    target = engine.get_engine(engine.api_url())
    sent = []

    def count(*_args):
        sent.append(1)

    sa.event.listen(target, 'before_cursor_execute', count)
    try:
        _api(app, 'GET', '/allocation_candidates?resources=' + REQUEST)
    finally:
        sa.event.remove(target, 'before_cursor_execute', count)
    return len(sent)


def _server_times(conn):
    """MariaDB's own account of the candidate queries (SHOW PROFILES):
    elapsed time and CPU time (user + system) inside the server."""
    wall, cpu = [], []
    for query_id, duration, text in conn.exec_driver_sql(
            'SHOW PROFILES').all():
        if not text.lstrip().upper().startswith('SELECT'):
            continue
        wall.append(float(duration))
        rows = conn.exec_driver_sql(
            'SHOW PROFILE CPU FOR QUERY %d' % query_id).all()
        cpu.append(sum(float(r[2] or 0) + float(r[3] or 0) for r in rows))
    return {'wall': wall, 'cpu': cpu}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--backend', default='mysql',
                        choices=('mysql', 'sqlite', 'postgresql'))
    parser.add_argument('--sizes', default='1000,10000')
    parser.add_argument('--via-api', type=int, default=200,
                        help='providers created through the HTTP API')
    parser.add_argument('--requests', type=int, default=50)
    parser.add_argument('--limit', type=int, default=1000,
                        help="the scheduler's max_placement_results "
                             "(0: do not time the limited request)")
    args = parser.parse_args(argv)
    from nova.tests.unit.api import fixtures
    fixtures.ensure_config_parsed()
    for size in [int(s) for s in args.sizes.split(',')]:
        run(args.backend, size, args.via_api, args.requests, args.limit)
    return 0


if __name__ == '__main__':
    sys.exit(main())
