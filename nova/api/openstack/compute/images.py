"""The images proxy (``/images``): Glance's images through the Compute
API, up to 2.35 (2.36 removed the proxies: every route is a 404 there).

``GET /images`` and ``/images/detail`` (filters ``name``, ``status``,
``changes-since``, ``server``, ``type``, ``minRam``, ``minDisk``; paging
with ``limit`` and ``marker``), ``GET /images/{id}`` and ``DELETE``.
Image metadata (``/images/{id}/metadata``) is in image_metadata.py.

The image service is :func:`image_service`: Glance (nova.image.glance)
when ``[glance] api_servers`` is set.  Without it there are no images to
list, and ``GET /images/{id}`` describes what the image seam
(nova.image.api) accepts for booting.
"""

import urllib.parse

import webob.exc

import nova.conf
from nova.api.openstack import common
from nova.api.openstack.compute.views import images as views
from nova.api.openstack import wsgi
from nova import exception
from nova.i18n import _
from nova.policies import images as policies

CONF = nova.conf.CONF
MAX_VERSION = '2.35'

# API filter -> Glance v2 query parameter.
_FILTERS = {'name': 'name', 'status': 'status',
            'changes-since': 'updated_at', 'server': 'instance_uuid',
            'type': 'image_type', 'minRam': 'min_ram',
            'minDisk': 'min_disk'}


class GlanceImages(object):
    """The proxy's view of Glance: list, show, delete, set properties."""

    def __init__(self, client=None):
        if client is None:
            from nova.image import glance
            client = glance.get_client()
        self.client = client

    def list(self, context, filters, limit=None, marker=None):
        params = dict(filters)
        if limit is not None:
            params['limit'] = limit
        if marker is not None:
            params['marker'] = marker
        if hasattr(self.client, 'list'):
            return self.client.list(context, **params)
        from nova.image import glance
        resp = self.client._request(
            context, 'GET', '/v2/images?' + urllib.parse.urlencode(params))
        return [glance.to_nova(image) for image in resp.json()['images']]

    def show(self, context, image_id):
        return self.client.show(context, image_id)

    def delete(self, context, image_id):
        self.client.delete(context, image_id)

    def set_properties(self, context, image_id, changes):
        """``changes``: {key: value, or None to remove}."""
        return self.client.update(context, image_id, changes)


class NoImageService(object):
    """No [glance] api_servers: nothing to list or change."""

    def list(self, context, filters, limit=None, marker=None):
        return []

    def show(self, context, image_id):
        from nova.image import api as image_api
        return image_api.API().get(context, image_id)

    def delete(self, context, image_id):
        raise exception.ImageNotFound(image_id=image_id)

    def set_properties(self, context, image_id, changes):
        raise exception.ImageNotFound(image_id=image_id)


# Tests (and embedders) may put another implementation here.
IMAGE_SERVICE = None


def image_service():
    if IMAGE_SERVICE is not None:
        return IMAGE_SERVICE
    if CONF.glance.api_servers:
        return GlanceImages()
    return NoImageService()


def get_image(context, image_id):
    """The image, or a 404 "Image not found."."""
    try:
        return image_service().show(context, image_id)
    except exception.ImageNotFound:
        raise webob.exc.HTTPNotFound(explanation=_('Image not found.'))


def _filters(req):
    filters = {}
    for name, glance_name in _FILTERS.items():
        value = req.params.get(name)
        if value is None:
            continue
        if name == 'server':
            value = value.rstrip('/').rsplit('/', 1)[-1]
        elif name == 'changes-since':
            value = 'gte:' + value
        filters[glance_name] = value
    return filters


def _list(req):
    context = req.context
    limit, marker = common.get_limit_and_marker(req)
    try:
        return image_service().list(context, _filters(req), limit=limit,
                                    marker=marker)
    except exception.Invalid as e:
        raise webob.exc.HTTPBadRequest(explanation=e.format_message())


@wsgi.api_version('2.1', MAX_VERSION)
@wsgi.expected_errors(400)
def index(req):
    images = _list(req)
    body = {'images': [views.basic(req, image) for image in images]}
    links = views.next_links(req, images)
    if links:
        body['images_links'] = links
    return body


def _show_size(req):
    return req.context.can(policies.IMAGE_SIZE_POLICY_NAME, fatal=False)


@wsgi.api_version('2.1', MAX_VERSION)
@wsgi.expected_errors(400)
def detail(req):
    images = _list(req)
    show_size = _show_size(req)
    body = {'images': [views.detail(req, image, show_size)
                       for image in images]}
    links = views.next_links(req, images)
    if links:
        body['images_links'] = links
    return body


@wsgi.api_version('2.1', MAX_VERSION)
@wsgi.expected_errors(404)
def show(req, image_id):
    image = get_image(req.context, image_id)
    return {'image': views.detail(req, image, _show_size(req))}


@wsgi.api_version('2.1', MAX_VERSION)
@wsgi.response(204)
@wsgi.expected_errors((403, 404))
def delete(req, image_id):
    try:
        image_service().delete(req.context, image_id)
    except exception.ImageNotFound:
        raise webob.exc.HTTPNotFound(explanation=_('Image not found.'))
    except exception.Forbidden:
        raise webob.exc.HTTPForbidden(
            explanation=_('You are not allowed to delete the image.'))
