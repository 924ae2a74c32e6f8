"""A Glance v2 client for the virt drivers: show, download, create, upload.

Requests go through a keystoneauth1 session built from the ``[glance]``
options (timeout, TLS); the endpoints are ``[glance] api_servers``, tried
in turn, with ``[glance] num_retries`` extra rounds when a server cannot be
reached or answers 5xx.  The request's token (``context.auth_token``) is
sent when there is one.  HTTP errors become nova exceptions:

=====  ==========================
404    ImageNotFound
400    ImageBadRequest
401    ImageNotAuthorized
403    ImageNotAuthorized
409    ImageConflict
413    ImageTooLarge
other  ImageServiceError
=====  ==========================

Downloads are streamed to a file and checked against the image's
``os_hash_value`` (``os_hash_algo``) or, for older images, its MD5
``checksum``; a mismatch removes the partial file and raises
ImageChecksumMismatch.
"""

import hashlib
import os
import time

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import session as ks_session
from oslo_log import log as logging
from oslo_serialization import jsonutils

import nova.conf
from nova import exception
from nova import http_session

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

CHUNK = 1024 * 1024
# Image attributes Glance itself owns; everything else is a property.
CORE = ('id', 'name', 'status', 'visibility', 'protected', 'checksum',
        'os_hash_algo', 'os_hash_value', 'owner', 'size', 'virtual_size',
        'min_ram', 'min_disk', 'disk_format', 'container_format',
        'created_at', 'updated_at', 'tags', 'os_hidden')
_NOT_PROPERTIES = ('self', 'file', 'schema', 'direct_url', 'locations',
                   'stores')


class ImageServiceError(exception.NovaException):
    msg_fmt = "Image service error %(status)s: %(reason)s"


class ImageBadRequest(exception.Invalid):
    msg_fmt = "Request of image %(image_id)s is invalid: %(response)s"


class ImageNotAuthorized(exception.Forbidden):
    msg_fmt = "Not authorized for image %(image_id)s."


class ImageConflict(exception.Conflict):
    msg_fmt = "Conflict on image %(image_id)s: %(reason)s"


class ImageTooLarge(exception.Invalid):
    msg_fmt = "Image %(image_id)s is too large: %(reason)s"


class ImageChecksumMismatch(exception.NovaException):
    msg_fmt = ("Image %(image_id)s downloaded with %(algo)s %(actual)s, "
               "expected %(expected)s")


class ImageUnacceptable(exception.Invalid):
    msg_fmt = "Image %(image_id)s is unacceptable: %(reason)s"


def _error(status, image_id, text):
    reason = (text or '').strip()[:500]
    if status == 404:
        return exception.ImageNotFound(image_id=image_id)
    if status == 400:
        return ImageBadRequest(image_id=image_id, response=reason)
    if status in (401, 403):
        return ImageNotAuthorized(image_id=image_id)
    if status == 409:
        return ImageConflict(image_id=image_id, reason=reason)
    if status == 413:
        return ImageTooLarge(image_id=image_id, reason=reason)
    return ImageServiceError(status=status, reason=reason)


def to_nova(data):
    """Glance v2 image JSON -> nova's image dict (core keys at the top,
    the rest under ``properties``)."""
    image = {key: data.get(key) for key in CORE}
    image['min_ram'] = image['min_ram'] or 0
    image['min_disk'] = image['min_disk'] or 0
    image['properties'] = {k: v for k, v in data.items()
                           if k not in CORE and k not in _NOT_PROPERTIES}
    return image


class GlanceClient(object):
    """Talks to one Glance deployment.  ``api_servers`` defaults to
    ``[glance] api_servers``."""

    def __init__(self, api_servers=None, num_retries=None, session=None):
        servers = api_servers or CONF.glance.api_servers
        if not servers:
            raise exception.ConfigError(
                reason='[glance] api_servers is not set')
        self.api_servers = [s if '://' in s else 'http://' + s
                            for s in servers]
        self.num_retries = (CONF.glance.num_retries if num_retries is None
                            else num_retries)
        if session is None:
            try:
                session = http_session.load_session_from_conf_options(
                    CONF, 'glance')
            except Exception:
                session = ks_session.Session()
        self.session = session

    # -- transport ---------------------------------------------------------

    def _request(self, context, method, path, image_id=None, ok=(200,),
                 **kwargs):
        headers = kwargs.pop('headers', {})
        data_factory = kwargs.pop('data_factory', None)
        token = getattr(context, 'auth_token', None)
        if token:
            headers['X-Auth-Token'] = token
        last = None
        for attempt in range(self.num_retries + 1):
            for server in self.api_servers:
                url = server.rstrip('/') + path
                if data_factory is not None:
                    kwargs['data'] = data_factory()
                try:
                    resp = self.session.request(
                        url, method, headers=headers, raise_exc=False,
                        authenticated=False, **kwargs)
                except (ks_exc.ConnectFailure, ks_exc.ConnectionError,
                        ks_exc.ConnectTimeout, ks_exc.RequestTimeout) as e:
                    LOG.warning('Glance %s %s failed (attempt %d): %s',
                                method, url, attempt + 1, e)
                    last = ImageServiceError(status='unreachable',
                                             reason=str(e))
                    continue
                if resp.status_code in ok:
                    return resp
                err = _error(resp.status_code, image_id, resp.text)
                if resp.status_code >= 500:
                    LOG.warning('Glance %s %s answered %s', method, url,
                                resp.status_code)
                    last = err
                    continue
                raise err
            if attempt < self.num_retries:
                time.sleep(min(2 ** attempt, 5))
        raise last

    # -- API -----------------------------------------------------------------

    def show(self, context, image_id):
        """The image as nova's dict (see :func:`to_nova`)."""
        resp = self._request(context, 'GET', '/v2/images/%s' % image_id,
                             image_id=image_id)
        return to_nova(resp.json())

    def download(self, context, image_id, dst_path, image=None):
        """Stream the image data into ``dst_path`` and verify it.

        Returns the image dict.  On any failure ``dst_path`` is removed.
        """
        image = image or self.show(context, image_id)
        if image['status'] != 'active':
            raise ImageUnacceptable(image_id=image_id,
                                    reason='status is %s' % image['status'])
        algo = image.get('os_hash_algo')
        expected = image.get('os_hash_value')
        if not (algo and expected and algo in hashlib.algorithms_available):
            algo, expected = 'md5', image.get('checksum')
        digest = hashlib.new(algo) if expected else None
        resp = self._request(context, 'GET',
                             '/v2/images/%s/file' % image_id,
                             image_id=image_id, ok=(200,), stream=True)
        try:
            with open(dst_path, 'wb') as f:
                for chunk in resp.iter_content(CHUNK):
                    if digest is not None:
                        digest.update(chunk)
                    f.write(chunk)
            if digest is not None and digest.hexdigest() != expected:
                raise ImageChecksumMismatch(
                    image_id=image_id, algo=algo,
                    actual=digest.hexdigest(), expected=expected)
        except BaseException:
            if os.path.exists(dst_path):
                os.unlink(dst_path)
            raise
        finally:
            resp.close()
        return image

    def create(self, context, name, disk_format=None,
               container_format='bare', properties=None, **core):
        """Create a queued image; returns nova's dict of it."""
        body = dict(core, name=name)
        if disk_format:
            body['disk_format'] = disk_format
        if container_format:
            body['container_format'] = container_format
        for key, value in (properties or {}).items():
            body[key] = value if value is None else str(value)
        resp = self._request(context, 'POST', '/v2/images',
                             ok=(201,), json=body)
        return to_nova(resp.json())

    def update(self, context, image_id, changes):
        """Set (or, with a None value, remove) attributes with a JSON
        patch; returns the updated image dict."""
        current = self.show(context, image_id)
        ops = []
        for key, value in changes.items():
            present = (key in current['properties'] or
                       (key in CORE and current.get(key) is not None))
            if value is None:
                if present:
                    ops.append({'op': 'remove', 'path': '/' + key})
            else:
                ops.append({'op': 'replace' if present else 'add',
                            'path': '/' + key, 'value': value})
        if not ops:
            return current
        resp = self._request(
            context, 'PATCH', '/v2/images/%s' % image_id, image_id=image_id,
            data=jsonutils.dumps(ops),
            headers={'Content-Type':
                     'application/openstack-images-v2.1-json-patch'})
        return to_nova(resp.json())

    def upload(self, context, image_id, path):
        """Upload the file at ``path`` as the image's data (the image
        becomes active); returns the image dict."""
        def chunks():
            with open(path, 'rb') as f:
                while True:
                    data = f.read(CHUNK)
                    if not data:
                        return
                    yield data

        self._request(context, 'PUT', '/v2/images/%s/file' % image_id,
                      image_id=image_id, ok=(204,), data_factory=chunks,
                      headers={'Content-Type': 'application/octet-stream'})
        return self.show(context, image_id)

    def delete(self, context, image_id):
        self._request(context, 'DELETE', '/v2/images/%s' % image_id,
                      image_id=image_id, ok=(204,))


def get_client():
    return GlanceClient()
