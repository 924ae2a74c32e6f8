"""The Placement API for external WSGI servers: ``application``.

Config files as for :mod:`nova.wsgi.osapi_compute`
(``$OS_NOVA_CONFIG_DIR/$OS_NOVA_CONFIG_FILES``, default
``/etc/nova/nova.conf``).  Example (uwsgi)::

    uwsgi --http :8778 --module nova.wsgi.placement_api:application
"""

import os
import threading

from nova import config
from nova.wsgi import osapi_compute

_LOCK = threading.Lock()
_APP = None


def init_application(name='nova-placement-api'):
    """Parse config and set up logging; build the app."""
    files = [path for path in osapi_compute._config_files()
             if os.path.exists(path)]
    config.parse_args([name], default_config_files=files)
    config.setup_logging(name)
    from nova.api.openstack.placement import deploy
    return deploy.build_app()


def application(environ, start_response):
    """Build the app on first request (after the server forked)."""
    global _APP
    if _APP is None:
        with _LOCK:
            if _APP is None:
                _APP = init_application()
    return _APP(environ, start_response)
