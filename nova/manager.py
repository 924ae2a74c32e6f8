"""Base class of every service's RPC endpoint (``<service>/manager.py``).

A manager holds the service's behaviour; ``nova.service.Service`` gives it
an RPC server, heartbeats and a thread that runs its periodic tasks
(declared with ``@periodic_task.periodic_task`` from oslo.service, which
needs no eventlet).
"""

from oslo_log import log as logging
from oslo_service import periodic_task

import nova.conf

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


class Manager(periodic_task.PeriodicTasks):
    """Hooks a service calls around start and stop, plus periodic tasks."""

    def __init__(self, host=None, service_name='undefined'):
        self.host = host or CONF.host
        self.service_name = service_name
        self.additional_endpoints = []
        super().__init__(CONF)

    def periodic_tasks(self, context, raise_on_error=False):
        """Run due periodic tasks; return seconds until the next is due."""
        return self.run_periodic_tasks(context, raise_on_error=raise_on_error)

    def init_host(self):
        """Before the RPC server starts: check the host is usable."""

    def cleanup_host(self):
        """After the RPC server stopped: release what init_host took."""

    def pre_start_hook(self, service_ref=None):
        """After the service record exists, before RPC is served."""

    def post_start_hook(self):
        """After the RPC server started."""

    def reset(self):
        """On SIGHUP, after configuration was reloaded."""
