"""The canonical microversion list and header handling."""

import webob

from nova.api.openstack.placement import errors
from nova.api.openstack.placement import handler
from nova.api.openstack.placement import microversion

import pytest


def test_versions_are_contiguous_from_1_0():
    versions = [v for v, _why in microversion.VERSIONS]
    assert versions[0] == '1.0'
    for index, version in enumerate(versions):
        assert version == '1.%d' % index
    assert all(why.strip() for _v, why in microversion.VERSIONS)


def test_min_and_max():
    assert microversion.MIN_VERSION.get_string() == '1.0'
    assert microversion.MAX_VERSION.get_string() == '1.16'


@pytest.mark.parametrize('header,expected', [
    (None, '1.0'),
    ('placement 1.4', '1.4'),
    ('placement latest', '1.16'),
    ('compute 2.53, placement 1.7', '1.7'),
    ('compute 2.53', '1.0'),
])
def test_from_request(header, expected):
    req = webob.Request.blank('/')
    if header:
        req.headers['OpenStack-API-Version'] = header
    assert microversion.from_request(req).get_string() == expected


@pytest.mark.parametrize('header,status', [
    ('placement 1.17', 406),
    ('placement 2.0', 406),
    ('placement 1.x', 400),
    ('placement', 400),
])
def test_from_request_errors(header, status):
    req = webob.Request.blank('/')
    req.headers['OpenStack-API-Version'] = header
    with pytest.raises(errors.HTTPError) as info:
        microversion.from_request(req)
    assert info.value.status == status


def test_every_route_handler_is_callable_or_versioned():
    for path, methods in handler.ROUTE_DECLARATIONS.items():
        assert path.startswith('/')
        for method, entry in methods.items():
            assert method in ('GET', 'PUT', 'POST', 'DELETE')
            assert callable(entry) or isinstance(entry,
                                                 microversion.ByVersion)


def test_by_version_picks_the_range():
    def old(req):
        pass

    def new(req):
        pass
    entry = microversion.ByVersion(('1.2', '1.6', old), ('1.7', None, new))
    assert microversion.pick(entry, microversion.Version('1.2')) is old
    assert microversion.pick(entry, microversion.Version('1.6')) is old
    assert microversion.pick(entry, microversion.Version('1.10')) is new
    with pytest.raises(errors.HTTPError):
        microversion.pick(entry, microversion.Version('1.1'))
