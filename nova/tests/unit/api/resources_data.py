"""Extra data for the HTTP tests of server groups, usage, migrations,
console tokens and images (``fixtures:`` in their YAML files), on top of
:func:`servers_data.cloud`.

* :func:`deleted_server`: DELETED_OLD, server 'old' of proj1/alice
  (m1.small: 2 vCPUs, 2048 MB, 20 GB) in cell1, created and launched
  2017-08-31 12:00
  and terminated (deleted) 2017-09-01 12:00.
* :func:`group_with_members`: server group GROUP ('web-group',
  anti-affinity, proj1/alice) whose members are ACTIVE_1 and DELETED_OLD.
* :func:`migrations`: in cell1, migration 1 a finished resize of STOPPED
  (2017-09-02), 2 a running live migration of ACTIVE_1 host1 -> host2
  (2017-09-03), 3 a hidden migration of PAUSED.
* :func:`console_tokens`: tokens 'novnc-token' (novnc) and 'rdp-token'
  (rdp-html5) of ACTIVE_1, valid for an hour, and 'stale-token', expired.
* :func:`fake_images`: an in-memory image service for the images proxy
  (two images, one a snapshot of ACTIVE_1), and
  ``[glance] api_servers = http://glance.example:9292``.
"""

import datetime
import hashlib

from oslo_utils import timeutils
from oslo_utils import uuidutils

import nova.conf
from nova import context as nova_context
from nova.db import engine as db
from nova import exception
from nova import objects
from nova.tests.unit.api import servers_data

CONF = nova.conf.CONF
DELETED_OLD = servers_data.server_uuid(11)
GROUP = '96000000-0000-4000-8000-000000000001'
IMAGE_CIRROS = '155d900f-4e14-4e4c-a73d-069cbf4541e6'
IMAGE_SNAP = '70a599e0-31e7-49b7-b260-868f441e862b'


def _cell1(ctxt):
    return objects.CellMapping.get_by_uuid(ctxt, servers_data.CELL1_UUID)


def deleted_server(api_env):
    ctxt = nova_context.get_admin_context()
    cell1 = _cell1(ctxt)
    small = objects.Flavor.get_by_flavor_id(ctxt, '2')
    with nova_context.target_cell(ctxt, cell1) as cctxt:
        inst = servers_data._server(cctxt, DELETED_OLD, 'old', 'deleted',
                                    small, minutes=-22 * 60)
        inst.terminated_at = datetime.datetime(2017, 9, 1, 12, 0)
        inst.save()
        inst.destroy()
    objects.InstanceMapping(
        ctxt, instance_uuid=DELETED_OLD, cell_mapping=cell1,
        project_id='proj1', user_id='alice').create()


def group_with_members(api_env):
    ctxt = nova_context.get_admin_context()
    objects.InstanceGroup(
        ctxt, uuid=GROUP, name='web-group', project_id='proj1',
        user_id='alice', policies=['anti-affinity'],
        members=[servers_data.ACTIVE_1, DELETED_OLD]).create()


def migrations(api_env):
    ctxt = nova_context.get_admin_context()
    with nova_context.target_cell(ctxt, _cell1(ctxt)) as cctxt:
        for uuid, day, values in (
                (servers_data.STOPPED, 2, dict(
                    migration_type='resize', status='finished',
                    old_instance_type_id=1, new_instance_type_id=2,
                    source_compute='host1', dest_compute='host1',
                    source_node='node-host1', dest_node='node-host1',
                    dest_host='192.0.2.1')),
                (servers_data.ACTIVE_1, 3, dict(
                    migration_type='live-migration', status='running',
                    old_instance_type_id=1, new_instance_type_id=1,
                    source_compute='host1', dest_compute='host2',
                    source_node='node-host1', dest_node='node-host2',
                    dest_host='192.0.2.2', memory_total=1024,
                    memory_processed=512, memory_remaining=512)),
                (servers_data.PAUSED, 4, dict(
                    migration_type='migration', status='done',
                    old_instance_type_id=1, new_instance_type_id=1,
                    source_compute='host1', dest_compute='host2',
                    hidden=True))):
            created = datetime.datetime(2017, 9, day, 8, 0)
            objects.Migration(cctxt, instance_uuid=uuid, created_at=created,
                              updated_at=created, **values).create()


def console_tokens(api_env):
    from nova.db.main import models
    ctxt = nova_context.get_admin_context()
    now = int(timeutils.utcnow_ts())
    with nova_context.target_cell(ctxt, _cell1(ctxt)) as cctxt:
        with db.main_session(cctxt) as session:
            for token, kind, port, expires in (
                    ('novnc-token', 'novnc', 5900, now + 3600),
                    ('rdp-token', 'rdp-html5', 3389, now + 3600),
                    ('stale-token', 'novnc', 5901, now - 10)):
                session.add(models.ConsoleAuthToken(
                    token_hash=hashlib.sha256(
                        token.encode('utf-8')).hexdigest(),
                    console_type=kind, host='host1', port=port,
                    internal_access_path=None,
                    instance_uuid=servers_data.ACTIVE_1, expires=expires))


class FakeImages(object):
    """The images proxy's image service, in memory."""

    def __init__(self):
        self.images = {}
        for image_id, name, status, props, size in (
                (IMAGE_CIRROS, 'cirros', 'active',
                 {'architecture': 'x86_64', 'auto_disk_config': 'True'},
                 13287936),
                (IMAGE_SNAP, 'web-snapshot', 'queued',
                 {'instance_uuid': servers_data.ACTIVE_1,
                  'image_type': 'snapshot'}, None)):
            self.images[image_id] = {
                'id': image_id, 'name': name, 'status': status,
                'min_ram': 0, 'min_disk': 1, 'size': size,
                'created_at': '2017-09-01T10:00:00Z',
                'updated_at': '2017-09-01T11:00:00Z',
                'properties': props}

    def _get(self, image_id):
        try:
            return self.images[image_id]
        except KeyError:
            raise exception.ImageNotFound(image_id=image_id)

    def list(self, context, filters, limit=None, marker=None):
        found = sorted(self.images.values(), key=lambda i: i['name'])
        for key, value in filters.items():
            found = [i for i in found
                     if str(i.get(key, i['properties'].get(key))) == value]
        if marker is not None:
            ids = [i['id'] for i in found]
            if marker not in self.images:
                raise exception.Invalid('marker not found')
            found = found[ids.index(marker) + 1:] if marker in ids else []
        return [dict(i) for i in found[:limit]]

    def show(self, context, image_id):
        return dict(self._get(image_id))

    def delete(self, context, image_id):
        self._get(image_id)
        del self.images[image_id]

    def set_properties(self, context, image_id, changes):
        image = self._get(image_id)
        for key, value in changes.items():
            if value is None:
                image['properties'].pop(key, None)
            else:
                image['properties'][key] = value
        return dict(image)


class _MadeUpImageIds(object):
    """Glance's create for the compute API's snapshots: only an id."""

    def create(self, context, name, **kwargs):
        return {'id': uuidutils.generate_uuid(), 'name': name}


def fake_images(api_env):
    from nova.api.openstack.compute import images
    from nova.image import api as image_api
    images.IMAGE_SERVICE = FakeImages()
    image_api.GLANCE = _MadeUpImageIds()
    CONF.set_override('api_servers', ['http://glance.example:9292'],
                      group='glance')
    close = api_env.close

    def close_all():
        images.IMAGE_SERVICE = None
        image_api.GLANCE = None
        CONF.clear_override('api_servers', group='glance')
        close()
    api_env.close = close_all


def two_server_groups(api_env):
    """proj1 may have two server groups."""
    ctxt = nova_context.get_admin_context()
    objects.Quotas.create_limit(ctxt, 'proj1', 'server_groups', 2)


def expose_casts(api_env):
    """Serve the RPC casts servers_data's recorders saw at ``/_casts``
    (test-only, outside the API): ``GET /_casts?wait=N`` waits up to two
    seconds for N casts, then answers ``{"casts": [{"method": ...,
    "task_state": ..., ...}]}``; ``DELETE /_casts`` forgets them."""
    import json
    import time

    import webob
    import webob.dec

    app = api_env.app

    def describe(name, kwargs):
        item = {'method': name}
        for key, value in kwargs.items():
            if key == 'instance':
                item['instance_uuid'] = value.uuid
                item['task_state'] = value.task_state
            elif isinstance(value, (str, int, float, bool, type(None))):
                item[key] = value
        return item

    @webob.dec.wsgify
    def wrapper(req):
        if req.path_info != '/_casts':
            return req.get_response(app)
        if req.method == 'DELETE':
            del servers_data.CASTS[:]
            return webob.Response(status=204)
        wanted = int(req.params.get('wait', 0))
        deadline = time.time() + 2
        while len(servers_data.CASTS) < wanted and time.time() < deadline:
            time.sleep(0.01)
        body = {'casts': [describe(n, kw) for n, kw in servers_data.CASTS]}
        return webob.Response(body=json.dumps(body).encode('utf-8'),
                              content_type='application/json',
                              charset='UTF-8')
    api_env.app = wrapper
