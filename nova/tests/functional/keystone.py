"""A real Keystone, and a whole nova cloud behind it, for functional tests.

``keystone`` (session scope) installs Keystone from PyPI into a cached
virtualenv with ``tools/keystone/keystone_dev.py`` (the first run on a
machine takes about a minute; later ones reuse
``~/.cache/nova-test-keystone``), bootstraps it on SQLite with fernet
tokens and serves it under gunicorn on a free port of 127.0.0.1.  If it
cannot start the tests using it fail with its log: never a skip.

:class:`KeystoneCloud` is a nova deployment authenticated by that
Keystone, as an operator would write it: ``[api] auth_strategy =
keystone``, ``[keystone_authtoken]`` with the ``nova`` service user,
``[placement]`` password auth with the ``placement`` user, a fresh
RabbitMQ vhost and MariaDB databases, the ``nova-manage`` sequence, and
nova-placement-api, nova-conductor, nova-scheduler, nova-compute (fake
driver) and nova-api as separate processes, registered in Keystone's
catalog as ``compute`` and ``placement`` (and ``image`` when given a
Glance).  The ``keystone_cloud`` fixture is such a cloud with the
session's Glance and two compute hosts.
"""

import importlib.util
import os
import socket

import pytest
import requests

import nova
from nova.tests.functional import infra

REPO = os.path.dirname(os.path.dirname(os.path.abspath(nova.__file__)))
TOOL = os.path.join(REPO, 'tools', 'keystone', 'keystone_dev.py')
PASSWORD = 'secret'


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def load_tool():
    """tools/keystone/keystone_dev.py as a module."""
    spec = importlib.util.spec_from_file_location('nova_keystone_dev', TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='session')
def keystone(tmp_path_factory):
    """One running Keystone for the whole test session (per xdist worker).
    """
    tool = load_tool()
    state = tmp_path_factory.mktemp('keystone')
    try:
        server = tool.start(str(state), free_port(), password=PASSWORD)
    except tool.KeystoneError as e:
        pytest.fail('Keystone did not start: %s' % e, pytrace=False)
    try:
        yield server
    finally:
        server.stop()


def _merge(sections, extra):
    for name, values in (extra or {}).items():
        sections.setdefault(name, {}).update(values)


def placement_built():
    return importlib.util.find_spec('nova.cmd.placement_api') is not None


class KeystoneCloud(object):
    """nova behind the test Keystone; see the module docstring."""

    def __init__(self, keystone, res, tmp, compute_driver='fake.FakeDriver',
                 glance_url=None, controller_sections=None,
                 compute_sections=None, compute_count=1):
        """``glance_url`` registers an ``image`` endpoint and sets
        ``[glance] api_servers`` on every node; ``*_sections`` are merged
        into the controller's and the compute node's nova.conf
        (``{'libvirt': {'virt_type': 'qemu'}}``) before they are written;
        ``compute_sections`` may be a function ``(index, host) -> sections``
        so that each of ``compute_count`` compute nodes (hosts
        ``compute_hosts``; the first is ``compute_host``) gets its own
        (e.g. its own ``instances_path``).
        """
        self.keystone = keystone
        self.glance_url = glance_url
        self.glance = None  # the fixture's Glance, when it made the cloud
        self.res = res
        self.tmp = tmp
        rid = res['rid']
        self.controller_host = 'ctl-%s' % rid
        self.compute_host = 'cmp-%s' % rid
        self.api_port = free_port()
        self.api_url = 'http://127.0.0.1:%d' % self.api_port
        self.compute_url = self.api_url + '/v2.1'
        self.with_placement = placement_built()
        self.placement_port = free_port()
        self.placement_url = 'http://127.0.0.1:%d' % self.placement_port
        self.daemons = {}

        ctl = infra.seed003_sections(res['transport_url'], res['api_db'],
                                     res['main_db'])
        ctl['DEFAULT'].update({
            'host': self.controller_host,
            'report_interval': 1,
            'periodic_fuzzy_delay': 0,
            'osapi_compute_listen': '127.0.0.1',
            'osapi_compute_listen_port': self.api_port,
            'osapi_compute_workers': 2,
        })
        if self.with_placement:
            ctl['DEFAULT'].update({
                'placement_listen': '127.0.0.1',
                'placement_listen_port': self.placement_port,
                'placement_workers': 1})
        ctl['api'] = {'auth_strategy': 'keystone'}
        ctl['keystone_authtoken'] = keystone.authtoken_section('nova')
        ctl['placement'] = keystone.placement_section()
        ctl['glance'] = self._glance_section()
        ctl['conductor'] = {'workers': 1}
        ctl['scheduler'] = {'workers': 1}
        ctl['oslo_concurrency'] = {'lock_path': str(tmp / 'lock')}
        _merge(ctl, controller_sections)
        self.ctl_conf = infra.write_conf(str(tmp / 'nova.conf'), ctl)

        self.compute_hosts = [self.compute_host] + [
            'cmp%d-%s' % (i, rid) for i in range(1, compute_count)]
        self.cmp_confs = [
            self._compute_conf(i, host, compute_driver, compute_sections)
            for i, host in enumerate(self.compute_hosts)]
        self.cmp_conf = self.cmp_confs[0]

    def _compute_conf(self, index, host, compute_driver, compute_sections):
        cmp = infra.seed003_sections(self.res['transport_url'], None, None)
        del cmp['api_database']
        del cmp['database']
        cmp['DEFAULT'].update({
            'host': host,
            'compute_driver': compute_driver,
            'report_interval': 1,
            'periodic_fuzzy_delay': 0,
            'update_resources_interval': 2,
        })
        del cmp['keystone_authtoken']
        cmp['placement'] = self.keystone.placement_section()
        cmp['glance'] = self._glance_section()
        cmp['oslo_concurrency'] = {'lock_path': str(self.tmp / 'lock')}
        if callable(compute_sections):
            compute_sections = compute_sections(index, host)
        _merge(cmp, compute_sections)
        name = 'nova-compute.conf' if index == 0 else (
            'nova-compute%d.conf' % index)
        return infra.write_conf(str(self.tmp / name), cmp)

    def _glance_section(self):
        return {'api_servers': self.glance_url} if self.glance_url else {}

    def _daemon(self, name, module, conf):
        self.daemons[name] = infra.Daemon(
            'nova-%s' % name, module, [conf],
            str(self.tmp / ('%s.log' % name))).start()

    def start(self):
        for args in (('api_db', 'sync'), ('cell_v2', 'map_cell0'),
                     ('cell_v2', 'create_cell', '--name=cell1'),
                     ('db', 'sync')):
            infra.nova_manage(self.ctl_conf, *args)
        self.keystone.set_endpoint('compute', 'nova', self.compute_url)
        if self.glance_url:
            self.keystone.set_endpoint('image', 'glance', self.glance_url)
        if self.with_placement:
            self.keystone.set_endpoint('placement', 'placement',
                                       self.placement_url)
            self._daemon('placement-api', 'nova.cmd.placement_api',
                         self.ctl_conf)
        for name in ('conductor', 'scheduler'):
            self._daemon(name, 'nova.cmd.%s' % name, self.ctl_conf)
        for i, conf in enumerate(self.cmp_confs):
            self._daemon('compute' if i == 0 else 'compute%d' % i,
                         'nova.cmd.compute', conf)
        self._daemon('api', 'nova.cmd.api', self.ctl_conf)
        infra.wait_for(self._api_answers, 90, what='nova-api listening',
                       daemons=self.logs())
        infra.wait_for(self._compute_mapped, 120,
                       what='nova-compute registered and mapped',
                       daemons=self.logs())
        if self.with_placement:
            infra.wait_for(self._provider_reported, 60,
                           what='compute node in placement',
                           daemons=self.logs())

    def _api_answers(self):
        try:
            return requests.get(self.api_url + '/', timeout=5).ok
        except requests.ConnectionError:
            return False

    def _compute_mapped(self):
        infra.nova_manage(self.ctl_conf, 'cell_v2', 'discover_hosts')
        hosts = infra.nova_manage(self.ctl_conf, 'cell_v2',
                                  'list_hosts').stdout
        return all((' %s ' % host) in hosts for host in self.compute_hosts)

    def _provider_reported(self):
        token = self.keystone.token('placement', 'service')
        try:
            resp = requests.get(
                self.placement_url + '/resource_providers',
                headers={'X-Auth-Token': token}, timeout=10)
        except requests.ConnectionError:
            return False
        if not resp.ok:
            return False
        names = {p['name'] for p in resp.json()['resource_providers']}
        return set(self.compute_hosts) <= names

    def logs(self):
        return list(self.daemons.values())

    def stop(self):
        for daemon in self.daemons.values():
            daemon.stop()

    def env(self, user='admin', project=None):
        """The environment the openstack/nova CLIs run with."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(('OS_', 'NOVA_'))}
        env.update(self.keystone.env(user, project))
        return env

    def describe(self):
        """Daemon log tails, for assertion messages."""
        return '\n'.join('--- %s ---\n%s' % (d.name, d.log()[-2000:])
                         for d in self.daemons.values())


@pytest.fixture(scope='module')
def keystone_cloud(keystone, glance, tmp_path_factory):
    """A nova cloud authenticated by the session's Keystone, with the
    session's Glance (:mod:`nova.tests.functional.glance`) in its catalog
    and two compute hosts, so that servers can be resized and migrated.
    A module using it imports ``keystone``, ``glance`` and this fixture.
    """
    tmp = tmp_path_factory.mktemp('kscloud')
    with infra.cloud_resources() as res:
        # Each compute host has its own address, as in a real cloud:
        # migrations and hypervisors show it.
        ips = {}

        def compute_sections(index, host):
            ips[host] = '127.0.0.%d' % (11 + index)
            return {'DEFAULT': {'my_ip': ips[host]}}

        cloud = KeystoneCloud(keystone, res, tmp, glance_url=glance.url,
                              compute_count=2,
                              compute_sections=compute_sections)
        cloud.glance = glance
        cloud.compute_ips = ips
        try:
            cloud.start()
            yield cloud
        finally:
            cloud.stop()
