"""A real Glance with one small image, for the whole-cloud client tests.

``glance`` (session scope, so once per xdist worker) starts the Image
service with the project's own scripts (``tools/glance/start.sh``: Glance
from PyPI in a cached virtualenv, SQLite, file store, no auth) through
:class:`nova.tests.functional.libvirt.fixtures.Glance`, and uploads a
64 MiB sparse qcow2 made by ``qemu-img`` as a public image.  The fake
driver never reads the data, but the image is real: nova-api looks it up
in Glance when a server is created, and so do the ``openstack`` CLI and
openstacksdk when they resolve ``--image NAME``.

Glance runs without authentication: a Keystone token sent by a client
through the catalog's ``image`` endpoint is accepted and ignored.  If
Glance cannot start or the upload fails the tests using it fail with the
reason: never a skip.
"""

import subprocess

import pytest
import requests

from nova.tests.functional.libvirt import fixtures as lvfix

IMAGE_NAME = 'cirros-like-test'


class GlanceWithImage(object):
    """A running Glance (``url``) and the image uploaded to it."""

    def __init__(self, state_dir):
        self.proc = lvfix.Glance(state_dir)
        self.state_dir = state_dir
        self.image_id = None
        self.image_name = IMAGE_NAME

    @property
    def url(self):
        return self.proc.url

    def start(self):
        self.proc.start()
        disk = '%s/test.qcow2' % self.state_dir
        subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', disk,
                        '64M'], check=True, capture_output=True, timeout=60)
        self.image_id = self.upload(self.image_name, disk)
        return self

    def upload(self, name, path, disk_format='qcow2'):
        """Create a public image from the file at ``path``; its id."""
        resp = requests.post(self.url + '/v2/images', timeout=30, json={
            'name': name, 'disk_format': disk_format,
            'container_format': 'bare'})
        resp.raise_for_status()
        image_id = resp.json()['id']
        with open(path, 'rb') as data:
            resp = requests.put(
                '%s/v2/images/%s/file' % (self.url, image_id), data=data,
                headers={'Content-Type': 'application/octet-stream'},
                timeout=120)
        resp.raise_for_status()
        return image_id

    def image(self, image_id=None):
        resp = requests.get('%s/v2/images/%s' % (
            self.url, image_id or self.image_id), timeout=30)
        resp.raise_for_status()
        return resp.json()

    def stop(self):
        self.proc.stop()


@pytest.fixture(scope='session')
def glance(tmp_path_factory):
    """One Glance with one active image for the session (per worker)."""
    server = GlanceWithImage(str(tmp_path_factory.mktemp('glance')))
    try:
        server.start()
    except (lvfix.InfraError, subprocess.SubprocessError,
            requests.RequestException) as e:
        server.stop()
        pytest.fail('Glance did not start: %s' % e, pytrace=False)
    try:
        yield server
    finally:
        server.stop()
