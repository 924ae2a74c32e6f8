"""Declarative HTTP tests: every YAML file in ``http/`` is a sequence of
requests against the in-process WSGI app, each with its expectations.

A file gets one fresh API database; its tests build on each other (when
run out of order, e.g. spread over xdist workers, the earlier requests are
replayed first) and may use the previous response with ``$RESPONSE['<json path>']`` in url, headers or
data.  Keys of an entry:

``name``, ``method`` (default GET), ``url``, ``request_headers``, ``data``
(JSON, or a string sent as is), ``status``, ``response_headers`` (exact, or
``/regex/``), ``response_forbidden_headers``, ``response_json_paths``
(``$.a.b[0]``, ``$.a['x.y']``, ``$.list.`len```; values exact or
``/regex/``), ``response_forbidden_json_paths``, ``response_strings``
(substrings of the body), ``data_bytes``
(send a JSON body of about that many bytes).  A file's
``defaults`` are merged into each entry (headers are merged key by key).
A file's ``fixtures`` (``module:function`` names) are called in order with
the fresh :class:`fixtures.APIEnvironment`, before the first request, to
put data (cells, services, ...) in place.
"""

import copy
import importlib
import json
import os
import re

import pytest
import webob
import yaml

from nova.tests.unit.api import fixtures

HERE = os.path.join(os.path.dirname(__file__), 'http')
_ENVS = {}
_ENTRIES = {}
_FIXTURES = {}


def _load():
    cases = []
    for filename in sorted(os.listdir(HERE)):
        if not filename.endswith('.yaml'):
            continue
        with open(os.path.join(HERE, filename)) as f:
            doc = yaml.safe_load(f)
        defaults = doc.get('defaults', {})
        _FIXTURES[filename] = doc.get('fixtures', [])
        for index, test in enumerate(doc['tests']):
            entry = copy.deepcopy(defaults)
            headers = dict(entry.get('request_headers', {}))
            headers.update(test.get('request_headers', {}))
            entry.update(test)
            entry['request_headers'] = headers
            _ENTRIES.setdefault(filename, []).append(entry)
            cases.append(pytest.param(
                filename, index, entry,
                id='%s:%02d:%s' % (filename[:-5], index, test['name'])))
    return cases


_TOKEN_RE = re.compile(r"\.`len`|\.([^.\[\]`]+)|\[(-?\d+)\]|\['([^']*)'\]")


def json_path(data, path):
    """A tiny JSONPath subset; returns the value or raises KeyError."""
    if not path.startswith('$'):
        raise ValueError('JSON path must start with $: %s' % path)
    pos, value = 1, data
    while pos < len(path):
        match = _TOKEN_RE.match(path, pos)
        if not match:
            raise ValueError('Cannot parse JSON path %r at %d' % (path, pos))
        key, index, quoted = match.groups()
        if match.group(0) == '.`len`':
            value = len(value)
        elif index is not None:
            value = value[int(index)]
        else:
            value = value[key if key is not None else quoted]
        pos = match.end()
    return value


def _matches(expected, actual):
    if (isinstance(expected, str) and len(expected) > 1
            and expected.startswith('/') and expected.endswith('/')):
        return re.search(expected[1:-1], str(actual)) is not None
    return expected == actual


_SUBST_RE = re.compile(r"\$RESPONSE\['([^']+)'\]")


def _substitute(value, previous):
    if isinstance(value, str):
        if previous is None:
            return value
        return _SUBST_RE.sub(
            lambda m: str(json_path(previous, m.group(1))), value)
    if isinstance(value, dict):
        return {_substitute(k, previous): _substitute(v, previous)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, previous) for v in value]
    return value


class _FileEnv(object):
    """One file's database and app, and how far its tests have run."""

    def __init__(self, setups=()):
        self.api = fixtures.APIEnvironment()
        self.previous = None
        self.next_index = 0
        for name in setups:
            module, _sep, func = name.partition(':')
            getattr(importlib.import_module(module), func)(self.api)


@pytest.fixture(scope='module', autouse=True)
def _close_envs():
    yield
    for env in _ENVS.values():
        env.api.close()
    _ENVS.clear()


def _env(filename, index):
    """The environment in which entry ``index`` of ``filename`` runs.

    Entries build on each other.  When they do not arrive in order (pytest
    -k, xdist spreading them over workers), start a fresh database and
    replay the file's earlier requests first.
    """
    env = _ENVS.get(filename)
    if env is not None and env.next_index == index:
        return env
    # One database at a time.
    for other in list(_ENVS):
        _ENVS.pop(other).api.close()
    env = _ENVS[filename] = _FileEnv(_FIXTURES[filename])
    for entry in _ENTRIES[filename][:index]:
        _send(env, entry)
    return env


def _send(env, entry):
    previous = env.previous
    url = _substitute(entry['url'], previous)
    headers = _substitute(entry.get('request_headers', {}), previous)
    req = webob.Request.blank(url, method=entry.get('method', 'GET'),
                              headers=headers)
    if 'data_bytes' in entry:
        filler = 'x' * entry['data_bytes']
        req.body = json.dumps({'filler': filler}).encode('utf-8')
        req.content_type = 'application/json'
    elif 'data' in entry:
        data = _substitute(entry['data'], previous)
        req.body = (data if isinstance(data, str)
                    else json.dumps(data)).encode('utf-8')
        req.content_type = headers.get('content-type', 'application/json')
    resp = req.get_response(env.api.app)
    text = resp.body.decode('utf-8')
    body = None
    if resp.content_type and 'json' in resp.content_type and text:
        body = json.loads(text)
    env.previous = body
    env.next_index += 1
    return req, url, resp, text, body


@pytest.mark.parametrize('filename,index,entry', _load())
def test_http(filename, index, entry):
    _check(_env(filename, index), entry)


def _check(env, entry):
    """Send ``entry`` in ``env`` and assert its expectations."""
    req, url, resp, text, body = _send(env, entry)
    where = '%s %s -> %s %s' % (req.method, url, resp.status, text[:500])

    assert resp.status_int == entry.get('status', 200), where
    for name, expected in entry.get('response_headers', {}).items():
        assert name in resp.headers, '%s missing: %s' % (name, where)
        actual = ', '.join(resp.headers.getall(name))
        assert _matches(expected, actual), (
            'header %s: %r != %r' % (name, actual, expected))
    for name in entry.get('response_forbidden_headers', []):
        assert name not in resp.headers, '%s present: %s' % (name, where)
    for path, expected in entry.get('response_json_paths', {}).items():
        assert body is not None, 'no JSON body: %s' % where
        try:
            actual = json_path(body, path)
        except (KeyError, IndexError, TypeError):
            pytest.fail('%s not found in %s' % (path, where))
        assert _matches(expected, actual), (
            '%s: %r != %r (%s)' % (path, actual, expected, where))
    for path in entry.get('response_forbidden_json_paths', []):
        try:
            json_path(body, path)
        except (KeyError, IndexError, TypeError):
            continue
        pytest.fail('%s should be absent: %s' % (path, where))
    for needle in entry.get('response_strings', []):
        assert needle in text, '%r not in %s' % (needle, where)


class HTTPSuite(object):
    """The same runner for the YAML files of another directory and app.

    ``env_factory()`` returns a fresh environment with ``app`` and
    ``close()`` (like :class:`fixtures.APIEnvironment`).  In the other
    API's test module::

        suite = test_http.HTTPSuite(directory, MyEnvironment)
        test_my_api_http = suite.make_test()
        _close_my_envs = suite.close_fixture()
    """

    class _Env(object):
        def __init__(self, api):
            self.api = api
            self.previous = None
            self.next_index = 0

    def __init__(self, directory, env_factory):
        self.directory = directory
        self.env_factory = env_factory
        self.envs = {}
        self.entries = {}

    def cases(self):
        cases = []
        for filename in sorted(os.listdir(self.directory)):
            if not filename.endswith('.yaml'):
                continue
            with open(os.path.join(self.directory, filename)) as f:
                doc = yaml.safe_load(f)
            defaults = doc.get('defaults', {})
            for index, test in enumerate(doc['tests']):
                entry = copy.deepcopy(defaults)
                headers = dict(entry.get('request_headers', {}))
                headers.update(test.get('request_headers', {}))
                entry.update(test)
                entry['request_headers'] = headers
                self.entries.setdefault(filename, []).append(entry)
                cases.append(pytest.param(
                    filename, index, entry,
                    id='%s:%02d:%s' % (filename[:-5], index, test['name'])))
        return cases

    def close(self):
        for env in self.envs.values():
            env.api.close()
        self.envs.clear()

    def env(self, filename, index):
        """As :func:`_env`: replay earlier entries when run out of order."""
        env = self.envs.get(filename)
        if env is not None and env.next_index == index:
            return env
        self.close()
        env = self.envs[filename] = self._Env(self.env_factory())
        for entry in self.entries[filename][:index]:
            _send(env, entry)
        return env

    def make_test(self):
        """A test function parametrized over every entry."""
        @pytest.mark.parametrize('filename,index,entry', self.cases())
        def test(filename, index, entry):
            _check(self.env(filename, index), entry)
        return test

    def close_fixture(self):
        """A module-scoped autouse fixture that drops the last database."""
        @pytest.fixture(scope='module', autouse=True)
        def _close_suite():
            yield
            self.close()
        return _close_suite
