#!/usr/bin/env python3
"""Boot and delete throughput on a real control plane.

Starts nova-placement-api, nova-conductor, nova-scheduler, nova-api and
three nova-compute processes (fake driver, distinct hosts) over RabbitMQ
and fresh MariaDB databases, debug logging off, then runs the shared
yardstick (``shared/bench/bench_compute.py``: GET latencies, boot N servers
with C in flight until all are ACTIVE, delete them all) against it and
prints its JSON.  Everything is torn down at the end.

    python tools/bench/boot_stack.py -n 200 --concurrency 10
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, REPO)

from nova.tests.functional import infra  # noqa: E402

YARDSTICK = os.path.join(os.path.dirname(REPO), 'shared', 'bench',
                         'bench_compute.py')


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _proc_stats():
    """(command name, CPU seconds (user + system), process group id) of
    every process, from /proc/<pid>/stat."""
    tick = os.sysconf('SC_CLK_TCK')
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % pid) as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index('(') + 1:stat.rindex(')')]
        fields = stat[stat.rindex(')') + 2:].split()
        yield name, (int(fields[11]) + int(fields[12])) / tick, int(fields[2])


def _cpu_by_group():
    """{process group id: CPU seconds (user + system)} of every process."""
    result = {}
    for _name, cpu, pgrp in _proc_stats():
        result[pgrp] = result.get(pgrp, 0.0) + cpu
    return result


def _cpu_of(daemons):
    """{daemon name: CPU seconds of its processes (workers included)}."""
    groups = _cpu_by_group()
    return {d.name: groups.get(d.proc.pid, 0.0) for d in daemons}


# The shared servers whose CPU the yardstick's report adds: where the
# time goes that is not in our daemons.
SERVERS = (('mysqld', ('mariadbd', 'mysqld')),
           ('rabbitmq', ('beam.smp',)))


def _servers_cpu():
    """{server: CPU seconds so far} of MariaDB and RabbitMQ (those
    found)."""
    found = {}
    for name, cpu, _pgrp in _proc_stats():
        for server, names in SERVERS:
            if name in names:
                found[server] = found.get(server, 0.0) + cpu
    return found


def _mysqld_status():
    """MariaDB's global counters of interest (shared with other jobs,
    so an upper bound of what the stack did), or {}."""
    try:
        import pymysql
        conn = pymysql.connect(user='root',
                               unix_socket='/run/mysqld/mysqld.sock',
                               ssl_disabled=True)
    except Exception:
        return {}
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW GLOBAL STATUS WHERE Variable_name IN "
                        "('Connections', 'Com_commit', 'Questions', "
                        "'Innodb_data_fsyncs')")
            return {name: int(value) for name, value in cur.fetchall()}
    finally:
        conn.close()


def _py_spy(daemon, tmp):
    """A py-spy sampler of ``daemon`` and its workers (stopped with
    SIGINT, which makes it write the collapsed stacks).  Only the thread
    holding the GIL is sampled: where the Python CPU time goes, not the
    waits on the database or RabbitMQ."""
    exe = os.path.join(os.path.dirname(sys.executable), 'py-spy')
    return subprocess.Popen(
        [exe, 'record', '--subprocesses', '--nonblocking', '--gil',
         '-r', '100',
         '-f', 'raw', '-o', os.path.join(tmp, '%s.pyspy' % daemon.name),
         '-p', str(daemon.proc.pid)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _snapshot_when(path, snapshot, timeout=1800):
    """Call ``snapshot`` as soon as ``path`` exists (the yardstick's
    after-boot command creates it once every server is ACTIVE)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.exists(path):
            snapshot()
            return
        time.sleep(0.05)


def wait_http(url, daemons, timeout=90):
    def up():
        try:
            return requests.get(url, timeout=2).status_code < 500
        except requests.ConnectionError:
            return False
    infra.wait_for(up, timeout, what=url, daemons=daemons)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('-n', type=int, default=200)
    parser.add_argument('--concurrency', type=int, default=10)
    parser.add_argument('--computes', type=int, default=3)
    parser.add_argument('--api-workers', type=int, default=2)
    parser.add_argument('--conductor-workers', type=int, default=2)
    parser.add_argument('--scheduler-workers', type=int, default=1)
    parser.add_argument('--yardstick', default=YARDSTICK)
    parser.add_argument('--keep-logs', action='store_true')
    parser.add_argument('--profile', action='append', default=[],
                        metavar='DAEMON',
                        help='profile this daemon (placement, conductor, '
                             'scheduler, compute0, api) with yappi; the '
                             'report lands beside the logs (implies '
                             '--keep-logs; use one worker to profile it)')
    parser.add_argument('--py-spy', action='append', default=[],
                        metavar='DAEMON',
                        help='sample this daemon (workers included) with '
                             'py-spy during the yardstick; collapsed '
                             'stacks land beside the logs as '
                             'DAEMON.pyspy (implies --keep-logs)')
    args = parser.parse_args()
    if not os.path.exists(args.yardstick):
        raise SystemExit('yardstick not found at %s (use --yardstick)'
                         % args.yardstick)

    tmp = tempfile.mkdtemp(prefix='nova-bench-')
    api_port, placement_port = free_port(), free_port()
    with infra.cloud_resources() as res:
        common = {
            'transport_url': res['transport_url'],
            'debug': 'false',
            'report_interval': 10,
            'periodic_fuzzy_delay': 0,
        }
        placement = {'auth_type': 'admin_token',
                     'endpoint': 'http://127.0.0.1:%d' % placement_port,
                     'token': 'admin'}
        controller = {
            'DEFAULT': dict(common, host='bench-ctl',
                            osapi_compute_listen='127.0.0.1',
                            osapi_compute_listen_port=api_port,
                            osapi_compute_workers=args.api_workers,
                            placement_listen='127.0.0.1',
                            placement_listen_port=placement_port,
                            placement_workers=1),
            'api': {'auth_strategy': 'noauth2'},
            'api_database': {'connection': res['api_db']},
            'database': {'connection': res['main_db']},
            'conductor': {'workers': args.conductor_workers},
            'scheduler': {'workers': args.scheduler_workers},
            'placement': placement,
            # Limits the yardstick never reaches, but limits: every create
            # counts usage as it would in a real cloud (-1, unlimited,
            # would skip the counting).
            'quota': {'instances': 100000, 'cores': 100000,
                      'ram': 100000 * 1024},
        }
        ctl_conf = infra.write_conf(os.path.join(tmp, 'controller.conf'),
                                    controller)
        for cmd in (('api_db', 'sync'), ('cell_v2', 'map_cell0'),
                    ('cell_v2', 'create_cell', '--name=cell1'),
                    ('db', 'sync')):
            infra.nova_manage(ctl_conf, *cmd)

        daemons = []

        def start(name, module, conf):
            env = None
            if name in args.profile:
                env = dict(os.environ,
                           PYTHONPATH=os.pathsep.join(
                               [os.path.join(HERE, 'profiling'), REPO]),
                           NOVA_BENCH_PROFILE=os.path.join(
                               tmp, '%s.profile' % name))
            d = infra.Daemon(name, module, [conf],
                             os.path.join(tmp, '%s.log' % name),
                             env=env).start()
            daemons.append(d)
            return d

        try:
            start('placement', 'nova.cmd.placement_api', ctl_conf)
            wait_http('http://127.0.0.1:%d/' % placement_port, daemons)
            start('conductor', 'nova.cmd.conductor', ctl_conf)
            start('scheduler', 'nova.cmd.scheduler', ctl_conf)
            for i in range(args.computes):
                conf = infra.write_conf(
                    os.path.join(tmp, 'compute%d.conf' % i), {
                        'DEFAULT': dict(common, host='bench-cmp%d' % i,
                                        compute_driver='fake.FakeDriver'),
                        'placement': placement})
                start('compute%d' % i, 'nova.cmd.compute', conf)
            start('api', 'nova.cmd.api', ctl_conf)
            endpoint = 'http://127.0.0.1:%d/v2.1' % api_port
            wait_http('http://127.0.0.1:%d/' % api_port, daemons)

            def mapped():
                out = infra.nova_manage(ctl_conf, 'cell_v2',
                                        'discover_hosts').stdout
                hosts = infra.nova_manage(ctl_conf, 'cell_v2',
                                          'list_hosts').stdout
                return out is not None and all(
                    'bench-cmp%d' % i in hosts for i in range(args.computes))
            infra.wait_for(mapped, 120, interval=1, what='computes mapped',
                           daemons=daemons)
            headers = {'X-Auth-Token': 'admin:admin'}
            resp = requests.post(endpoint + '/flavors', headers=headers,
                                 json={'flavor': {'name': 'bench.tiny',
                                                  'ram': 64, 'vcpus': 1,
                                                  'disk': 1, 'id': '1'}},
                                 timeout=30)
            resp.raise_for_status()
            time.sleep(2)
            cpu_before = _cpu_of(daemons)
            servers_before = _servers_cpu()
            status_before = _mysqld_status()
            samplers = [_py_spy(d, tmp) for d in daemons
                        if d.name in args.py_spy]
            marker = os.path.join(tmp, 'all-active')
            at_boot_end = {}
            watcher = threading.Thread(
                target=_snapshot_when, daemon=True,
                args=(marker, lambda: at_boot_end.update(_cpu_of(daemons))))
            watcher.start()
            result = subprocess.run(
                [sys.executable, args.yardstick, '--endpoint', endpoint,
                 '--token', 'admin:admin', '--project', 'admin',
                 '--flavor', '1', '-n', str(args.n),
                 '--concurrency', str(args.concurrency),
                 '--after-boot-cmd', 'touch %s' % marker,
                 '--label', 'nova (this repo), %d fake computes' %
                 args.computes], capture_output=True, text=True)
            cpu_after = _cpu_of(daemons)
            watcher.join(1)
            servers_after = _servers_cpu()
            status_after = _mysqld_status()
            for sampler in samplers:
                sampler.send_signal(signal.SIGINT)
                sampler.wait(60)
            sys.stderr.write(result.stderr[-4000:])
            print(result.stdout)
            # Where the CPU went during the yardstick (boot + delete +
            # listings), per daemon, workers included.
            sys.stderr.write('CPU seconds during the yardstick: %s\n' %
                             ', '.join('%s %.1f' % (name, cpu_after[name] -
                                                    cpu_before[name])
                                       for name in cpu_after))
            sys.stderr.write('CPU seconds per server (boot + delete): %s; '
                             'total %.3f\n' % (
                                 ', '.join('%s %.3f' % (
                                     name, (cpu_after[name] -
                                            cpu_before[name]) / args.n)
                                     for name in cpu_after),
                                 sum(cpu_after[name] - cpu_before[name]
                                     for name in cpu_after) / args.n))
            if at_boot_end:
                for label, start, end in (
                        ('boot', cpu_before, at_boot_end),
                        ('listings + delete', at_boot_end, cpu_after)):
                    sys.stderr.write(
                        'CPU seconds per server, %s: %s; total %.3f\n' % (
                            label, ', '.join(
                                '%s %.3f' % (name, (end[name] - start[name])
                                             / args.n) for name in end),
                            sum(end[name] - start[name] for name in end)
                            / args.n))
            for server in sorted(set(servers_before) & set(servers_after)):
                # Shared with other jobs on this machine: an upper bound
                # of what the stack cost them.
                used = servers_after[server] - servers_before[server]
                sys.stderr.write('%s CPU seconds (shared server): %.1f, '
                                 '%.3f per server\n' % (server, used,
                                                        used / args.n))
            if status_before and status_after:
                sys.stderr.write('mysqld counters per server (shared '
                                 'server): %s\n' % ', '.join(
                                     '%s %.1f' % (k, (status_after[k] -
                                                      status_before[k])
                                                  / args.n)
                                     for k in sorted(status_after)))
            return result.returncode
        finally:
            for d in reversed(daemons):
                d.stop()
            if args.keep_logs or args.profile or args.py_spy:
                sys.stderr.write('logs kept in %s\n' % tmp)


if __name__ == '__main__':
    sys.exit(main())
