"""Properties of a Glance image (``/images/{id}/metadata``), up to 2.35
(404 from 2.36, with the rest of the images proxy).

The metadata are the image's properties; changes are written to Glance
and their count is limited by the ``metadata_items`` quota.
"""

import webob.exc

from nova.api.openstack.compute import images
from nova.api.openstack.compute.schemas import image_metadata as schema
from nova.api.openstack import wsgi
from nova.api import validation
from nova import exception
from nova.i18n import _
from nova import quota

MAX_VERSION = images.MAX_VERSION


def _properties(req, image_id):
    return dict(images.get_image(req.context, image_id).get('properties')
                or {})


def _check_quota(context, metadata):
    try:
        quota.QUOTAS.limit_check(context, metadata_items=len(metadata))
    except exception.OverQuota:
        raise webob.exc.HTTPForbidden(
            explanation=_('Image metadata limit exceeded'))


def _write(req, image_id, old, new):
    """Make the image's properties ``new`` (they were ``old``)."""
    _check_quota(req.context, new)
    changes = {key: value for key, value in new.items()
               if old.get(key) != value}
    changes.update({key: None for key in old if key not in new})
    try:
        image = images.image_service().set_properties(req.context,
                                                      image_id, changes)
    except exception.ImageNotFound:
        raise webob.exc.HTTPNotFound(explanation=_('Image not found.'))
    except exception.Forbidden as e:
        raise webob.exc.HTTPForbidden(explanation=e.format_message())
    return dict(image.get('properties') or {})


@wsgi.api_version('2.1', MAX_VERSION)
@wsgi.expected_errors(404)
def index(req, image_id):
    return {'metadata': _properties(req, image_id)}


@wsgi.api_version('2.1', MAX_VERSION)
@wsgi.expected_errors((403, 404))
def show(req, image_id, key):
    properties = _properties(req, image_id)
    if key not in properties:
        raise webob.exc.HTTPNotFound(explanation=_('Invalid metadata key'))
    return {'meta': {key: properties[key]}}


@wsgi.api_version('2.1', MAX_VERSION)
@wsgi.expected_errors((400, 403, 404))
@validation.schema(schema.create)
def create(req, image_id, body):
    old = _properties(req, image_id)
    new = dict(old, **body['metadata'])
    return {'metadata': _write(req, image_id, old, new)}


@wsgi.api_version('2.1', MAX_VERSION)
@wsgi.expected_errors((400, 403, 404))
@validation.schema(schema.update)
def update(req, image_id, key, body):
    meta = body['meta']
    if key not in meta:
        raise webob.exc.HTTPBadRequest(
            explanation=_('Request body and URI mismatch'))
    old = _properties(req, image_id)
    new = dict(old, **meta)
    _write(req, image_id, old, new)
    return {'meta': meta}


@wsgi.api_version('2.1', MAX_VERSION)
@wsgi.expected_errors((400, 403, 404))
@validation.schema(schema.update_all)
def update_all(req, image_id, body):
    old = _properties(req, image_id)
    return {'metadata': _write(req, image_id, old, dict(body['metadata']))}


@wsgi.api_version('2.1', MAX_VERSION)
@wsgi.response(204)
@wsgi.expected_errors((403, 404))
def delete(req, image_id, key):
    old = _properties(req, image_id)
    if key not in old:
        raise webob.exc.HTTPNotFound(explanation=_('Invalid metadata key'))
    new = {k: v for k, v in old.items() if k != key}
    _write(req, image_id, old, new)
