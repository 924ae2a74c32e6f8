"""The sessions nova's HTTP clients send through read the environment's
proxy settings once per origin and keep requests' meaning of them."""

import requests
from requests import auth as requests_auth

from nova import http_session


def _settings(session, url, proxies=None):
    # As requests.Session.request calls it: proxies {} when none given.
    return session.merge_environment_settings(url, proxies or {}, None,
                                              True, None)


def test_proxies_from_the_environment_per_origin(monkeypatch):
    monkeypatch.setenv('http_proxy', 'http://proxy.example:3128')
    monkeypatch.setenv('no_proxy', 'placement.internal')
    session = http_session.EnvironmentOnceSession()
    plain = requests.Session()
    for url in ('http://glance.example:9292/v2/images',
                'http://placement.internal:8778/resource_providers'):
        assert _settings(session, url) == _settings(plain, url)
    assert _settings(session, 'http://glance.example:9292/')['proxies'][
        'http'] == 'http://proxy.example:3128'
    assert 'http' not in _settings(
        session, 'http://placement.internal:8778/')['proxies']


def test_environment_read_once_per_origin(monkeypatch):
    monkeypatch.setenv('http_proxy', 'http://proxy.example:3128')
    session = http_session.EnvironmentOnceSession()
    first = _settings(session, 'http://glance.example:9292/a')
    # A daemon's environment does not change; if it did, an origin
    # already asked about keeps its answer, a new one sees the change.
    monkeypatch.setenv('http_proxy', 'http://other.example:3128')
    assert _settings(session, 'http://glance.example:9292/b') == first
    assert _settings(session, 'http://cinder.example:8776/')['proxies'] == {
        'http': 'http://other.example:3128'}
    # What a caller gets is its own to change.
    first['proxies']['https'] = 'x'
    assert 'https' not in _settings(
        session, 'http://glance.example:9292/c')['proxies']


def test_proxies_given_by_the_caller_are_merged_each_time(monkeypatch):
    monkeypatch.setenv('http_proxy', 'http://proxy.example:3128')
    session = http_session.EnvironmentOnceSession()
    mine = {'https': 'http://mine.example:8080'}
    merged = _settings(session, 'https://nova.example/', proxies=mine)
    assert merged['proxies']['https'] == 'http://mine.example:8080'
    assert merged['proxies']['http'] == 'http://proxy.example:3128'


def test_keystoneauth_session_sends_through_it():
    from oslo_config import cfg
    from keystoneauth1 import loading as ks_loading
    conf = cfg.ConfigOpts()
    ks_loading.register_session_conf_options(conf, 'placement')
    conf([])
    session = http_session.load_session_from_conf_options(conf, 'placement')
    assert isinstance(session.session, http_session.EnvironmentOnceSession)


def test_netrc_login_sent_as_requests_sends_it(monkeypatch, tmp_path):
    netrc = tmp_path / '.netrc'
    netrc.write_text('machine glance.example login alice password s3cret\n')
    netrc.chmod(0o600)
    monkeypatch.setenv('NETRC', str(netrc))
    session = http_session.EnvironmentOnceSession()
    plain = requests.Session()
    for url in ('http://glance.example:9292/v2/images',
                'http://placement.example:8778/'):
        ours = session.prepare_request(requests.Request('GET', url))
        theirs = plain.prepare_request(requests.Request('GET', url))
        assert (ours.headers.get('Authorization') ==
                theirs.headers.get('Authorization'))
    sent = session.prepare_request(requests.Request(
        'GET', 'http://glance.example:9292/'))
    assert sent.headers['Authorization'].startswith('Basic ')
    # A request's own credentials win, as with requests.
    own = session.prepare_request(requests.Request(
        'GET', 'http://glance.example:9292/', auth=('bob', 'pw')))
    assert own.headers['Authorization'] == requests_auth._basic_auth_str(
        'bob', 'pw')
