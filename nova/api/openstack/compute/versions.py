"""Version documents: ``/`` (all versions), ``/v2.1/`` and ``/v2/``.

``GET /`` answers 200 with the list of major versions; any other path that
is not under a version prefix answers 300 Multiple Choices with links to
where it would live in each version.
"""

import copy

from oslo_serialization import jsonutils
import webob
import webob.dec

from nova.api.openstack import api_version
from nova.api.openstack import common
from nova.api.openstack import wsgi

_DOC_LINK = {'rel': 'describedby', 'type': 'text/html',
             'href': 'http://docs.openstack.org/'}

VERSIONS = {
    'v2.0': {
        'id': 'v2.0',
        'status': 'SUPPORTED',
        'version': '',
        'min_version': '',
        'updated': '2011-01-21T11:33:21Z',
        'links': [_DOC_LINK],
        'media-types': [{
            'base': 'application/json',
            'type': 'application/vnd.openstack.compute+json;version=2'}],
    },
    'v2.1': {
        'id': 'v2.1',
        'status': 'CURRENT',
        'version': api_version.MAX.get_string(),
        'min_version': api_version.MIN.get_string(),
        'updated': '2013-07-23T11:33:21Z',
        'links': [_DOC_LINK],
        'media-types': [{
            'base': 'application/json',
            'type': 'application/vnd.openstack.compute+json;version=2.1'}],
    },
}

# Where each version is mounted.
_PREFIX = {'v2.0': 'v2', 'v2.1': 'v2.1'}


def _href(base_url, version_id, path=None):
    return common.url_join(base_url, _PREFIX[version_id],
                           (path or '').strip('/')) + ('' if path else '/')


def versions_list(base_url):
    return {'versions': [
        {'id': v['id'], 'status': v['status'], 'version': v['version'],
         'min_version': v['min_version'], 'updated': v['updated'],
         'links': [{'rel': 'self', 'href': _href(base_url, key)}]}
        for key, v in sorted(VERSIONS.items())]}


def choices(base_url, path):
    return {'choices': [
        {'id': v['id'], 'status': v['status'],
         'links': [{'rel': 'self', 'href': _href(base_url, key, path)}],
         'media-types': v['media-types']}
        for key, v in sorted(VERSIONS.items())]}


def version_doc(req, version_id):
    doc = copy.deepcopy(VERSIONS[version_id])
    doc['links'].insert(0, {'rel': 'self',
                            'href': req.application_url.rstrip('/') + '/'})
    return {'version': doc}


@webob.dec.wsgify(RequestClass=wsgi.Request)
def root_app(req):
    """Answers everything outside /v2 and /v2.1 (no authentication)."""
    base_url = common._link_prefix(req.application_url)
    if req.path_info in ('', '/'):
        body, status = versions_list(base_url), 200
    else:
        body, status = choices(base_url, req.path_info), 300
    resp = webob.Response(status=status, content_type='application/json',
                          charset='UTF-8')
    resp.body = jsonutils.dump_as_bytes(body)
    return resp


@wsgi.expected_errors(404)
def show(req):
    """GET /v2.1/ or /v2/: the document of the version the URL names."""
    return version_doc(req, 'v2.0' if req.is_legacy_v2() else 'v2.1')


ROUTES = (('/', {'GET': show}),)
