#!/usr/bin/env python3
"""A real Keystone (the Identity service, from PyPI) for development and
for nova's functional tests.

Keystone gets its own virtualenv (cached, by default under
``~/.cache/nova-test-keystone``, keyed on ``requirements.txt`` beside this
file and the Python version), a SQLite database and fernet tokens in a
state directory, and is served by gunicorn on 127.0.0.1.  After
``keystone-manage bootstrap`` (user ``admin`` with role ``admin`` on
project ``admin``, region ``RegionOne``, the identity endpoints) it creates
what nova needs: a ``service`` project with users ``nova`` and
``placement`` (roles ``admin`` and ``service``), a ``demo`` project and
user (role ``member``), and ``compute`` / ``placement`` catalog entries.

Every user's password is the one given (``--password``, default
``secret``).

Command line::

    tools/keystone/keystone_dev.py install
    tools/keystone/keystone_dev.py run --state-dir DIR --port 5000 \\
        --compute-url http://127.0.0.1:8774/v2.1 \\
        --placement-url http://127.0.0.1:8778

``run`` stays in the foreground, prints an ``OS_*`` block for the
``openstack`` CLI and stops Keystone on Ctrl-C.  Only the standard library
is used here, so any Python 3 runs it; nova's test fixtures and ``nova-all
--keystone`` import it as a module.
"""

import argparse
import contextlib
import fcntl
import grp
import hashlib
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REQUIREMENTS = os.path.join(HERE, 'requirements.txt')
DEFAULT_CACHE = os.path.join(os.path.expanduser('~'), '.cache',
                             'nova-test-keystone')
REGION = 'RegionOne'
DOMAIN = 'Default'
INTERFACES = ('public', 'internal', 'admin')


class KeystoneError(RuntimeError):
    """Keystone could not be installed, configured or started."""


def _say(message):
    sys.stderr.write('keystone: %s\n' % message)
    sys.stderr.flush()


# -- the virtualenv ----------------------------------------------------------

def _digest():
    sha = hashlib.sha256()
    with open(REQUIREMENTS, 'rb') as f:
        sha.update(f.read())
    sha.update(('%d.%d' % sys.version_info[:2]).encode())
    return sha.hexdigest()[:12]


def _run(cmd, timeout=900, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True,
                            timeout=timeout, **kwargs)
    if result.returncode != 0:
        raise KeystoneError('%s failed (status %s):\n%s%s' % (
            ' '.join(cmd), result.returncode, result.stdout[-4000:],
            result.stderr[-4000:]))
    return result.stdout


@contextlib.contextmanager
def _locked(directory):
    with open(os.path.join(directory, '.lock'), 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def ensure_venv(cache_dir=None, log=_say):
    """Return a virtualenv holding Keystone and gunicorn, building it once.

    The cache directory defaults to ``$NOVA_KEYSTONE_CACHE`` or
    ``~/.cache/nova-test-keystone``.  Concurrent callers (pytest-xdist
    workers) wait on a lock file and share one build.
    """
    cache_dir = (cache_dir or os.environ.get('NOVA_KEYSTONE_CACHE') or
                 DEFAULT_CACHE)
    os.makedirs(cache_dir, exist_ok=True)
    venv = os.path.join(cache_dir, 'venv-%s' % _digest())
    ready = os.path.join(venv, '.nova-keystone-ready')
    with _locked(cache_dir):
        if os.path.exists(ready):
            return venv
        shutil.rmtree(venv, ignore_errors=True)
        started = time.monotonic()
        log('installing Keystone into %s' % venv)
        _run([sys.executable, '-m', 'venv', venv])
        _run([os.path.join(venv, 'bin', 'python'), '-m', 'pip', 'install',
              '-q', '--disable-pip-version-check', '-r', REQUIREMENTS])
        for tool in ('keystone-manage', 'gunicorn'):
            if not os.path.exists(os.path.join(venv, 'bin', tool)):
                raise KeystoneError('%s missing from %s after install'
                                    % (tool, venv))
        with open(ready, 'w') as f:
            f.write('%s\n' % time.time())
        log('Keystone installed in %.0fs' % (time.monotonic() - started))
        return venv


def _copy_parts(src_dir, dst_dir, parts):
    for part in parts:
        src = os.path.join(src_dir, part)
        dst = os.path.join(dst_dir, part)
        if os.path.isdir(src):
            shutil.copytree(src, dst)
        else:
            shutil.copy2(src, dst)


def _die_with_parent():
    """In the child: SIGTERM when the parent dies, however it dies."""
    import ctypes
    libc = ctypes.CDLL('libc.so.6', use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


# -- one Keystone --------------------------------------------------------

class Keystone(object):
    """One Keystone server: its configuration, database and process."""

    def __init__(self, state_dir, port, venv, password='secret',
                 host='127.0.0.1', workers=2):
        self.state_dir = os.path.abspath(state_dir)
        self.port = port
        self.venv = venv
        self.password = password
        self.host = host
        self.workers = workers
        self.url = 'http://%s:%d' % (host, port)
        self.auth_url = self.url + '/v3'
        self.conf = os.path.join(self.state_dir, 'keystone.conf')
        self.log_file = os.path.join(self.state_dir, 'keystone.log')
        self.server_log = os.path.join(self.state_dir, 'gunicorn.log')
        self.proc = None
        self._token = None

    # configuration and database

    def _manage(self, *args):
        return _run([os.path.join(self.venv, 'bin', 'keystone-manage'),
                     '--config-file', self.conf] + list(args), timeout=300)

    def _write_conf(self):
        with open(self.conf, 'w') as f:
            f.write(
                '[DEFAULT]\n'
                'log_file = {log}\n'
                '[database]\n'
                'connection = sqlite:///{state}/keystone.sqlite\n'
                '[token]\n'
                'provider = fernet\n'
                '[fernet_tokens]\n'
                'key_repository = {state}/fernet-keys\n'
                '[fernet_receipts]\n'
                'key_repository = {state}/fernet-keys\n'
                '[credential]\n'
                'key_repository = {state}/credential-keys\n'
                '[cache]\n'
                'enabled = false\n'.format(log=self.log_file,
                                           state=self.state_dir))

    def configure(self, template_dir=None):
        """Write keystone.conf, sync the database, create the fernet and
        credential keys and bootstrap the admin user, project, role,
        region and identity endpoint.  Skipped if already done.

        With ``template_dir``, the database and keys of an earlier
        bootstrap with the same password kept there are copied instead
        (keystone-manage takes seconds per call); the first run fills it.
        :meth:`register` points the identity endpoint at this server.
        """
        done = os.path.join(self.state_dir, '.bootstrapped')
        if os.path.exists(done):
            return
        os.makedirs(self.state_dir, exist_ok=True)
        self._write_conf()
        parts = ('keystone.sqlite', 'fernet-keys', 'credential-keys')
        template = None
        if template_dir:
            template = os.path.join(template_dir, 'bootstrap-%s' %
                                    hashlib.sha256(self.password.encode())
                                    .hexdigest()[:8])
        if template and os.path.exists(os.path.join(template, '.ready')):
            _copy_parts(template, self.state_dir, parts)
        else:
            self._bootstrap()
            if template:
                shutil.rmtree(template, ignore_errors=True)
                os.makedirs(template)
                _copy_parts(self.state_dir, template, parts)
                open(os.path.join(template, '.ready'), 'w').close()
        with open(done, 'w') as f:
            f.write('%s\n' % time.time())

    def _bootstrap(self):
        user = pwd.getpwuid(os.getuid()).pw_name
        group = grp.getgrgid(os.getgid()).gr_name
        self._manage('db_sync')
        self._manage('fernet_setup', '--keystone-user', user,
                     '--keystone-group', group)
        self._manage('credential_setup', '--keystone-user', user,
                     '--keystone-group', group)
        self._manage('bootstrap',
                     '--bootstrap-password', self.password,
                     '--bootstrap-username', 'admin',
                     '--bootstrap-project-name', 'admin',
                     '--bootstrap-role-name', 'admin',
                     '--bootstrap-service-name', 'keystone',
                     '--bootstrap-region-id', REGION,
                     '--bootstrap-public-url', self.auth_url,
                     '--bootstrap-internal-url', self.auth_url,
                     '--bootstrap-admin-url', self.auth_url)

    def _write_wsgi_module(self):
        """Keystone parses ``sys.argv`` as its own command line when the
        application is built, so gunicorn's arguments must not be there:
        this module clears them first."""
        with open(os.path.join(self.state_dir, 'nova_keystone_wsgi.py'),
                  'w') as f:
            f.write('import sys\n'
                    'sys.argv = sys.argv[:1]\n'
                    'from keystone.server import wsgi\n'
                    'application = wsgi.initialize_public_application()\n')

    def _gunicorn_args(self):
        gunicorn = os.path.join(self.venv, 'bin', 'gunicorn')
        args = [gunicorn, '--bind', '%s:%d' % (self.host, self.port),
                '--workers', str(self.workers), '--timeout', '120',
                '--name', 'keystone', '--chdir', self.state_dir]
        helptext = subprocess.run([gunicorn, '--help'], capture_output=True,
                                  text=True).stdout
        if '--no-control-socket' in helptext:
            # Newer gunicorn opens one control socket per user by default;
            # several Keystones at once must not share it.
            args.append('--no-control-socket')
        return args + ['nova_keystone_wsgi:application']

    def start(self):
        """Start gunicorn (in its own session; it also gets SIGTERM if the
        process that started it dies)."""
        self._write_wsgi_module()
        env = dict(os.environ, OS_KEYSTONE_CONFIG_FILES=self.conf)
        env.pop('OS_KEYSTONE_CONFIG_DIR', None)
        self._out = open(self.server_log, 'ab')
        self.proc = subprocess.Popen(
            self._gunicorn_args(), stdout=self._out,
            stderr=subprocess.STDOUT, env=env, start_new_session=True,
            preexec_fn=_die_with_parent)
        return self.proc

    def logs(self, tail=6000):
        parts = []
        for path in (self.server_log, self.log_file):
            if os.path.exists(path):
                with open(path, 'rb') as f:
                    text = f.read().decode('utf-8', 'replace')
                parts.append('--- %s ---\n%s' % (path, text[-tail:]))
        return '\n'.join(parts)

    def wait_ready(self, timeout=90):
        deadline = time.monotonic() + timeout
        while True:
            if self.proc is not None and self.proc.poll() is not None:
                raise KeystoneError('Keystone exited (status %s) while '
                                    'starting:\n%s' % (self.proc.returncode,
                                                       self.logs()))
            try:
                status, _body, _h = self.request('GET', '/v3', auth=False)
                if status == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise KeystoneError('Keystone did not answer on %s within '
                                    '%ss:\n%s' % (self.url, timeout,
                                                  self.logs()))
            time.sleep(0.3)

    def stop(self, timeout=20):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._out.close()

    # the Identity API

    def request(self, method, path, body=None, auth=True, token=None,
                ok=()):
        """One Identity API call; returns (status, parsed body, headers).
        A status outside 2xx raises unless listed in ``ok``."""
        headers = {'Accept': 'application/json'}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers['Content-Type'] = 'application/json'
        if auth:
            headers['X-Auth-Token'] = token or self.admin_token()
        req = urllib.request.Request(self.url + path, data=data,
                                     headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                raw = resp.read()
                status, resp_headers = resp.status, resp.headers
        except urllib.error.HTTPError as e:
            raw, status, resp_headers = e.read(), e.code, e.headers
            if status not in ok:
                raise KeystoneError('%s %s: %s %s' % (
                    method, path, status, raw.decode('utf-8', 'replace')))
        parsed = json.loads(raw) if raw.strip() else None
        return status, parsed, resp_headers

    def token(self, user, project):
        body = {'auth': {
            'identity': {'methods': ['password'], 'password': {'user': {
                'name': user, 'domain': {'name': DOMAIN},
                'password': self.password}}},
            'scope': {'project': {'name': project,
                                  'domain': {'name': DOMAIN}}}}}
        _s, _b, headers = self.request('POST', '/v3/auth/tokens', body,
                                       auth=False)
        return headers['X-Subject-Token']

    def admin_token(self):
        if self._token is None:
            self._token = self.token('admin', 'admin')
        return self._token

    def _find(self, collection, key, **query):
        path = '/v3/%s?%s' % (collection, '&'.join(
            '%s=%s' % item for item in sorted(query.items())))
        items = self.request('GET', path)[1][key]
        return items[0] if items else None

    def _ensure(self, collection, singular, body, **query):
        found = self._find(collection, collection, **query)
        if found:
            return found
        return self.request('POST', '/v3/%s' % collection,
                            {singular: body})[1][singular]

    def ensure_project(self, name):
        return self._ensure('projects', 'project',
                            {'name': name, 'domain_id': 'default',
                             'enabled': True}, name=name)

    def ensure_user(self, name, project, roles):
        user = self._ensure('users', 'user',
                            {'name': name, 'domain_id': 'default',
                             'password': self.password, 'enabled': True,
                             'default_project_id': project['id']},
                            name=name)
        for role_name in roles:
            role = self._find('roles', 'roles', name=role_name)
            if role is None:
                raise KeystoneError('role %s missing after bootstrap'
                                    % role_name)
            self.request('PUT', '/v3/projects/%s/users/%s/roles/%s' % (
                project['id'], user['id'], role['id']))
        return user

    def set_endpoint(self, service_type, name, url, interfaces=INTERFACES):
        """Create (or point at ``url``) the catalog entry of a service."""
        service = self._ensure('services', 'service',
                               {'type': service_type, 'name': name,
                                'enabled': True}, type=service_type)
        existing = {e['interface']: e for e in self.request(
            'GET', '/v3/endpoints?service_id=%s' % service['id'])[1][
                'endpoints']}
        for interface in interfaces:
            if interface in existing:
                if existing[interface]['url'] != url:
                    self.request('PATCH', '/v3/endpoints/%s' %
                                 existing[interface]['id'],
                                 {'endpoint': {'url': url}})
            else:
                self.request('POST', '/v3/endpoints', {'endpoint': {
                    'service_id': service['id'], 'interface': interface,
                    'url': url, 'region_id': REGION, 'enabled': True}})
        return service

    def register(self, compute_url=None, placement_url=None):
        """Projects, users, roles and catalog entries nova needs."""
        self.set_endpoint('identity', 'keystone', self.auth_url)
        service = self.ensure_project('service')
        for user in ('nova', 'placement'):
            self.ensure_user(user, service, ('admin', 'service'))
        demo = self.ensure_project('demo')
        self.ensure_user('demo', demo, ('member',))
        if compute_url:
            self.set_endpoint('compute', 'nova', compute_url)
        if placement_url:
            self.set_endpoint('placement', 'placement', placement_url)

    def env(self, user='admin', project=None):
        """``OS_*`` variables for the openstack CLI (and the SDK)."""
        return {
            'OS_AUTH_URL': self.auth_url,
            'OS_AUTH_TYPE': 'password',
            'OS_USERNAME': user,
            'OS_PASSWORD': self.password,
            'OS_PROJECT_NAME': project or user,
            'OS_USER_DOMAIN_NAME': DOMAIN,
            'OS_PROJECT_DOMAIN_NAME': DOMAIN,
            'OS_REGION_NAME': REGION,
            'OS_IDENTITY_API_VERSION': '3',
            'OS_INTERFACE': 'public',
        }

    def authtoken_section(self, user='nova'):
        """nova.conf ``[keystone_authtoken]`` for this Keystone."""
        return {
            'www_authenticate_uri': self.url,
            'auth_url': self.url,
            'auth_type': 'password',
            'project_domain_name': DOMAIN,
            'user_domain_name': DOMAIN,
            'project_name': 'service',
            'username': user,
            'password': self.password,
        }

    def placement_section(self):
        """nova.conf ``[placement]`` password auth for this Keystone."""
        return {
            'region_name': REGION,
            'auth_type': 'password',
            'auth_url': self.auth_url,
            'project_name': 'service',
            'project_domain_name': DOMAIN,
            'username': 'placement',
            'user_domain_name': DOMAIN,
            'password': self.password,
            'valid_interfaces': 'public',
        }


def start(state_dir, port, password='secret', cache_dir=None,
          compute_url=None, placement_url=None, timeout=120):
    """Install (cached), configure, start and register one Keystone.

    Returns the running :class:`Keystone`; raises :class:`KeystoneError`
    with its logs if anything fails (and stops what it started).
    """
    venv = ensure_venv(cache_dir)
    keystone = Keystone(state_dir, port, venv, password=password)
    with _locked(venv):
        keystone.configure(template_dir=venv)
    keystone.start()
    try:
        keystone.wait_ready(timeout)
        keystone.register(compute_url, placement_url)
    except BaseException:
        keystone.stop()
        raise
    return keystone


def env_block(env):
    return '\n'.join('export %s=%s' % item for item in sorted(env.items()))


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog='keystone_dev.py', description='Install and run a Keystone '
        'for nova (development and tests).')
    parser.add_argument('--cache-dir', help='Where the virtualenv is kept '
                        '(default: $NOVA_KEYSTONE_CACHE or %s).'
                        % DEFAULT_CACHE)
    sub = parser.add_subparsers(dest='command', required=True)
    sub.add_parser('install', help='Build the virtualenv; print its path.')
    run = sub.add_parser('run', help='Configure and serve Keystone until '
                         'Ctrl-C.')
    run.add_argument('--state-dir', required=True)
    run.add_argument('--port', type=int, default=5000)
    run.add_argument('--password', default='secret')
    run.add_argument('--compute-url',
                     help='Catalog URL of the Compute API, e.g. '
                          'http://127.0.0.1:8774/v2.1')
    run.add_argument('--placement-url',
                     help='Catalog URL of the Placement API.')
    args = parser.parse_args(argv)
    stop = {'now': False}

    def _on_signal(_signum, _frame):
        if stop.get('running'):
            stop['now'] = True
        else:
            raise SystemExit(1)  # still starting: unwind and clean up

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    try:
        if args.command == 'install':
            print(ensure_venv(args.cache_dir))
            return 0
        keystone = start(args.state_dir, args.port, args.password,
                         args.cache_dir, args.compute_url,
                         args.placement_url)
    except KeystoneError as e:
        _say(str(e))
        return 1
    stop['running'] = True
    print('Keystone is running at %s (logs in %s)\n\n%s\n\nPress Ctrl-C to '
          'stop.' % (keystone.auth_url, keystone.state_dir,
                     env_block(keystone.env())), flush=True)
    try:
        while not stop['now']:
            if keystone.proc.poll() is not None:
                _say('exited with status %s:\n%s' % (
                    keystone.proc.returncode, keystone.logs()))
                return 1
            time.sleep(0.5)
    finally:
        keystone.stop()
    return 0


if __name__ == '__main__':
    sys.exit(main())
