#!/usr/bin/env python3
"""Seconds from POST /servers to ACTIVE and to the guest's console marker,
on real QEMU guests (``[libvirt] virt_type = qemu``).

Starts what the whole-stack lifecycle tests start (tools/ scripts through
nova/tests/functional): a private libvirtd, Glance with the test guest
(tools/guest/build-test-image.sh) as a qcow2 image, Keystone, and
nova-placement-api, nova-conductor, nova-scheduler, one libvirt
nova-compute and nova-api over RabbitMQ and fresh MariaDB databases.
Then, for each batch size (default 1 and 5), POSTs that many servers at
once and polls each one: ``GET /servers/{id}`` until ACTIVE, then
``os-getConsoleOutput`` until the marker ``NOVA-TEST-GUEST-UP`` appears.
Servers are deleted (and awaited) between batches.  Everything is torn
down at the end; the figures are printed as a table and as JSON.

    python tools/bench/guest_boot.py --runs 3 --batches 1,5
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, REPO)

from nova.tests.functional import infra  # noqa: E402
from nova.tests.functional import keystone as ks  # noqa: E402
from nova.tests.functional.libvirt import fixtures as lvfix  # noqa: E402

MICROVERSION = {'X-OpenStack-Nova-API-Version': '2.53'}


class Api(object):
    """The compute API as the admin user, through Keystone's catalog."""

    def __init__(self, keystone, url):
        self.keystone = keystone
        self.url = url
        self.token = keystone.token('admin', 'admin')

    def _do(self, method, path, **kwargs):
        headers = dict(MICROVERSION, **{'X-Auth-Token': self.token})
        resp = requests.request(method, self.url + path, headers=headers,
                                timeout=60, **kwargs)
        if resp.status_code >= 400:
            raise RuntimeError('%s %s: %s %s' % (method, path,
                                                 resp.status_code,
                                                 resp.text[:500]))
        return resp.json() if resp.content else None

    def get(self, path):
        return self._do('GET', path)

    def post(self, path, body):
        return self._do('POST', path, json=body)

    def delete(self, path):
        return self._do('DELETE', path)


def boot_one(api, image_id, flavor_id, name, out, timeout):
    """POST one server and time ACTIVE and the marker; fills ``out``."""
    start = time.monotonic()
    server = api.post('/servers', {'server': {
        'name': name, 'imageRef': image_id, 'flavorRef': flavor_id,
        'networks': 'none'}})['server']
    out['id'] = server['id']
    deadline = start + timeout
    while True:
        status = api.get('/servers/%s' % server['id'])['server']['status']
        if status == 'ACTIVE':
            out['active'] = time.monotonic() - start
            break
        if status == 'ERROR' or time.monotonic() > deadline:
            out['error'] = 'status %s' % status
            return
        time.sleep(0.2)
    while True:
        log = api.post('/servers/%s/action' % server['id'],
                       {'os-getConsoleOutput': {}})['output']
        if lvfix.MARKER in log:
            out['marker'] = time.monotonic() - start
            return
        if time.monotonic() > deadline:
            out['error'] = 'no marker after %ss' % timeout
            return
        time.sleep(0.2)


def batch(api, image_id, flavor_id, size, timeout):
    results = [{} for _ in range(size)]
    threads = [threading.Thread(
        target=boot_one, args=(api, image_id, flavor_id,
                               'bench-%d' % i, results[i], timeout))
        for i in range(size)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in results:
        if 'id' in r:
            api.delete('/servers/%s' % r['id'])
    for r in results:
        if 'id' in r:
            lvfix.wait_for(lambda: not _exists(api, r['id']), timeout,
                           'server %s deleted' % r['id'])
    return results


def _exists(api, server_id):
    try:
        api.get('/servers/%s' % server_id)
    except RuntimeError as e:
        if ' 404 ' in str(e):
            return False
        raise
    return True


def _summary(values):
    if not values:
        return None
    return {'median': round(statistics.median(values), 2),
            'min': round(min(values), 2), 'max': round(max(values), 2)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--runs', type=int, default=3,
                        help='batches of each size (default 3)')
    parser.add_argument('--batches', default='1,5',
                        help='servers booted at once, comma separated')
    parser.add_argument('--memory', type=int, default=128,
                        help='flavor RAM in MiB (default 128)')
    parser.add_argument('--timeout', type=int, default=300)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.batches.split(',')]

    root = tempfile.mkdtemp(prefix='nova-guest-boot-')
    libvirtd = lvfix.Libvirtd(os.path.join(root, 'libvirt'))
    glance = lvfix.Glance(os.path.join(root, 'glance'))
    keystone = cloud = None
    report = {'batches': {}}
    try:
        lvfix.install_packages()
        guest = lvfix.build_guest()
        libvirtd.start()
        glance.start()
        from nova.image import glance as glance_client
        client = glance_client.GlanceClient(api_servers=[glance.url])
        qcow2 = os.path.join(root, 'guest.qcow2')
        lvfix.run(['qemu-img', 'convert', '-O', 'qcow2',
                   os.path.join(guest, 'disk.img'), qcow2])
        image = client.create(None, 'bench-guest', disk_format='qcow2',
                              container_format='bare')
        client.upload(None, image['id'], qcow2)

        keystone = ks.load_tool().start(os.path.join(root, 'keystone'),
                                        ks.free_port(), password=ks.PASSWORD)
        instances = os.path.join(root, 'instances')
        with infra.cloud_resources() as res:
            cloud = ks.KeystoneCloud(
                keystone, res, _Path(root), glance_url=glance.url,
                compute_driver='libvirt.LibvirtDriver',
                controller_sections={'DEFAULT': {'debug': False}},
                compute_sections=lambda _i, host: {
                    'DEFAULT': {'instances_path': instances,
                                'debug': False},
                    # The node is named after the service (the test
                    # cloud waits for that resource provider).
                    'libvirt': {'virt_type': 'qemu',
                                'connection_uri': libvirtd.uri,
                                'node_name': host,
                                'use_usb_tablet': False}})
            try:
                cloud.start()
                api = Api(keystone, cloud.compute_url)
                flavor = api.post('/flavors', {'flavor': {
                    'name': 'bench.tiny', 'ram': args.memory, 'vcpus': 1,
                    'disk': 1}})['flavor']
                # The first boot also downloads the image into _base.
                batch(api, image['id'], flavor['id'], 1, args.timeout)
                for size in sizes:
                    runs = [batch(api, image['id'], flavor['id'], size,
                                  args.timeout)
                            for _ in range(args.runs)]
                    flat = [r for run in runs for r in run]
                    report['batches'][size] = {
                        'active_s': _summary([r['active'] for r in flat
                                              if 'active' in r]),
                        'marker_s': _summary([r['marker'] for r in flat
                                              if 'marker' in r]),
                        'last_marker_s': _summary(
                            [max(r.get('marker', 0) for r in run)
                             for run in runs]),
                        'errors': [r['error'] for r in flat
                                   if 'error' in r],
                    }
            finally:
                cloud.stop()
    finally:
        if keystone is not None:
            keystone.stop()
        glance.stop()
        libvirtd.stop()
        shutil.rmtree(root, ignore_errors=True)
    report['load_average'] = os.getloadavg()
    report['cpus'] = os.cpu_count()
    print('%-8s %-24s %-24s %-24s' % ('guests', 'to ACTIVE (s)',
                                      'to marker (s)', 'last marker (s)'))
    for size, row in report['batches'].items():
        cells = []
        for key in ('active_s', 'marker_s', 'last_marker_s'):
            s = row[key]
            cells.append('%.1f (%.1f-%.1f)' % (s['median'], s['min'],
                                               s['max']) if s else '-')
        print('%-8s %-24s %-24s %-24s' % (size, *cells))
    print(json.dumps(report, indent=2))
    return 1 if any(r['errors'] for r in report['batches'].values()) else 0


class _Path(str):
    """``tmp / 'name'`` as KeystoneCloud expects of pytest's paths."""

    def __truediv__(self, name):
        return _Path(os.path.join(self, name))


if __name__ == '__main__':
    sys.exit(main())
