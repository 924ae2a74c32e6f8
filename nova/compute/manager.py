"""nova-compute's RPC endpoint: drives the hypervisor through a virt driver.

nova-compute never opens a database connection: objects reach the database
through conductor (``NovaObject.indirection_api``, set by nova/cmd/compute).
The RPC methods live in flow modules (nova/compute/flows/: build, delete,
power, console, move, snapshot, recovery); this class wires them to the
driver, the resource tracker and the clients.
"""

import oslo_messaging as messaging
from oslo_log import log as logging
from oslo_service import periodic_task

import nova.conf
from nova.compute.flows import build
from nova.compute.flows import console
from nova.compute.flows import delete
from nova.compute.flows import live_control
from nova.compute.flows import move
from nova.compute.flows import power
from nova.compute.flows import recovery
from nova.compute.flows import snapshot
from nova.compute import resource_tracker
from nova import manager
from nova.virt import driver

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


class ComputeVirtAPI(object):
    """What a virt driver may ask of the compute manager."""

    def __init__(self, compute):
        self._compute = compute


class ComputeManager(build.BuildFlow, delete.DeleteFlow, power.PowerFlow,
                     console.ConsoleFlow, move.MoveFlow,
                     live_control.LiveControlFlow,
                     snapshot.SnapshotFlow, recovery.RecoveryFlow,
                     manager.Manager):
    """Manages the guests of one host (topic ``compute``, 5.1)."""

    target = messaging.Target(version='5.1')

    def __init__(self, compute_driver=None, *args, **kwargs):
        super().__init__(service_name='compute', *args, **kwargs)
        self.virtapi = ComputeVirtAPI(self)
        self.driver = driver.load_compute_driver(self.virtapi, compute_driver)
        self.rt = resource_tracker.ResourceTracker(self.host, self.driver)
        self._compute_rpcapi = None
        self._compute_task_api = None

    @property
    def compute_rpcapi(self):
        if self._compute_rpcapi is None:
            from nova.compute import rpcapi
            self._compute_rpcapi = rpcapi.ComputeAPI()
        return self._compute_rpcapi

    @property
    def compute_task_api(self):
        if self._compute_task_api is None:
            from nova.conductor import rpcapi
            self._compute_task_api = rpcapi.ComputeTaskAPI()
        return self._compute_task_api

    def init_host(self):
        self.driver.init_host(host=self.host)
        from nova import context
        ctxt = context.get_admin_context()
        try:
            self.destroy_evacuated_instances(ctxt)
        except Exception:
            LOG.exception('Could not clean up instances evacuated from '
                          'this host')
        try:
            self.recover_interrupted(ctxt)
        except Exception:
            LOG.exception('Could not settle the servers this host left '
                          'mid-task')

    def cleanup_host(self):
        self.driver.cleanup_host(host=self.host)

    def pre_start_hook(self, service_ref=None):
        """Create or refresh our compute node records before serving RPC,
        so the scheduler and ``discover_hosts`` see this host at once."""
        if service_ref is not None:
            self.rt.service_id = service_ref.id
        from nova import context
        self.update_available_resource(context.get_admin_context())

    @periodic_task.periodic_task(spacing=CONF.update_resources_interval,
                                 run_immediately=True)
    def update_available_resource(self, context):
        for nodename in self.driver.get_available_nodes(refresh=True):
            try:
                self.rt.update_available_resource(context, nodename)
            except Exception:
                LOG.exception('Error updating resources for node %s',
                              nodename)

    @periodic_task.periodic_task(spacing=recovery.build_check_spacing(),
                                 run_immediately=False)
    def _check_instance_build_time(self, context):
        self.check_instance_build_time(context)

    @periodic_task.periodic_task(
        spacing=recovery.confirm_check_spacing(), run_immediately=False)
    def _poll_unconfirmed_resizes(self, context):
        self.confirm_old_resizes(context)

    @periodic_task.periodic_task(spacing=CONF.shelved_poll_interval,
                                 run_immediately=False)
    def _poll_shelved_instances(self, context):
        self.offload_shelved_instances(context)

    @periodic_task.periodic_task(spacing=CONF.sync_power_state_interval,
                                 run_immediately=False)
    def _sync_power_states(self, context):
        if CONF.sync_power_state_interval < 0:
            return
        self.sync_power_states(context)
