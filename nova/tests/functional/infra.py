"""Real parts for functional tests: a RabbitMQ vhost, MariaDB databases and
nova daemons each running as its own OS process.

Every run gets its own vhost and its own databases (names carry a random
run id) so parallel runs never see each other's messages or rows; all of
it is removed at the end.  A service that cannot start fails the test with
its log attached, never a skip.
"""

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time

from nova import process
from nova.tests.fixtures import database as db_fixtures

RABBIT_HOST = os.environ.get('NOVA_TEST_RABBIT_HOST', '127.0.0.1:5672')


class InfraError(RuntimeError):
    """A real part the tests need is missing or broken."""


def _run(cmd, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise InfraError('%s failed (%s): %s%s' % (
            ' '.join(cmd), result.returncode, result.stdout, result.stderr))
    return result.stdout


# -- RabbitMQ ----------------------------------------------------------------

def create_vhost(name):
    _run(['rabbitmqctl', '-q', 'add_vhost', name])
    _run(['rabbitmqctl', '-q', 'set_permissions', '-p', name, 'guest',
          '.*', '.*', '.*'])


def delete_vhost(name):
    subprocess.run(['rabbitmqctl', '-q', 'delete_vhost', name],
                   capture_output=True)


# -- nova.conf ---------------------------------------------------------------

def write_conf(path, sections):
    """Write an ini file from {section: {option: value}} (None omits)."""
    lines = []
    for section, options in sections.items():
        lines.append('[%s]' % section)
        for key, value in options.items():
            if value is not None:
                lines.append('%s = %s' % (key, value))
        lines.append('')
    with open(path, 'w') as f:
        f.write('\n'.join(lines))
    return path


def seed003_sections(transport_url, api_db, main_db, my_ip='127.0.0.1'):
    """A controller nova.conf shaped like seed 003's, pointed at the test's
    RabbitMQ vhost and databases (every section of the seed is present,
    including those no daemon uses yet)."""
    return {
        'DEFAULT': {
            'enabled_apis': 'osapi_compute,metadata',
            'transport_url': transport_url,
            'my_ip': my_ip,
            'use_neutron': 'true',
            'firewall_driver': 'nova.virt.firewall.NoopFirewallDriver',
        },
        'api_database': {'connection': api_db},
        'database': {'connection': main_db},
        'api': {'auth_strategy': 'keystone'},
        'keystone_authtoken': {
            'auth_uri': 'http://controller:5000',
            'auth_url': 'http://controller:35357',
            'memcached_servers': 'controller:11211',
            'auth_type': 'password',
            'project_domain_name': 'default',
            'user_domain_name': 'default',
            'project_name': 'service',
            'username': 'nova',
            'password': '123456',
        },
        'vnc': {
            'enabled': 'true',
            'server_listen': '$my_ip',
            'server_proxyclient_address': '$my_ip',
        },
        'glance': {'api_servers': 'http://controller:9292'},
        'oslo_concurrency': {'lock_path': '/var/lib/nova/tmp'},
        'placement': {
            'os_region_name': 'RegionOne',
            'auth_type': 'password',
            'auth_url': 'http://controller:35357/v3',
            'project_name': 'service',
            'project_domain_name': 'Default',
            'username': 'placement',
            'user_domain_name': 'Default',
            'password': '123456',
        },
    }


# -- daemons -------------------------------------------------------------

class Daemon(object):
    """One nova daemon as a child process, logging to a file."""

    def __init__(self, name, module, conf_files, log_path, env=None):
        self.name = name
        self.module = module
        self.conf_files = conf_files
        self.log_path = log_path
        self.env = env
        self.proc = None

    def start(self):
        cmd = [sys.executable, '-m', self.module]
        for conf in self.conf_files:
            cmd += ['--config-file', conf]
        self._log = open(self.log_path, 'ab')
        self.proc = subprocess.Popen(cmd, stdout=self._log,
                                     stderr=subprocess.STDOUT,
                                     env=self.env, start_new_session=True,
                                     preexec_fn=process.die_with_parent)
        return self

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def log(self):
        with open(self.log_path, 'rb') as f:
            return f.read().decode('utf-8', 'replace')

    def signal(self, signum):
        os.killpg(self.proc.pid, signum)

    def stop(self, timeout=20):
        """SIGTERM, wait, then SIGKILL the whole process group."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._log.close()
        return self.proc.returncode

    def kill9(self):
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


def wait_for(predicate, timeout, interval=0.2, what='condition',
             daemons=()):
    """Poll ``predicate`` until truthy; fail with daemons' logs if not."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        for daemon in daemons:
            if not daemon.alive():
                raise InfraError('%s exited (%s) while waiting for %s:\n%s'
                                 % (daemon.name, daemon.proc.returncode,
                                    what, daemon.log()[-4000:]))
        if time.monotonic() > deadline:
            logs = '\n'.join('--- %s ---\n%s' % (d.name, d.log()[-3000:])
                             for d in daemons)
            raise InfraError('timed out after %ss waiting for %s\n%s'
                             % (timeout, what, logs))
        time.sleep(interval)


def run_id():
    return secrets.token_hex(4)


@contextlib.contextmanager
def cloud_resources():
    """A vhost and fresh nova_api/nova/nova_cell0 MariaDB databases.

    Yields a dict with 'rid' (the run id), 'transport_url', 'api_db',
    'main_db' and 'cell0_db' (URLs).  The cell0 database is named after
    the cell1 one plus ``_cell0``, as ``nova-manage cell_v2 map_cell0``
    derives it.
    """
    rid = run_id()
    vhost = 'nova-test-%s' % rid
    create_vhost(vhost)
    try:
        with db_fixtures.temp_mysql_databases(
                ('api', 'nova', 'nova_cell0')) as urls:
            yield {
                'rid': rid,
                'transport_url': 'rabbit://guest:guest@%s/%s' % (
                    RABBIT_HOST, vhost),
                'api_db': urls['api'],
                'main_db': urls['nova'],
                'cell0_db': urls['nova_cell0'],
            }
    finally:
        delete_vhost(vhost)


def nova_manage(conf_file, *args, check=True):
    """Run nova-manage with ``conf_file``; return the CompletedProcess."""
    cmd = [sys.executable, '-m', 'nova.cmd.manage', '--config-file',
           conf_file] + list(args)
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if check and result.returncode != 0:
        raise InfraError('nova-manage %s failed (%s):\n%s%s' % (
            ' '.join(args), result.returncode, result.stdout,
            result.stderr))
    return result
