"""keystoneauth1 sessions for the services nova calls over HTTP.

``requests`` looks at the process environment for proxies (``http_proxy``,
``no_proxy``...) and CA bundles on every request, walking the whole
environment twice, and for a ``~/.netrc`` file (two ``stat`` calls): about
0.3 ms of CPU per request.  A nova daemon's environment does not change
while it runs, and a scheduler sends two placement requests per server
(candidates, claim), so the sessions built here look once per origin and
reuse what they found.  Everything else is keystoneauth's and requests'
own.
"""

from urllib import parse

from keystoneauth1 import loading as ks_loading
import requests
from requests import auth as requests_auth
from requests import utils as requests_utils


class _NetrcOnce(requests_auth.AuthBase):
    """The ``~/.netrc`` login of a request's host, as requests would send
    it, looked up once per origin.  Set as the session's ``auth``, which
    also keeps requests from looking again on every request; a request's
    own ``auth`` still wins over it."""

    def __init__(self, session):
        self._session = session
        self._found = {}

    def __call__(self, request):
        if not self._session.trust_env:
            return request
        origin = tuple(parse.urlsplit(request.url)[:2])
        if origin not in self._found:
            self._found[origin] = requests_utils.get_netrc_auth(request.url)
        login = self._found[origin]
        if login:
            return requests_auth.HTTPBasicAuth(*login)(request)
        return request


class EnvironmentOnceSession(requests.Session):
    """A requests session that asks the environment about each origin
    (scheme and host) once."""

    def __init__(self):
        super().__init__()
        self._settings = {}
        self.auth = _NetrcOnce(self)

    def merge_environment_settings(self, url, proxies, stream, verify,
                                   cert):
        if proxies or not self.trust_env:
            # Proxies given by the caller are merged with the environment
            # per call, as requests does.
            return super().merge_environment_settings(
                url, proxies, stream, verify, cert)
        parts = parse.urlsplit(url)
        key = (parts.scheme, parts.netloc, stream, verify,
               tuple(cert) if isinstance(cert, list) else cert)
        settings = self._settings.get(key)
        if settings is None:
            # Two threads may both ask the first time; either answer is
            # the same.
            settings = self._settings[key] = (
                super().merge_environment_settings(
                    url, proxies, stream, verify, cert))
        # Callers may change what they get: a copy each time.
        return dict(settings, proxies=dict(settings['proxies'] or {}))


def load_session_from_conf_options(conf, group, **kwargs):
    """keystoneauth1's session from the options of ``group``, sending
    through an :class:`EnvironmentOnceSession`."""
    kwargs.setdefault('session', EnvironmentOnceSession())
    return ks_loading.load_session_from_conf_options(conf, group, **kwargs)
