"""The Compute API for external WSGI servers: ``application``.

Config files: ``$OS_NOVA_CONFIG_DIR/$OS_NOVA_CONFIG_FILES`` when set
(``OS_NOVA_CONFIG_FILES`` is a ``;``-separated list, default
``nova.conf``; ``OS_NOVA_CONFIG_DIR`` defaults to ``/etc/nova``).
Example (uwsgi)::

    uwsgi --http :8774 --module nova.wsgi.osapi_compute:application
"""

import os
import threading

from nova import config
from nova import objects
from nova import rpc

CONFIG_FILES = ('nova.conf',)
_LOCK = threading.Lock()
_APP = None


def _config_files(env=None):
    env = os.environ if env is None else env
    config_dir = env.get('OS_NOVA_CONFIG_DIR', '/etc/nova').strip()
    names = env.get('OS_NOVA_CONFIG_FILES', '')
    names = [n.strip() for n in names.split(';') if n.strip()]
    return [os.path.join(config_dir, name)
            for name in (names or CONFIG_FILES)]


def init_application(name='nova-api'):
    """Parse config, set up logging, objects and RPC; build the app."""
    files = [path for path in _config_files() if os.path.exists(path)]
    config.parse_args([name], default_config_files=files)
    if hasattr(config, 'setup_logging'):
        config.setup_logging(name)
    objects.register_all()
    rpc.init(config.CONF)
    from nova.api import app
    return app.build_app()


def application(environ, start_response):
    """Build the app on first request (after the server forked)."""
    global _APP
    if _APP is None:
        with _LOCK:
            if _APP is None:
                _APP = init_application()
    return _APP(environ, start_response)
