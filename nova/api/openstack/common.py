"""Helpers shared by resources: paging parameters and links."""

import re
import urllib.parse

import webob.exc

import nova.conf
from nova.i18n import _

CONF = nova.conf.CONF

_VERSION_SUFFIX_RE = re.compile(r'/v\d+(\.\d+)?/?$')


def _int_param(req, name):
    value = req.params.get(name)
    if value is None:
        return None
    try:
        value = int(value)
    except ValueError:
        raise webob.exc.HTTPBadRequest(
            explanation=_("%s param must be an integer") % name)
    if value < 0:
        raise webob.exc.HTTPBadRequest(
            explanation=_("%s param must be positive") % name)
    return value


def get_limit_and_marker(req):
    """``limit`` (capped by [api]max_limit; 0 means the cap) and marker."""
    limit = _int_param(req, 'limit')
    limit = min(CONF.api.max_limit, limit or CONF.api.max_limit)
    return limit, req.params.get('marker')


def url_join(*parts):
    """Join URL parts with single slashes, skipping empty ones."""
    return '/'.join(part.strip('/') for part in parts if part)


def _link_prefix(url):
    """Apply [api]compute_link_prefix (scheme/host/port) to ``url``."""
    prefix = CONF.api.compute_link_prefix
    if not prefix:
        return url
    parsed = urllib.parse.urlsplit(url)
    new = urllib.parse.urlsplit(prefix)
    path = new.path.rstrip('/') + parsed.path
    return urllib.parse.urlunsplit((new.scheme, new.netloc, path,
                                    parsed.query, parsed.fragment))


def _project_segment(req):
    """The project id, when the client put one in the URL."""
    context = req.environ.get('nova.context')
    project_id = getattr(context, 'project_id', None)
    if project_id and ('/%s/' % project_id) in (req.path + '/'):
        return project_id
    return ''


class ViewBuilder(object):
    """Base of response builders: self/bookmark/next links."""

    collection_name = None

    def self_link(self, req, identifier):
        return url_join(_link_prefix(req.application_url),
                        _project_segment(req), self.collection_name,
                        str(identifier))

    def bookmark_link(self, req, identifier):
        base = _VERSION_SUFFIX_RE.sub('', req.application_url)
        return url_join(_link_prefix(base), _project_segment(req),
                        self.collection_name, str(identifier))

    def links(self, req, identifier):
        return [{'rel': 'self', 'href': self.self_link(req, identifier)},
                {'rel': 'bookmark',
                 'href': self.bookmark_link(req, identifier)}]

    def collection_links(self, req, items, collection_name, id_key):
        """A ``next`` link when the page is full."""
        try:
            limit = int(req.params.get('limit', CONF.api.max_limit))
        except ValueError:
            limit = CONF.api.max_limit
        limit = min(limit or CONF.api.max_limit, CONF.api.max_limit)
        if not items or len(items) != limit:
            return []
        params = dict(req.params)
        last = items[-1]
        params['marker'] = (last[id_key] if isinstance(last, dict)
                            else getattr(last, id_key))
        url = url_join(_link_prefix(req.application_url),
                       _project_segment(req), collection_name)
        return [{'rel': 'next',
                 'href': '%s?%s' % (url, urllib.parse.urlencode(params))}]
