#!/usr/bin/env python3
"""GET /servers/detail latency at 0, 1,000 and 10,000 servers.

Servers are rows, not guests: one instance is created through the Instance
object (so its rows have exactly the shape nova writes), then cloned with
bulk INSERTs into instances, instance_extra, instance_info_caches,
instance_metadata and instance_mappings.  A real nova-api process (noauth2)
on fresh MariaDB databases answers the requests.  Prints one JSON document.

    python tools/bench/servers_detail.py --counts 0,1000,10000 -n 50

Note: the API returns at most ``[api] max_limit`` (1,000) servers per
page, as upstream does; the figures at 10,000 measure the first page.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import requests
import sqlalchemy as sa

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))

from nova import context as nova_context  # noqa: E402
from nova.db import engine as db_engine  # noqa: E402
from nova.db import migration  # noqa: E402
from nova import objects  # noqa: E402
from nova.tests.fixtures import database as db_fixtures  # noqa: E402

PROJECT = 'benchproject'


def pct(values, p):
    v = sorted(values)
    k = (len(v) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def setup_cells(urls):
    ctxt = nova_context.get_admin_context()
    for name in ('api',):
        migration.db_sync('api', url=urls[name])
    for name in ('nova', 'nova_cell0'):
        migration.db_sync('main', url=urls[name])
    import nova.conf
    nova.conf.CONF.set_override('connection', urls['api'],
                                group='api_database')
    objects.register_all()
    cell0 = objects.CellMapping(
        ctxt, uuid=objects.CellMapping.CELL0_UUID, name='cell0',
        transport_url='none:///', database_connection=urls['nova_cell0'])
    cell0.create()
    cell1 = objects.CellMapping(
        ctxt, uuid=str(uuid.uuid4()), name='cell1',
        transport_url='fake:///', database_connection=urls['nova'])
    cell1.create()
    flavor = objects.Flavor(ctxt, name='bench', memory_mb=512, vcpus=1,
                            root_gb=1, ephemeral_gb=0, swap=0,
                            flavorid='1', is_public=True, rxtx_factor=1.0,
                            vcpu_weight=0, disabled=False, extra_specs={})
    flavor.create()
    return ctxt, cell1, flavor


def template_instance(ctxt, cell1, flavor):
    with nova_context.target_cell(ctxt, cell1) as cctxt:
        inst = objects.Instance(
            cctxt, uuid=str(uuid.uuid4()), project_id=PROJECT,
            user_id='benchuser', display_name='bench-0', hostname='bench-0',
            vm_state='active', power_state=1, task_state=None,
            host='bench-host', node='bench-host', image_ref=str(uuid.uuid4()),
            memory_mb=flavor.memory_mb, vcpus=flavor.vcpus, root_gb=1,
            ephemeral_gb=0, instance_type_id=flavor.id,
            availability_zone='nova', launch_index=0,
            reservation_id='r-bench', metadata={'role': 'bench'},
            system_metadata={}, flavor=flavor, old_flavor=None,
            new_flavor=None)
        inst.create()
    return inst


def clone_rows(urls, template_uuid, count):
    """Copy the template instance's rows ``count`` times in bulk."""
    main = sa.create_engine(urls['nova'])
    api = sa.create_engine(urls['api'])
    meta = sa.MetaData()
    tables = {name: sa.Table(name, meta, autoload_with=main)
              for name in ('instances', 'instance_extra',
                           'instance_info_caches', 'instance_metadata')}
    with main.begin() as conn:
        inst = dict(conn.execute(sa.select(tables['instances']).where(
            tables['instances'].c.uuid == template_uuid)).mappings().one())
        related = {}
        for name in ('instance_extra', 'instance_info_caches',
                     'instance_metadata'):
            related[name] = [dict(r) for r in conn.execute(
                sa.select(tables[name]).where(
                    tables[name].c.instance_uuid == template_uuid)
            ).mappings()]
    api_meta = sa.MetaData()
    mappings = sa.Table('instance_mappings', api_meta, autoload_with=api)
    with api.begin() as conn:
        cell_id = conn.execute(sa.text(
            "SELECT cell_id FROM instance_mappings WHERE instance_uuid=:u"),
            {'u': template_uuid}).scalar()
    batch = 1000
    for start in range(0, count, batch):
        n = min(batch, count - start)
        uuids = [str(uuid.uuid4()) for _ in range(n)]
        rows = []
        for i, u in enumerate(uuids):
            row = dict(inst, uuid=u, display_name='bench-%d' % (start + i),
                       hostname='bench-%d' % (start + i))
            row.pop('id')
            rows.append(row)
        with main.begin() as conn:
            conn.execute(tables['instances'].insert(), rows)
            for name, templates in related.items():
                copies = []
                for u in uuids:
                    for t in templates:
                        c = dict(t, instance_uuid=u)
                        c.pop('id', None)
                        copies.append(c)
                if copies:
                    conn.execute(tables[name].insert(), copies)
        with api.begin() as conn:
            conn.execute(mappings.insert(), [
                {'instance_uuid': u, 'cell_id': cell_id,
                 'project_id': PROJECT, 'user_id': 'benchuser',
                 'queued_for_delete': False} for u in uuids])
    main.dispose()
    api.dispose()


def start_api(urls, tmpdir, port, workers):
    conf = os.path.join(tmpdir, 'nova.conf')
    with open(conf, 'w') as f:
        f.write('[DEFAULT]\ntransport_url = fake:///\n'
                'osapi_compute_listen = 127.0.0.1\n'
                'osapi_compute_listen_port = %d\n'
                'osapi_compute_workers = %d\n'
                '[api]\nauth_strategy = noauth2\n'
                '[api_database]\nconnection = %s\n'
                '[database]\nconnection = %s\n'
                % (port, workers, urls['api'], urls['nova']))
    log = open(os.path.join(tmpdir, 'api.log'), 'wb')
    proc = subprocess.Popen([sys.executable, '-m', 'nova.cmd.api',
                             '--config-file', conf], stdout=log,
                            stderr=subprocess.STDOUT)
    base = 'http://127.0.0.1:%d' % port
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(base + '/', timeout=2)
            return proc, base
        except requests.ConnectionError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit('nova-api did not start; see %s/api.log' % tmpdir)


def measure(base, n):
    session = requests.Session()
    headers = {'X-Auth-Token': 'admin:%s' % PROJECT,
               'OpenStack-API-Version': 'compute 2.53'}
    url = base + '/v2.1/servers/detail'
    first = session.get(url, headers=headers, timeout=120)
    first.raise_for_status()
    listed = len(first.json()['servers'])
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        resp = session.get(url, headers=headers, timeout=120)
        times.append(time.perf_counter() - t0)
        resp.raise_for_status()
    ms = [t * 1000 for t in times]
    return {'listed': listed, 'p50_ms': round(pct(ms, 50), 2),
            'p95_ms': round(pct(ms, 95), 2),
            'mean_ms': round(statistics.mean(ms), 2)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--counts', default='0,1000,10000')
    parser.add_argument('-n', type=int, default=50,
                        help='requests per measurement')
    parser.add_argument('--workers', type=int, default=1)
    args = parser.parse_args()
    counts = [int(c) for c in args.counts.split(',')]
    results = {'benchmark': 'GET /servers/detail', 'requests': args.n,
               'api_workers': args.workers, 'database': 'mariadb',
               'points': []}
    with tempfile.TemporaryDirectory() as tmpdir, \
            db_fixtures.temp_mysql_databases(
                ('api', 'nova', 'nova_cell0')) as urls:
        ctxt, cell1, flavor = setup_cells(urls)
        proc, base = start_api(urls, tmpdir, free_port(), args.workers)
        try:
            present = 0
            template = None
            for count in counts:
                if count > present:
                    if template is None:
                        template = template_instance(ctxt, cell1, flavor)
                        present = 1
                    t0 = time.perf_counter()
                    clone_rows(urls, template.uuid, count - present)
                    present = count
                    load = time.perf_counter() - t0
                else:
                    load = 0.0
                point = measure(base, args.n)
                point.update(servers=count, rows_load_s=round(load, 1))
                results['points'].append(point)
                print(json.dumps(point), file=sys.stderr, flush=True)
        finally:
            proc.terminate()
            proc.wait(30)
            db_engine.dispose_all()
    print(json.dumps(results, indent=2))


if __name__ == '__main__':
    main()
