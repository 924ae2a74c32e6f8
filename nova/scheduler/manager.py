"""nova-scheduler's RPC endpoint (topic ``scheduler``).

``select_destinations`` chooses hosts (placement candidates, filters,
weighers, claims: nova/scheduler/filter_scheduler.py).  When
``[scheduler] discover_hosts_in_cells_interval`` is positive, the
scheduler also maps new compute hosts to their cells periodically.
"""

import oslo_messaging as messaging
from oslo_log import log as logging
from oslo_service import periodic_task

import nova.conf
from nova import exception
from nova import manager
from nova.scheduler import filter_scheduler
from nova.scheduler import utils

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


class SchedulerManager(manager.Manager):
    """Chooses hosts for instances (4.0)."""

    target = messaging.Target(version='4.1')

    def __init__(self, *args, **kwargs):
        super().__init__(service_name='scheduler', *args, **kwargs)
        self.driver = filter_scheduler.FilterScheduler()

    @messaging.expected_exceptions(exception.NoValidHost)
    def select_destinations(self, ctxt, spec_obj, instance_uuids=None,
                            return_objects=False, return_alternates=False,
                            new_instances=False):
        """Per instance the chosen host (and alternates).

        With ``return_objects`` the answer is a list per instance of
        selection dicts (nova/scheduler/utils.py), chosen host first;
        otherwise the legacy list of {'host', 'nodename', 'limits'}.
        ``new_instances``: first build of these instances (they hold no
        allocations yet).
        """
        LOG.debug('Starting to schedule for instances: %s', instance_uuids)
        host_lists = self.driver.select_destinations(
            ctxt, spec_obj, instance_uuids or [],
            return_alternates=return_alternates and return_objects,
            new_instances=new_instances)
        if return_objects:
            return host_lists
        return [utils.legacy_destination(hl[0]) for hl in host_lists]

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
