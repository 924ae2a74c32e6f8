"""Shared set-up for API tests: config, a fresh migrated API database,
policy, and the WSGI application."""

import os
import tempfile

import nova.conf
from nova.db import engine
from nova.db import migration
from nova import policy

CONF = nova.conf.CONF


def ensure_config_parsed():
    """Parse an empty command line once so options can be read."""
    if CONF._args is None:  # not parsed yet in this process
        CONF([], project='nova', default_config_files=[])


class APIEnvironment(object):
    """A fresh SQLite API database and an app built against it."""

    def __init__(self, auth_strategy='noauth2'):
        ensure_config_parsed()
        self.tmpdir = tempfile.TemporaryDirectory(prefix='nova-api-test-')
        self.url = 'sqlite:///%s' % os.path.join(self.tmpdir.name, 'api.db')
        engine.dispose_all()
        CONF.set_override('connection', self.url, group='api_database')
        CONF.set_override('auth_strategy', auth_strategy, group='api')
        migration.db_sync('api', url=self.url)
        policy.reset()
        from nova.api import app
        self.app = app.build_app()

    def close(self):
        engine.dispose_all()
        policy.reset()
        CONF.clear_override('connection', group='api_database')
        CONF.clear_override('auth_strategy', group='api')
        self.tmpdir.cleanup()
