"""Bodies of the images proxy (Glance images in the Compute API's
words)."""

from oslo_utils import strutils
from oslo_utils import timeutils

from nova.api.openstack import common
import nova.conf

CONF = nova.conf.CONF

_STATUS = {'active': 'ACTIVE', 'queued': 'SAVING', 'saving': 'SAVING',
           'deleted': 'DELETED', 'pending_delete': 'DELETED',
           'killed': 'ERROR'}
_PROGRESS = {'queued': 25, 'saving': 50, 'active': 100}


class _Links(common.ViewBuilder):
    def __init__(self, collection_name):
        self.collection_name = collection_name


IMAGES = _Links('images')
SERVERS = _Links('servers')


def _date(value):
    if not value:
        return None
    if isinstance(value, str):
        value = timeutils.parse_isotime(value)
    return timeutils.normalize_time(value).strftime('%Y-%m-%dT%H:%M:%SZ')


def _links(req, image_id):
    links = IMAGES.links(req, image_id)
    servers = CONF.glance.api_servers
    if servers:
        base = servers[0] if '://' in servers[0] else 'http://' + servers[0]
        links.append({'rel': 'alternate',
                      'type': 'application/vnd.openstack.image',
                      'href': '%s/images/%s' % (base.rstrip('/'), image_id)})
    return links


def basic(req, image):
    return {'id': image['id'], 'name': image.get('name'),
            'links': _links(req, image['id'])}


def detail(req, image, show_size):
    properties = image.get('properties') or {}
    body = {
        'id': image['id'],
        'name': image.get('name'),
        'minRam': int(image.get('min_ram') or 0),
        'minDisk': int(image.get('min_disk') or 0),
        'metadata': properties,
        'created': _date(image.get('created_at')),
        'updated': _date(image.get('updated_at')),
        'status': _STATUS.get(image.get('status'), 'UNKNOWN'),
        'progress': _PROGRESS.get(image.get('status'), 0),
        'links': _links(req, image['id']),
    }
    if show_size:
        body['OS-EXT-IMG-SIZE:size'] = image.get('size')
    server = properties.get('instance_uuid')
    if server is not None:
        body['server'] = {'id': server, 'links': SERVERS.links(req, server)}
    auto_disk_config = properties.get('auto_disk_config')
    if auto_disk_config is not None:
        body['OS-DCF:diskConfig'] = (
            'AUTO' if strutils.bool_from_string(auto_disk_config)
            else 'MANUAL')
    return body


def next_links(req, images):
    return IMAGES.collection_links(req, images, 'images', 'id')
