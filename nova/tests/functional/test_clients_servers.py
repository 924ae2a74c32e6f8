"""The ``openstack`` CLI moves servers between two real compute hosts.

Resize (confirm and revert), cold migration and delete run as a user
runs them: ``openstack server create --image NAME`` (the image is looked
up in Glance through Keystone's catalog), ``server resize --flavor ...
--wait``, ``server resize confirm``/``revert``, ``server migrate
--wait``, ``server migration confirm``, ``server delete --wait``.  Each
step is checked twice: in what the CLI prints, and in the state behind
it: the server as nova-api shows it (status, host, flavor), the
migration records, the recorded actions (``server event list``) and the
instance's allocations in placement, read with the placement service
user's token.  A resize no host can take is refused with a 400 and leaves the server
as it was, with the failed migration listed.

The cloud is the ``keystone_cloud`` fixture (two nova-compute hosts with
the fake driver, Glance in the catalog); this module gets its own, on the
same xdist worker as test_clients.py so that Keystone and Glance start
once.
"""

import time

import pytest
import requests

from nova.tests.functional.glance import glance  # noqa: F401
from nova.tests.functional.keystone import keystone  # noqa: F401
from nova.tests.functional.keystone import keystone_cloud  # noqa: F401
from nova.tests.functional.test_clients import _tag
from nova.tests.functional.test_clients import osc

pytestmark = pytest.mark.xdist_group('keystone-clients')

SMALL = {'ram': 64, 'vcpus': 1, 'disk': 1}
BIG = {'ram': 128, 'vcpus': 2, 'disk': 2}


def _resources(flavor):
    return {'MEMORY_MB': flavor['ram'], 'VCPU': flavor['vcpus'],
            'DISK_GB': flavor['disk']}


class Placement(object):
    """Reads placement as the placement service user does."""

    def __init__(self, cloud):
        self.cloud = cloud

    def get(self, path):
        token = self.cloud.keystone.token('placement', 'service')
        resp = requests.get(self.cloud.placement_url + path, timeout=30,
                            headers={'X-Auth-Token': token})
        assert resp.status_code == 200, (path, resp.status_code, resp.text)
        return resp.json()

    def allocations(self, consumer):
        """``{provider name: {resource class: amount}}`` of a consumer."""
        names = {p['uuid']: p['name'] for p in
                 self.get('/resource_providers')['resource_providers']}
        allocations = self.get('/allocations/%s' % consumer)['allocations']
        return {names[rp]: alloc['resources']
                for rp, alloc in allocations.items()}


@pytest.fixture(scope='module')
def placement(keystone_cloud):
    assert keystone_cloud.with_placement, 'nova-placement-api is not built'
    return Placement(keystone_cloud)


@pytest.fixture(scope='module')
def flavors(keystone_cloud):
    """A small and a bigger flavor, made with the CLI."""
    made = {}
    for label, spec in (('small', SMALL), ('big', BIG)):
        made[label] = osc(keystone_cloud, 'flavor', 'create', '--ram',
                          str(spec['ram']), '--vcpus', str(spec['vcpus']),
                          '--disk', str(spec['disk']),
                          'cli-%s-%s' % (label, _tag()))
    yield made
    for flavor in made.values():
        osc(keystone_cloud, 'flavor', 'delete', flavor['id'], parse=False,
            check=False)


def wait_status(cloud, server, status, timeout=120):
    """``openstack server show`` until the server has ``status``."""
    deadline = time.monotonic() + timeout
    while True:
        shown = osc(cloud, 'server', 'show', server)
        if shown['status'] == status:
            return shown
        assert shown['status'] != 'ERROR', shown
        assert time.monotonic() < deadline, (
            'server %s stayed %s (task %s), wanted %s\n%s' % (
                server, shown['status'], shown['OS-EXT-STS:task_state'],
                status, cloud.describe()))
        time.sleep(1)


def wait_allocations(placement, consumer, expected, timeout=30):
    """Placement is written by nova-compute after the state it reports
    to the API: give it a moment."""
    deadline = time.monotonic() + timeout
    while True:
        got = placement.allocations(consumer)
        if got == expected or time.monotonic() > deadline:
            assert got == expected
            return got
        time.sleep(0.5)


def actions(cloud, server):
    """``openstack server event list``: the recorded user actions, oldest
    first."""
    events = osc(cloud, 'server', 'event', 'list', server)
    return [e['Action'] for e in reversed(events)]


def other(cloud, host):
    hosts = [h for h in cloud.compute_hosts if h != host]
    assert len(hosts) == 1, cloud.compute_hosts
    return hosts[0]


@pytest.fixture
def server(keystone_cloud, flavors):
    """A server on the small flavor, booted with ``openstack server create
    --image NAME --wait``; deleted with the CLI afterwards."""
    c = keystone_cloud
    name = 'cli-move-%s' % _tag()
    created = osc(c, 'server', 'create', '--image', c.glance.image_name,
                  '--flavor', flavors['small']['name'], '--nic', 'none',
                  '--wait', name)
    assert created['status'] == 'ACTIVE', created
    yield created
    osc(c, 'server', 'delete', '--wait', created['id'], parse=False,
        check=False)


def test_osc_image_list_through_the_catalog(keystone_cloud):
    c = keystone_cloud
    endpoints = osc(c, 'endpoint', 'list', '--service', 'image')
    assert {e['URL'] for e in endpoints} == {c.glance.url}
    images = {i['Name']: i for i in osc(c, 'image', 'list')}
    assert images[c.glance.image_name]['ID'] == c.glance.image_id
    assert images[c.glance.image_name]['Status'] == 'active'
    shown = osc(c, 'image', 'show', c.glance.image_name)
    assert shown['id'] == c.glance.image_id
    assert shown['disk_format'] == 'qcow2'
    assert shown['virtual_size'] == 64 * 1024 * 1024


def test_osc_server_create_holds_the_flavor_in_placement(
        keystone_cloud, server, flavors, placement):
    c = keystone_cloud
    host = server['OS-EXT-SRV-ATTR:host']
    assert host in c.compute_hosts
    assert c.glance.image_id in str(server['image'])
    assert placement.allocations(server['id']) == {
        host: _resources(SMALL)}


def test_osc_server_resize_confirm(keystone_cloud, server, flavors,
                                   placement):
    c = keystone_cloud
    source = server['OS-EXT-SRV-ATTR:host']
    target = other(c, source)
    out = osc(c, 'server', 'resize', '--flavor', flavors['big']['name'],
              '--wait', server['id'], parse=False)
    assert 'Complete' in out
    shown = osc(c, 'server', 'show', server['id'])
    assert shown['status'] == 'VERIFY_RESIZE'
    assert shown['OS-EXT-SRV-ATTR:host'] == target
    assert flavors['big']['name'] in str(shown['flavor'])
    assert shown['progress'] == 0
    # Both copies are held while the user decides.
    assert placement.allocations(server['id']) == {
        source: _resources(SMALL), target: _resources(BIG)}
    migrations = osc(c, 'server', 'migration', 'list', '--server',
                     server['id'])
    assert [(m['Source Compute'], m['Dest Compute'], m['Dest Host'],
             m['Status'], m['Type']) for m in migrations] == [
        (source, target, c.compute_ips[target], 'finished', 'resize')]

    osc(c, 'server', 'resize', 'confirm', server['id'], parse=False)
    shown = wait_status(c, server['id'], 'ACTIVE')
    assert shown['OS-EXT-SRV-ATTR:host'] == target
    assert flavors['big']['name'] in str(shown['flavor'])
    wait_allocations(placement, server['id'], {target: _resources(BIG)})
    migrations = osc(c, 'server', 'migration', 'list', '--server',
                     server['id'])
    assert [m['Status'] for m in migrations] == ['confirmed']
    assert actions(c, server['id']) == ['create', 'resize', 'confirmResize']


def test_osc_server_resize_revert(keystone_cloud, server, flavors,
                                  placement):
    c = keystone_cloud
    source = server['OS-EXT-SRV-ATTR:host']
    target = other(c, source)
    osc(c, 'server', 'resize', '--flavor', flavors['big']['id'], '--wait',
        server['name'], parse=False)
    shown = osc(c, 'server', 'show', server['name'])
    assert shown['status'] == 'VERIFY_RESIZE'
    assert shown['OS-EXT-SRV-ATTR:host'] == target

    osc(c, 'server', 'resize', 'revert', server['name'], parse=False)
    shown = wait_status(c, server['id'], 'ACTIVE')
    assert shown['OS-EXT-SRV-ATTR:host'] == source
    assert flavors['small']['name'] in str(shown['flavor'])
    assert flavors['big']['name'] not in str(shown['flavor'])
    wait_allocations(placement, server['id'], {source: _resources(SMALL)})
    migrations = osc(c, 'server', 'migration', 'list', '--server',
                     server['id'])
    assert [m['Status'] for m in migrations] == ['reverted']
    assert actions(c, server['id']) == ['create', 'resize', 'revertResize']


def test_osc_server_migrate_and_confirm(keystone_cloud, server, flavors,
                                        placement):
    c = keystone_cloud
    source = server['OS-EXT-SRV-ATTR:host']
    target = other(c, source)
    out = osc(c, 'server', 'migrate', '--wait', server['id'], parse=False)
    assert 'Complete' in out
    shown = osc(c, 'server', 'show', server['id'])
    assert shown['status'] == 'VERIFY_RESIZE'
    assert shown['OS-EXT-SRV-ATTR:host'] == target
    assert flavors['small']['name'] in str(shown['flavor'])
    assert placement.allocations(server['id']) == {
        source: _resources(SMALL), target: _resources(SMALL)}

    osc(c, 'server', 'migration', 'confirm', server['id'], parse=False)
    shown = wait_status(c, server['id'], 'ACTIVE')
    assert shown['OS-EXT-SRV-ATTR:host'] == target
    wait_allocations(placement, server['id'], {target: _resources(SMALL)})
    migrations = osc(c, 'server', 'migration', 'list', '--server',
                     server['id'])
    assert [(m['Source Compute'], m['Dest Compute'], m['Dest Host'],
             m['Status'], m['Type']) for m in migrations] == [
        (source, target, c.compute_ips[target], 'confirmed', 'migration')]
    assert actions(c, server['id']) == ['create', 'migrate', 'confirmResize']


def test_osc_server_delete_wait_frees_placement(keystone_cloud, flavors,
                                                 placement):
    c = keystone_cloud
    name = 'cli-del-%s' % _tag()
    created = osc(c, 'server', 'create', '--image', c.glance.image_id,
                  '--flavor', flavors['small']['id'], '--nic', 'none',
                  '--wait', name)
    assert placement.allocations(created['id']) == {
        created['OS-EXT-SRV-ATTR:host']: _resources(SMALL)}
    osc(c, 'server', 'delete', '--wait', name, parse=False)
    assert name not in {s['Name'] for s in osc(c, 'server', 'list')}
    missing = osc(c, 'server', 'show', created['id'], check=False)
    assert missing.returncode != 0
    assert 'No Server found' in missing.stderr or '404' in missing.stderr, (
        missing.stderr)
    assert placement.allocations(created['id']) == {}



@pytest.fixture
def huge_flavor(keystone_cloud):
    """More disk than any fake host has (disk has no quota, so the API
    accepts the resize and the scheduler refuses it)."""
    huge = osc(keystone_cloud, 'flavor', 'create', '--ram', '64',
               '--vcpus', '1', '--disk', str(10 ** 7),
               'cli-huge-%s' % _tag())
    yield huge
    osc(keystone_cloud, 'flavor', 'delete', huge['id'], parse=False,
        check=False)


def _resize_with_no_host(cloud, server, huge):
    """``server resize`` to a flavor no host fits: the CLI reports
    nova-api's 400 with the scheduler's reason, and the server is left as
    it was."""
    cloud_host = server['OS-EXT-SRV-ATTR:host']
    result = osc(cloud, 'server', 'resize', '--flavor', huge['id'],
                 '--wait', server['id'], parse=False, check=False)
    assert result.returncode != 0, result.stdout
    assert 'No valid host was found' in result.stderr, result.stderr
    assert '400' in result.stderr, result.stderr
    shown = wait_status(cloud, server['id'], 'ACTIVE')
    assert shown['OS-EXT-STS:task_state'] is None
    assert shown['OS-EXT-SRV-ATTR:host'] == cloud_host
    assert huge['name'] not in str(shown['flavor'])
    return cloud_host


def test_osc_server_resize_to_a_flavor_no_host_fits(
        keystone_cloud, server, huge_flavor, placement):
    """The scheduler finds no host: the server stays as it was, on its
    host, flavor and allocation, and the failed migration is listed."""
    c = keystone_cloud
    host = _resize_with_no_host(c, server, huge_flavor)
    assert placement.allocations(server['id']) == {host: _resources(SMALL)}
    assert actions(c, server['id']) == ['create', 'resize']
    migrations = osc(c, 'server', 'migration', 'list', '--server',
                     server['id'])
    assert [m['Status'] for m in migrations] == ['error']
