"""nova-scheduler's RPC endpoint (topic ``scheduler``).

Host selection (``select_destinations``: placement candidates, filters,
weighers, claims) is added with the scheduling work.  Today the scheduler
registers itself and, when ``[scheduler] discover_hosts_in_cells_interval``
is positive, maps new compute hosts to their cells periodically.
"""

import oslo_messaging as messaging
from oslo_log import log as logging
from oslo_service import periodic_task

import nova.conf
from nova import manager

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


class SchedulerManager(manager.Manager):
    """Chooses hosts for instances (4.0)."""

    target = messaging.Target(version='4.0')

    def __init__(self, *args, **kwargs):
        super().__init__(service_name='scheduler', *args, **kwargs)

    @periodic_task.periodic_task(
        spacing=CONF.scheduler.discover_hosts_in_cells_interval,
        run_immediately=True)
    def _discover_hosts_in_cells(self, context):
        if CONF.scheduler.discover_hosts_in_cells_interval <= 0:
            return
        from nova.objects import host_mapping
        mappings = host_mapping.discover_hosts(context.elevated())
        if mappings:
            LOG.info('Discovered %(count)i new hosts: %(hosts)s',
                     {'count': len(mappings),
                      'hosts': ','.join(m.host for m in mappings)})
