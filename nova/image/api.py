"""The image lookup seam of the Compute API.

:meth:`API.get` turns an ``imageRef`` into image metadata (a dict shaped
like Glance v2's image, with ``properties``) or raises ImageNotFound.

Until a real Glance client exists, the behaviour depends on
``[glance] api_servers``:

* unset: any UUID is accepted and described with minimal metadata (active,
  no minimum RAM/disk, no properties); anything else is not found.  This
  keeps servers bootable in clouds without an image service.
* set: the image is read from the first server with ``GET
  /v2/images/{id}`` using the request's token.

:meth:`API.create` makes the (queued) image a snapshot, backup or shelve
will upload: in Glance when ``[glance] api_servers`` is set, otherwise
only an id is made up (nothing will be uploaded there).
"""

import json
import urllib.error
import urllib.parse
import urllib.request

from oslo_utils import uuidutils

import nova.conf
from nova import exception

CONF = nova.conf.CONF


# Tests may put another Glance client (anything with ``create``) here.
GLANCE = None


def image_id_from_ref(image_ref):
    """The id at the end of an image href (``http://.../images/<id>``)."""
    image_ref = str(image_ref or '')
    return urllib.parse.urlsplit(image_ref).path.rstrip('/').split('/')[-1]


def _minimal(image_id):
    return {'id': image_id, 'name': None, 'status': 'active',
            'min_ram': 0, 'min_disk': 0, 'size': 0,
            'container_format': None, 'disk_format': None,
            'properties': {}}


class API(object):

    def get(self, context, image_ref):
        image_id = image_id_from_ref(image_ref)
        if not uuidutils.is_uuid_like(image_id):
            raise exception.ImageNotFound(image_id=image_ref)
        servers = CONF.glance.api_servers
        if not servers:
            return _minimal(image_id)
        return self._fetch(context, servers[0], image_id)

    @staticmethod
    def _fetch(context, server, image_id):
        url = '%s/v2/images/%s' % (server.rstrip('/'), image_id)
        req = urllib.request.Request(url)
        if getattr(context, 'auth_token', None):
            req.add_header('X-Auth-Token', context.auth_token)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                data = json.loads(resp.read().decode('utf-8'))
        except urllib.error.HTTPError as e:
            if e.code == 404:
                raise exception.ImageNotFound(image_id=image_id)
            raise
        image = _minimal(image_id)
        core = set(image) | {'checksum', 'owner', 'visibility', 'created_at',
                             'updated_at', 'protected', 'virtual_size'}
        for key, value in data.items():
            if key in core:
                image[key] = value
            elif key not in ('self', 'file', 'schema', 'tags',
                             'direct_url', 'locations'):
                image['properties'][key] = value
        image['min_ram'] = image.get('min_ram') or 0
        image['min_disk'] = image.get('min_disk') or 0
        return image

    def create(self, context, meta):
        """A queued image for ``meta`` (name, properties, instance_uuid);
        returns it as a dict with its ``id``."""
        servers = CONF.glance.api_servers
        if not servers:
            return dict(meta, id=uuidutils.generate_uuid())
        from nova.image import glance
        props = dict(meta.get('properties') or {})
        if meta.get('instance_uuid'):
            props['instance_uuid'] = meta['instance_uuid']
        client = GLANCE or glance.GlanceClient(api_servers=servers)
        image = client.create(context, meta['name'], container_format=None,
                              properties=props)
        return dict(meta, id=image['id'])
