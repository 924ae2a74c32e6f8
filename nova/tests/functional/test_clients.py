"""The real client tools drive nova behind a real Keystone.

The ``openstack`` and ``nova`` command-line tools run unmodified as
subprocesses with password auth in ``OS_*`` variables, exactly as a user
of a cloud runs them; openstacksdk (``openstack.connect``) and
novaclient's Python API run in this process over a keystoneauth1
session.  The cloud is :class:`nova.tests.functional.keystone.
KeystoneCloud`: Keystone and Glance from PyPI, RabbitMQ, MariaDB and
every nova daemon as its own process, with two compute hosts.  Servers
boot from the Glance image (:mod:`nova.tests.functional.glance`); the
server move operations through the CLI are in test_clients_servers.py,
which shares this cloud.

What cannot work yet is still tested, marked ``xfail(strict=True)`` with
the reason: the day it works the mark turns into a failure and must come
off.
"""

import json
import os
import subprocess
import sys
import time
import uuid

import pytest

from nova.tests.functional.glance import glance  # noqa: F401
from nova.tests.functional.keystone import keystone  # noqa: F401
from nova.tests.functional.keystone import keystone_cloud  # noqa: F401

# One xdist worker runs this whole module, so its cloud starts once.
pytestmark = pytest.mark.xdist_group('keystone-clients')

def _tag():
    return uuid.uuid4().hex[:8]


class CommandFailed(AssertionError):
    def __init__(self, cmd, result):
        self.result = result
        super().__init__('%s exited %s\nstdout:\n%s\nstderr:\n%s' % (
            ' '.join(cmd), result.returncode, result.stdout, result.stderr))


def run(cloud, tool, *args, user='admin', project=None, check=True,
        parse=True):
    """Run ``openstack`` or ``nova`` with the user's OS_* environment.

    ``openstack`` commands get ``-f json`` when ``parse`` (and return the
    parsed output); otherwise stdout is returned.
    """
    # The tools installed beside this interpreter (the dev virtualenv's
    # bin/), whether or not that directory is on PATH.
    local = os.path.join(os.path.dirname(sys.executable), tool)
    cmd = [local if os.path.exists(local) else tool] + list(args)
    if tool == 'openstack' and parse:
        cmd += ['-f', 'json']
    result = subprocess.run(cmd, env=cloud.env(user, project),
                            capture_output=True, text=True, timeout=180)
    if check and result.returncode != 0:
        raise CommandFailed(cmd, result)
    if not check:
        return result
    if tool == 'openstack' and parse:
        return json.loads(result.stdout) if result.stdout.strip() else None
    return result.stdout


def osc(cloud, *args, **kwargs):
    return run(cloud, 'openstack', *args, **kwargs)


def nova_cli(cloud, *args, **kwargs):
    return run(cloud, 'nova', *args, **kwargs)


# -- the openstack CLI --------------------------------------------------------

def test_osc_versions_show(keystone_cloud):
    versions = osc(keystone_cloud, 'versions', 'show', '--service',
                   'compute')
    current = [v for v in versions if v['Status'] == 'CURRENT']
    assert [v['Version'] for v in current] == ['2.1'], versions
    assert current[0]['Max Microversion'] == '2.53'
    assert current[0]['Region Name'] == 'RegionOne'
    assert current[0]['Endpoint'].startswith(keystone_cloud.api_url)


def test_osc_flavor_lifecycle(keystone_cloud):
    c = keystone_cloud
    name = 'osc-flavor-%s' % _tag()
    created = osc(c, 'flavor', 'create', '--ram', '256', '--disk', '1',
                  '--vcpus', '2', name)
    assert created['name'] == name and created['ram'] == 256
    assert created['vcpus'] == 2 and created['disk'] == 1
    flavor_id = created['id']
    listed = {f['Name']: f for f in osc(c, 'flavor', 'list')}
    assert listed[name]['ID'] == flavor_id
    assert listed[name]['RAM'] == 256
    osc(c, 'flavor', 'set', '--property', 'quota:cpu_shares=512',
        '--property', 'trait:CUSTOM_X=required', name, parse=False)
    shown = osc(c, 'flavor', 'show', name)
    assert shown['id'] == flavor_id
    assert shown['properties'] == {'quota:cpu_shares': '512',
                                   'trait:CUSTOM_X': 'required'}
    osc(c, 'flavor', 'delete', name, parse=False)
    missing = osc(c, 'flavor', 'show', name, check=False)
    assert missing.returncode != 0
    assert name not in {f['Name'] for f in osc(c, 'flavor', 'list')}


def test_osc_keypair_lifecycle(keystone_cloud, tmp_path):
    c = keystone_cloud
    generated = 'osc-gen-%s' % _tag()
    private = tmp_path / 'generated.pem'
    made = osc(c, 'keypair', 'create', '--private-key', str(private),
               generated)
    assert made['name'] == generated and made['fingerprint']
    assert 'PRIVATE KEY' in private.read_text()

    subprocess.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f',
                    str(tmp_path / 'mine')], check=True)
    imported = 'osc-imp-%s' % _tag()
    osc(c, 'keypair', 'create', '--public-key', str(tmp_path / 'mine.pub'),
        imported)
    fingerprint = subprocess.run(
        ['ssh-keygen', '-l', '-E', 'md5', '-f', str(tmp_path / 'mine.pub')],
        capture_output=True, text=True, check=True).stdout.split()[1]
    listed = {k['Name']: k for k in osc(c, 'keypair', 'list')}
    assert {generated, imported} <= set(listed)
    assert 'MD5:' + listed[imported]['Fingerprint'] == fingerprint
    shown = osc(c, 'keypair', 'show', imported)
    assert shown['name'] == imported
    public = osc(c, 'keypair', 'show', '--public-key', imported,
                 parse=False)
    assert public.split()[:2] == (
        tmp_path / 'mine.pub').read_text().split()[:2]
    osc(c, 'keypair', 'delete', generated, imported, parse=False)
    names = {k['Name'] for k in osc(c, 'keypair', 'list')}
    assert not names & {generated, imported}


def test_osc_compute_service_list_and_disable(keystone_cloud):
    c = keystone_cloud
    services = osc(c, 'compute', 'service', 'list')
    got = {(s['Binary'], s['Host']) for s in services}
    assert got == {('nova-conductor', c.controller_host),
                   ('nova-scheduler', c.controller_host)} | {
        ('nova-compute', host) for host in c.compute_hosts}
    assert {s['State'] for s in services} == {'up'}
    try:
        osc(c, 'compute', 'service', 'set', '--disable', '--disable-reason',
            'maintenance by test', c.compute_host, 'nova-compute',
            parse=False)
        listed = {s['Host']: s for s in osc(
            c, 'compute', 'service', 'list', '--long', '--service',
            'nova-compute')}
        assert listed[c.compute_host]['Status'] == 'disabled'
        assert listed[c.compute_host]['Disabled Reason'] == (
            'maintenance by test')
        assert {s['Status'] for h, s in listed.items()
                if h != c.compute_host} == {'enabled'}
    finally:
        osc(c, 'compute', 'service', 'set', '--enable', c.compute_host,
            'nova-compute', parse=False)
    listed = osc(c, 'compute', 'service', 'list', '--service',
                 'nova-compute')
    assert {s['Status'] for s in listed} == {'enabled'}


def test_osc_non_admin_is_forbidden_from_service_list(keystone_cloud):
    result = osc(keystone_cloud, 'compute', 'service', 'list',
                 user='demo', check=False)
    assert result.returncode != 0
    assert '403' in result.stderr or 'Forbidden' in result.stderr, (
        result.stderr)
    # The same user may list flavors.
    assert isinstance(osc(keystone_cloud, 'flavor', 'list', user='demo'),
                      list)


def test_osc_hypervisor_list_and_stats(keystone_cloud):
    c = keystone_cloud
    hypervisors = osc(c, 'hypervisor', 'list')
    assert sorted(h['Hypervisor Hostname'] for h in hypervisors) == sorted(
        c.compute_hosts)
    assert {h['Hypervisor Type'] for h in hypervisors} == {'fake'}
    assert {h['State'] for h in hypervisors} == {'up'}
    detailed = osc(c, 'hypervisor', 'list', '--long')
    assert [h['vCPUs'] for h in detailed] == [1000] * len(c.compute_hosts)
    stats = osc(c, 'hypervisor', 'stats', 'show')
    count = len(c.compute_hosts)
    assert stats['count'] == count
    assert stats['vcpus'] == 1000 * count
    assert stats['memory_mb'] == 800000 * count


def test_osc_hypervisor_show(keystone_cloud):
    c = keystone_cloud
    shown = osc(c, 'hypervisor', 'show', c.compute_host)
    assert shown['hypervisor_hostname'] == c.compute_host
    assert shown['service_host'] == c.compute_host
    assert shown['host_ip'] == c.compute_ips[c.compute_host]
    assert shown['vcpus'] == 1000
    assert shown['uptime']


def test_osc_aggregate_and_availability_zones(keystone_cloud):
    c = keystone_cloud
    name = 'osc-agg-%s' % _tag()
    zone = 'az-%s' % _tag()
    created = osc(c, 'aggregate', 'create', '--zone', zone + '-first', name)
    assert created['name'] == name
    assert created['availability_zone'] == zone + '-first'
    try:
        added = osc(c, 'aggregate', 'add', 'host', name, c.compute_host)
        assert added['hosts'] == [c.compute_host]
        osc(c, 'aggregate', 'set', '--zone', zone, '--property', 'ssd=true',
            name, parse=False)
        shown = osc(c, 'aggregate', 'show', name)
        assert shown['availability_zone'] == zone
        assert shown['properties'] == {'ssd': 'true'}
        assert name in {a['Name'] for a in osc(c, 'aggregate', 'list')}
        zones = osc(c, 'availability', 'zone', 'list', '--compute')
        assert {'Zone Name': zone, 'Zone Status': 'available'} in zones
        detailed = osc(c, 'availability', 'zone', 'list', '--compute',
                       '--long')
        assert any(z['Zone Name'] == zone and
                   z['Host Name'] == c.compute_host for z in detailed)
        assert any(z['Zone Name'] == 'internal' and
                   z['Host Name'] == c.controller_host for z in detailed)
    finally:
        osc(c, 'aggregate', 'remove', 'host', name, c.compute_host,
            check=False)
        osc(c, 'aggregate', 'delete', name, parse=False, check=False)
    assert name not in {a['Name'] for a in osc(c, 'aggregate', 'list')}
    zones = {z['Zone Name'] for z in osc(c, 'availability', 'zone', 'list',
                                         '--compute')}
    assert zones == {'nova', 'internal'}


def test_osc_quota_show_and_set(keystone_cloud):
    c = keystone_cloud
    quota = osc(c, 'quota', 'show', '--compute', 'demo')
    assert {'Resource': 'instances', 'Limit': 10} in quota
    osc(c, 'quota', 'set', '--instances', '7', 'demo', parse=False)
    quota = osc(c, 'quota', 'show', '--compute', 'demo')
    assert {'Resource': 'instances', 'Limit': 7} in quota


def test_osc_server_group_create_and_list(keystone_cloud):
    name = 'osc-group-%s' % _tag()
    group = osc(keystone_cloud, 'server', 'group', 'create', '--policy',
                'anti-affinity', name)
    assert group['name'] == name
    assert name in {g['Name'] for g in osc(keystone_cloud, 'server',
                                            'group', 'list')}


def test_osc_usage_list(keystone_cloud):
    assert isinstance(osc(keystone_cloud, 'usage', 'list'), list)


def test_osc_limits_show_absolute(keystone_cloud):
    limits = osc(keystone_cloud, 'limits', 'show', '--absolute')
    values = {item['Name']: item['Value'] for item in limits}
    # The CLI shows openstacksdk's names for maxTotalInstances etc.
    assert {'instances', 'keypairs'} <= set(values), values
    assert values['instances'] > 0


def test_osc_server_create(keystone_cloud):
    """``--image NAME`` is resolved in Glance through the catalog."""
    c = keystone_cloud
    flavor = osc(c, 'flavor', 'create', '--ram', '64', '--disk', '1',
                 'osc-boot-%s' % _tag())
    name = 'osc-boot-%s' % _tag()
    try:
        server = osc(c, 'server', 'create', '--flavor', flavor['name'],
                     '--image', c.glance.image_name, '--nic', 'none',
                     '--wait', name)
        assert server['name'] == name
        assert server['status'] == 'ACTIVE'
        assert server['OS-EXT-SRV-ATTR:host'] in c.compute_hosts
        assert c.glance.image_id in str(server['image'])
        assert c.glance.image_name in str(server['image'])
        assert flavor['name'] in str(server['flavor'])
        shown = osc(c, 'server', 'show', server['id'])
        assert shown['status'] == 'ACTIVE'
        assert shown['OS-EXT-STS:vm_state'] == 'active'
    finally:
        osc(c, 'server', 'delete', '--wait', name, parse=False, check=False)
        osc(c, 'flavor', 'delete', flavor['id'], parse=False)


def test_osc_server_list_show_set_delete(keystone_cloud, sdk):
    """The server is booted through the SDK; everything else is the
    openstack CLI."""
    c = keystone_cloud
    flavor = sdk.compute.create_flavor(name='osc-srv-%s' % _tag(), ram=64,
                                       vcpus=1, disk=1)
    name = 'osc-srv-%s' % _tag()
    server = sdk.compute.create_server(name=name, flavor_id=flavor.id,
                                       image_id=c.glance.image_id,
                                       networks='none')
    try:
        sdk.compute.wait_for_server(server, status='ACTIVE', wait=120)
        listed = {s['Name']: s for s in osc(c, 'server', 'list')}
        assert listed[name]['Status'] == 'ACTIVE'
        assert listed[name]['ID'] == server.id
        osc(c, 'server', 'set', '--property', 'role=web', name, parse=False)
        shown = osc(c, 'server', 'show', name)
        assert shown['id'] == server.id and shown['status'] == 'ACTIVE'
        assert shown['properties'] == {'role': 'web'}
        assert shown['OS-EXT-SRV-ATTR:host'] in c.compute_hosts
        osc(c, 'server', 'delete', '--wait', name, parse=False)
        assert name not in {s['Name'] for s in osc(c, 'server', 'list')}
    finally:
        sdk.compute.delete_server(server, ignore_missing=True)
        sdk.compute.wait_for_delete(server, wait=120)
        sdk.compute.delete_flavor(flavor)


# -- openstacksdk --------------------------------------------------------

@pytest.fixture(scope='module')
def sdk(keystone_cloud):
    import openstack
    ks = keystone_cloud.keystone
    conn = openstack.connect(
        auth_url=ks.auth_url, username='admin', password=ks.password,
        project_name='admin', user_domain_name='Default',
        project_domain_name='Default', region_name='RegionOne',
        identity_api_version='3', load_yaml_config=False,
        load_envvars=False)
    yield conn
    conn.close()


def test_sdk_flavors(sdk):
    name = 'sdk-flavor-%s' % _tag()
    flavor = sdk.compute.create_flavor(name=name, ram=512, vcpus=2, disk=5,
                                       is_public=True)
    try:
        assert sdk.compute.find_flavor(name).id == flavor.id
        assert name in {f.name for f in sdk.compute.flavors()}
        sdk.compute.create_flavor_extra_specs(flavor, {'hw:numa_nodes': '1'})
        specs = sdk.compute.fetch_flavor_extra_specs(flavor).extra_specs
        assert specs == {'hw:numa_nodes': '1'}
        got = sdk.compute.get_flavor(flavor.id)
        assert (got.ram, got.vcpus, got.disk) == (512, 2, 5)
    finally:
        sdk.compute.delete_flavor(flavor)
    assert sdk.compute.find_flavor(name) is None


def test_sdk_keypairs(sdk):
    name = 'sdk-key-%s' % _tag()
    keypair = sdk.compute.create_keypair(name=name)
    assert 'PRIVATE KEY' in keypair.private_key
    assert name in {k.name for k in sdk.compute.keypairs()}
    assert sdk.compute.get_keypair(name).fingerprint == keypair.fingerprint
    sdk.compute.delete_keypair(name)
    assert sdk.compute.find_keypair(name) is None


def test_sdk_services_hypervisors_zones(sdk, keystone_cloud):
    c = keystone_cloud
    services = {(s.binary, s.host): s for s in sdk.compute.services()}
    assert {h for b, h in services if b == 'nova-compute'} == set(
        c.compute_hosts)
    compute = services[('nova-compute', c.compute_host)]
    assert compute.state == 'up' and compute.status == 'enabled'
    try:
        changed = sdk.compute.disable_service(compute, c.compute_host,
                                              'nova-compute',
                                              disabled_reason='sdk test')
        assert changed.status == 'disabled'
    finally:
        sdk.compute.enable_service(compute, c.compute_host, 'nova-compute')
    hypervisors = list(sdk.compute.hypervisors(details=True))
    assert sorted(h.name for h in hypervisors) == sorted(c.compute_hosts)
    assert {h.hypervisor_type for h in hypervisors} == {'fake'}
    zones = {z.name for z in sdk.compute.availability_zones()}
    assert 'nova' in zones


def test_sdk_aggregates(sdk, keystone_cloud):
    name = 'sdk-agg-%s' % _tag()
    aggregate = sdk.compute.create_aggregate(name=name,
                                             availability_zone='sdk-zone')
    try:
        sdk.compute.add_host_to_aggregate(aggregate,
                                          keystone_cloud.compute_host)
        sdk.compute.set_aggregate_metadata(aggregate, {'gpu': 'none'})
        got = sdk.compute.get_aggregate(aggregate)
        assert got.hosts == [keystone_cloud.compute_host]
        assert got.metadata['gpu'] == 'none'
        assert got.availability_zone == 'sdk-zone'
        sdk.compute.remove_host_from_aggregate(aggregate,
                                               keystone_cloud.compute_host)
    finally:
        sdk.compute.delete_aggregate(aggregate)


def test_sdk_server_lifecycle(sdk, keystone_cloud):
    flavor = sdk.compute.create_flavor(name='sdk-srv-%s' % _tag(), ram=64,
                                       vcpus=1, disk=1)
    name = 'sdk-srv-%s' % _tag()
    server = sdk.compute.create_server(
        name=name, flavor_id=flavor.id,
        image_id=keystone_cloud.glance.image_id,
        networks='none', metadata={'made-by': 'sdk'})
    try:
        server = sdk.compute.wait_for_server(server, status='ACTIVE',
                                             wait=120)
        assert server.compute_host in keystone_cloud.compute_hosts
        assert name in {s.name for s in sdk.compute.servers()}
        sdk.compute.set_server_metadata(server, color='blue')
        metadata = sdk.compute.get_server_metadata(server).metadata
        assert metadata == {'made-by': 'sdk', 'color': 'blue'}
    finally:
        sdk.compute.delete_server(server)
        sdk.compute.wait_for_delete(server, wait=120)
        sdk.compute.delete_flavor(flavor)
    assert sdk.compute.find_server(name) is None


def test_sdk_quotas(sdk):
    project = sdk.identity.find_project('demo')
    sdk.compute.update_quota_set(project.id, cores=30)
    assert sdk.compute.get_quota_set(project.id).cores == 30


def test_sdk_limits(sdk):
    assert sdk.compute.get_limits().absolute.instances >= 0


def test_sdk_server_groups(sdk):
    group = sdk.compute.create_server_group(name='sdk-group-%s' % _tag(),
                                            policy='affinity')
    assert group.id in {g.id for g in sdk.compute.server_groups()}


def test_sdk_usage(sdk):
    assert isinstance(list(sdk.compute.usages()), list)


# -- novaclient ----------------------------------------------------------

@pytest.fixture(scope='module')
def novaclient(keystone_cloud):
    from keystoneauth1 import loading
    from keystoneauth1 import session as ks_session
    from novaclient import client
    ks = keystone_cloud.keystone
    auth = loading.get_plugin_loader('password').load_from_options(
        auth_url=ks.auth_url, username='admin', password=ks.password,
        project_name='admin', user_domain_name='Default',
        project_domain_name='Default')
    return client.Client('2.53', session=ks_session.Session(auth=auth))


def test_novaclient_flavors_keypairs(novaclient):
    name = 'nc-flavor-%s' % _tag()
    flavor = novaclient.flavors.create(name, ram=128, vcpus=1, disk=1)
    try:
        flavor.set_keys({'hw:cpu_policy': 'shared'})
        assert novaclient.flavors.get(flavor.id).get_keys() == {
            'hw:cpu_policy': 'shared'}
        assert name in {f.name for f in novaclient.flavors.list()}
    finally:
        novaclient.flavors.delete(flavor)
    key = 'nc-key-%s' % _tag()
    keypair = novaclient.keypairs.create(key)
    assert 'PRIVATE KEY' in keypair.private_key
    assert key in {k.name for k in novaclient.keypairs.list()}
    novaclient.keypairs.delete(key)
    assert key not in {k.name for k in novaclient.keypairs.list()}


def test_novaclient_services_hypervisors_aggregates(novaclient,
                                                   keystone_cloud):
    c = keystone_cloud
    services = novaclient.services.list(binary='nova-compute')
    assert sorted(s.host for s in services) == sorted(c.compute_hosts)
    service_id = [s.id for s in services if s.host == c.compute_host][0]
    try:
        disabled = novaclient.services.disable_log_reason(service_id,
                                                          'novaclient')
        assert disabled.status == 'disabled'
    finally:
        assert novaclient.services.enable(service_id).status == 'enabled'
    hypervisors = novaclient.hypervisors.list()
    assert sorted(h.hypervisor_hostname for h in hypervisors) == sorted(
        c.compute_hosts)
    assert novaclient.hypervisor_stats.statistics().count == len(
        c.compute_hosts)
    name = 'nc-agg-%s' % _tag()
    aggregate = novaclient.aggregates.create(name, 'nc-zone')
    try:
        aggregate = novaclient.aggregates.add_host(aggregate, c.compute_host)
        assert aggregate.hosts == [c.compute_host]
        zones = {z.zoneName for z in novaclient.availability_zones.list()}
        assert 'nc-zone' in zones
        novaclient.aggregates.remove_host(aggregate, c.compute_host)
    finally:
        novaclient.aggregates.delete(aggregate)


def test_novaclient_server_lifecycle(novaclient, keystone_cloud):
    flavor = novaclient.flavors.create('nc-srv-%s' % _tag(), ram=64,
                                       vcpus=1, disk=1)
    name = 'nc-srv-%s' % _tag()
    server = novaclient.servers.create(name,
                                       image=keystone_cloud.glance.image_id,
                                       flavor=flavor.id, nics='none')
    try:
        deadline = time.monotonic() + 120
        while novaclient.servers.get(server.id).status != 'ACTIVE':
            assert time.monotonic() < deadline, 'server never ACTIVE'
            assert novaclient.servers.get(server.id).status != 'ERROR'
            time.sleep(1)
        novaclient.servers.set_meta(server, {'tier': 'db'})
        assert novaclient.servers.get(server.id).metadata == {'tier': 'db'}
        assert name in {s.name for s in novaclient.servers.list()}
    finally:
        novaclient.servers.delete(server)
    from novaclient import exceptions
    deadline = time.monotonic() + 120
    while True:
        try:
            novaclient.servers.get(server.id)
        except exceptions.NotFound:
            break
        assert time.monotonic() < deadline, 'server never went away'
        time.sleep(1)
    novaclient.flavors.delete(flavor)


def test_novaclient_quotas(novaclient):
    project = novaclient.client.session.get_project_id()
    novaclient.quotas.update(project, instances=9)
    assert novaclient.quotas.get(project).instances == 9


def test_novaclient_limits(novaclient):
    absolute = {a.name for a in novaclient.limits.get().absolute}
    assert 'maxTotalInstances' in absolute


def test_novaclient_server_groups(novaclient):
    group = novaclient.server_groups.create(name='nc-group-%s' % _tag(),
                                            policies=['affinity'])
    assert group.id in {g.id for g in novaclient.server_groups.list()}


def test_novaclient_usage(novaclient):
    import datetime
    end = datetime.datetime.utcnow() + datetime.timedelta(hours=1)
    start = end - datetime.timedelta(days=1)
    assert isinstance(novaclient.usage.list(start, end), list)


def test_nova_cli(keystone_cloud):
    c = keystone_cloud
    name = 'nova-cli-%s' % _tag()
    nova_cli(c, 'flavor-create', name, 'auto', '128', '1', '1')
    assert name in nova_cli(c, 'flavor-list')
    nova_cli(c, 'flavor-key', name, 'set', 'hw:mem_page_size=small')
    assert 'hw:mem_page_size' in nova_cli(c, 'flavor-show', name)
    nova_cli(c, 'flavor-delete', name)
    assert name not in nova_cli(c, 'flavor-list')
    services = nova_cli(c, 'service-list')
    assert 'nova-conductor' in services
    assert all(host in services for host in c.compute_hosts)
    hypervisors = nova_cli(c, 'hypervisor-list')
    assert all(host in hypervisors for host in c.compute_hosts)
    stats = nova_cli(c, 'hypervisor-stats')
    assert str(800000 * len(c.compute_hosts)) in stats
    key = 'nova-key-%s' % _tag()
    nova_cli(c, 'keypair-add', key)
    assert key in nova_cli(c, 'keypair-list')
    nova_cli(c, 'keypair-delete', key)
    assert 'nova' in nova_cli(c, 'availability-zone-list')
    forbidden = nova_cli(c, 'service-list', user='demo', check=False)
    assert forbidden.returncode != 0
    assert '403' in forbidden.stderr or 'Forbidden' in forbidden.stderr


def test_nova_cli_versions_need_no_os_compute_api_version(keystone_cloud):
    """``nova version-list`` negotiates with the server's version
    document."""
    out = nova_cli(keystone_cloud, 'version-list')
    assert '2.53' in out and 'v2.1' in out
