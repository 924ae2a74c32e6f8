"""keystoneauth1 sessions for the services nova calls over HTTP.

Requests that need none of requests' own features (proxies, netrc,
cookies, redirects, streaming, files) are sent by :mod:`nova.http_direct`
on http.client connections, for a tenth of the CPU; the others go
through requests as usual.

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

from nova import http_direct


class _NetrcOnce(requests_auth.AuthBase):
    """The ``~/.netrc`` login of a request's host, as requests would send
    it, looked up once per origin.  Set as the session's ``auth``, which
    also keeps requests from looking again on every request; a request's
    own ``auth`` still wins over it."""

    def __init__(self, session):
        self._session = session
        self._found = {}

    def login_for(self, url):
        """The netrc (login, password) for ``url``'s origin, or None."""
        if not self._session.trust_env:
            return None
        origin = tuple(parse.urlsplit(url)[:2])
        if origin not in self._found:
            self._found[origin] = requests_utils.get_netrc_auth(url)
        return self._found[origin]

    def __call__(self, request):
        login = self.login_for(request.url)
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
        self._direct = http_direct.Connections()

    def close(self):
        self._direct.close()
        super().close()

    def request(self, method, url, params=None, data=None, headers=None,
                cookies=None, files=None, auth=None, timeout=None,
                allow_redirects=True, proxies=None, hooks=None,
                stream=None, verify=None, cert=None, json=None):
        url = requests_utils.requote_uri(url)
        direct = None
        if ((data is None or isinstance(data, (bytes, str)))
                and not (params or cookies or files or auth
                         or allow_redirects or proxies or hooks or stream
                         or json is not None)):
            direct = self._direct_settings(url, headers, verify, cert)
        if direct is None:
            return super().request(
                method, url, params=params, data=data, headers=headers,
                cookies=cookies, files=files, auth=auth, timeout=timeout,
                allow_redirects=allow_redirects, proxies=proxies,
                hooks=hooks, stream=stream, verify=verify, cert=cert,
                json=json)
        parts, sent, verify, cert = direct
        return self._direct.send(method.upper(), url, parts, sent, data,
                                 timeout, verify, cert)

    def _direct_settings(self, url, headers, verify, cert):
        """(the split url, headers to send, verify, cert) when neither the
        session nor the environment asks anything of requests for this
        request (its own arguments checked by the caller), else None."""
        if (self.cookies or self.params or any(self.hooks.values())
                or not isinstance(self.auth, _NetrcOnce)):
            return None
        parts = parse.urlsplit(url)
        if (parts.scheme.lower() not in ('http', 'https')
                or parts.username is not None or parts.password is not None
                or not parts.hostname):
            return None
        settings = self.merge_environment_settings(url, {}, None, verify,
                                                   cert)
        if (requests_utils.select_proxy(url, settings['proxies'])
                or self.auth.login_for(url)):
            return None
        if any(name.lower() == 'accept-encoding' and value is not None
               for name, value in (headers or {}).items()):
            # The caller asked for an encoding: requests decodes it.
            return None
        if type(self.get_adapter(url)) is not requests.adapters.HTTPAdapter:
            # Something else mounted (a test's mock, a custom transport).
            return None
        # As requests merges them: the session's, then the request's, a
        # None value removing one.  The session's Accept-Encoding goes:
        # http.client asks for no encoding, which is all it reads.
        sent = {}
        for fields in (self.headers, headers or {}):
            for name, value in fields.items():
                sent.pop(name.lower(), None)
                if value is not None:
                    sent[name.lower()] = (name, value)
        sent.pop('accept-encoding', None)
        return (parts, dict(sent.values()), settings['verify'],
                settings['cert'])

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
