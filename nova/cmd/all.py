"""nova-all: the whole cloud on one machine, for trying it out.

Creates a state directory with a nova.conf (SQLite databases, noauth2, the
fake virt driver unless told otherwise), syncs and maps the databases,
starts every built daemon as its own process, maps the compute host to
cell1 and prints what runs and how to use it.  Ctrl-C (or SIGTERM) stops
everything; children are tied to this process so none outlives it.

When no RabbitMQ answers at the transport URL, every service runs inside
this one process on oslo.messaging's in-memory transport instead (nova-api
is then not served: it must be its own process).
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse

from nova import process

DEFAULT_TRANSPORT = 'rabbit://guest:guest@127.0.0.1:5672/'
# Daemons started by nova-all, in order; (binary, module).
DAEMONS = (
    ('nova-placement-api', 'nova.cmd.placement_api'),
    ('nova-conductor', 'nova.cmd.conductor'),
    ('nova-scheduler', 'nova.cmd.scheduler'),
    ('nova-compute', 'nova.cmd.compute'),
    ('nova-api', 'nova.cmd.api'),
)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog='nova-all', description='Run a whole nova cloud on this '
        'machine (development and evaluation).')
    parser.add_argument('--state-dir', default=os.path.abspath('state'),
                        help='Where nova.conf, databases, logs and '
                             'instances live (default: ./state).')
    parser.add_argument('--transport-url', default=DEFAULT_TRANSPORT,
                        help='RabbitMQ to use; if it does not answer, all '
                             'services run in one process in memory.')
    parser.add_argument('--compute-driver', default='fake.FakeDriver',
                        help='Virt driver for nova-compute '
                             '(e.g. libvirt.LibvirtDriver).')
    parser.add_argument('--api-port', type=int, default=8774,
                        help='Port of the Compute API.')
    parser.add_argument('--placement-port', type=int, default=8778,
                        help='Port of the Placement API.')
    parser.add_argument('--host', default=socket.gethostname(),
                        help='Host name the services register under.')
    parser.add_argument('--debug', action='store_true',
                        help='Debug logging in every daemon.')
    return parser.parse_args(argv)


def rabbit_answers(url, timeout=2.0):
    """True if something accepts TCP connections at the URL's host:port."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ('rabbit', 'amqp'):
        return False
    host = parsed.hostname or '127.0.0.1'
    port = parsed.port or 5672
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def write_conf(args, transport_url):
    """Write ``<state>/nova.conf`` (kept if it exists) and return its path.
    """
    path = os.path.join(args.state_dir, 'nova.conf')
    if os.path.exists(path):
        return path
    state = args.state_dir
    sqlite = 'sqlite:///' + os.path.join(state, '%s.sqlite')
    text = """\
# Written by nova-all.  Edit freely: nova-all keeps an existing file.
[DEFAULT]
host = {host}
state_path = {state}
instances_path = {state}/instances
log_dir = {state}/logs
debug = {debug}
transport_url = {transport}
compute_driver = {driver}
report_interval = 10
service_down_time = 60
periodic_fuzzy_delay = 0
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = {api_port}
osapi_compute_workers = 1
placement_listen = 127.0.0.1
placement_listen_port = {placement_port}
placement_workers = 1

[api]
auth_strategy = noauth2

[api_database]
connection = {api_db}

[database]
connection = {main_db}

[conductor]
workers = 1

[scheduler]
workers = 1

[oslo_concurrency]
lock_path = {state}/lock

[placement]
# No Keystone here: nova talks to placement with the noauth2 admin token.
auth_type = admin_token
endpoint = http://127.0.0.1:{placement_port}
token = admin
""".format(host=args.host, state=state, debug=str(args.debug).lower(),
           transport=transport_url, driver=args.compute_driver,
           api_port=args.api_port, placement_port=args.placement_port,
           api_db=sqlite % 'nova_api',
           main_db=sqlite % 'nova')
    with open(path, 'w') as f:
        f.write(text)
    return path


def manage(conf, *args):
    """Run nova-manage; exit with its message if it fails."""
    cmd = [sys.executable, '-m', 'nova.cmd.manage', '--config-file',
           conf] + list(args)
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode not in (0,):
        sys.stderr.write('nova-all: nova-manage %s failed:\n%s%s' % (
            ' '.join(args), result.stdout, result.stderr))
        raise SystemExit(1)
    return result.stdout


def prepare_databases(conf, state_dir):
    manage(conf, 'api_db', 'sync')
    cells = manage(conf, 'cell_v2', 'list_cells', '--verbose')
    if 'cell0' not in cells:
        manage(conf, 'cell_v2', 'map_cell0', '--database_connection',
               'sqlite:///' + os.path.join(state_dir, 'nova_cell0.sqlite'))
    if 'cell1' not in cells:
        manage(conf, 'cell_v2', 'create_cell', '--name=cell1')
    manage(conf, 'db', 'sync')


def built(module):
    """A daemon is built when its module exists and is not the placeholder.
    """
    import importlib.util
    return importlib.util.find_spec(module) is not None


def port_answers(port, timeout=60, proc=None):
    """Wait until something accepts connections on 127.0.0.1:port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with socket.create_connection(('127.0.0.1', port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def start_daemons(conf, log_dir, placement_port):
    """Start every built daemon; placement first, answering before the
    computes report their inventory to it."""
    procs = []
    for binary, module in DAEMONS:
        if not built(module):
            continue
        log = open(os.path.join(log_dir, '%s.out' % binary), 'ab')
        proc = subprocess.Popen(
            [sys.executable, '-m', module, '--config-file', conf],
            stdout=log, stderr=subprocess.STDOUT,
            preexec_fn=process.die_with_parent)
        procs.append((binary, proc))
        if binary == 'nova-placement-api' and not port_answers(
                placement_port, proc=proc):
            sys.stderr.write('nova-all: nova-placement-api did not answer on '
                             'port %d; see %s\n' % (placement_port, log_dir))
            break
    return procs


def stop_daemons(procs, timeout=20):
    for _binary, proc in procs:
        if proc.poll() is None:
            proc.terminate()
    deadline = time.monotonic() + timeout
    for _binary, proc in procs:
        try:
            proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_for_compute_and_discover(conf, procs, host, timeout=120):
    """Map the compute host to cell1 once it has registered."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for binary, proc in procs:
            if proc.poll() is not None:
                return '%s exited with status %s' % (binary, proc.returncode)
        manage(conf, 'cell_v2', 'discover_hosts')
        if (' %s ' % host) in manage(conf, 'cell_v2', 'list_hosts'):
            return None
        time.sleep(1)
    return 'nova-compute did not register within %ss' % timeout


def banner(args, conf, procs, in_memory):
    lines = ['', 'nova is running (state in %s)' % args.state_dir, '']
    for binary, proc in procs:
        lines.append('  %-16s pid %-7s log %s' % (
            binary, proc.pid,
            os.path.join(args.state_dir, 'logs', '%s.log' % binary)))
    if in_memory:
        lines.append('  (no RabbitMQ at %s: conductor, scheduler and '
                     'compute run in this process)' % args.transport_url)
    lines += [
        '',
        'Configuration: %s' % conf,
        'Use it:',
        '  nova-manage --config-file %s cell_v2 list_cells' % conf,
        '  nova-manage --config-file %s cell_v2 list_hosts' % conf,
        '  nova-status --config-file %s upgrade check' % conf,
    ]
    if any(binary == 'nova-api' for binary, _ in procs):
        endpoint = 'http://127.0.0.1:%d/v2.1' % args.api_port
        lines += [
            '  curl -s -H "X-Auth-Token: admin:admin" %s/os-services' %
            endpoint,
            '  openstack --os-auth-type admin_token --os-token admin:admin '
            '--os-endpoint %s compute service list' % endpoint,
        ]
    lines += ['', 'Press Ctrl-C to stop everything.', '']
    print('\n'.join(lines), flush=True)


def run_in_memory(conf):
    """No RabbitMQ: conductor, scheduler and compute in this process."""
    import oslo_messaging as messaging

    from nova import config
    from nova import objects
    from nova import rpc
    from nova import service
    config.parse_args(['nova-all', '--config-file', conf])
    if hasattr(config, 'setup_logging'):
        config.setup_logging('nova-all')
    objects.register_all()
    rpc.set_defaults('nova')
    rpc.TRANSPORT = messaging.get_rpc_transport(
        config.CONF, url='fake:///', allowed_remote_exmods=rpc.ALLOWED_EXMODS)
    services = [service.Service.create(binary=b, topic=b.split('-', 1)[1])
                for b in ('nova-conductor', 'nova-scheduler',
                          'nova-compute')]
    for svc in services:
        svc.start()
    return services


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    for sub in ('', 'logs', 'instances', 'lock'):
        os.makedirs(os.path.join(args.state_dir, sub), exist_ok=True)
    in_memory = not rabbit_answers(args.transport_url)
    conf = write_conf(args, 'fake:///' if in_memory else args.transport_url)
    prepare_databases(conf, args.state_dir)

    stop = {'now': False}

    def _on_signal(signum, _frame):
        stop['now'] = True

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)

    procs, services = [], []
    try:
        if in_memory:
            services = run_in_memory(conf)
        else:
            procs = start_daemons(conf, os.path.join(args.state_dir, 'logs'),
                                  args.placement_port)
        problem = wait_for_compute_and_discover(conf, procs, args.host)
        if problem:
            sys.stderr.write('nova-all: %s; see %s\n' % (
                problem, os.path.join(args.state_dir, 'logs')))
            return 1
        banner(args, conf, procs, in_memory)
        while not stop['now']:
            for binary, proc in procs:
                if proc.poll() is not None:
                    sys.stderr.write('nova-all: %s exited with status %s; '
                                     'stopping\n' % (binary, proc.returncode))
                    return 1
            time.sleep(0.5)
        return 0
    finally:
        stop_daemons(procs)
        for svc in services:
            svc.stop()
        print('nova-all: stopped', flush=True)


if __name__ == '__main__':
    sys.exit(main())
