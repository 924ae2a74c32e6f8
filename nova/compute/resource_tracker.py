"""Keeps this host's compute_nodes records in step with the hypervisor.

Runs inside nova-compute, so every read and write goes through conductor
(remotable ComputeNode methods).  A record is saved only when something in
it changed, so an idle host costs one RPC call per node per period.

Placement: after each refresh the node's inventory (VCPU, MEMORY_MB,
DISK_GB with ratios and reserved amounts) is reported through the report
client, which caches the provider's generation and inventory: an unchanged
node costs no placement call, whatever the number of instances (the
allocations themselves are written by the scheduler and the task flows).

Claims: ``instance_claim`` checks, under a lock, that an instance still
fits the node given what the hypervisor reports plus the claims whose
spawn has not finished (a last line of defence behind placement).
"""

import contextlib
import threading

from oslo_log import log as logging

import nova.conf
from nova import exception
from nova import objects

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

# Upstream's effective defaults when the ratio options are left at 0.0.
DEFAULT_CPU_ALLOCATION_RATIO = 16.0
DEFAULT_RAM_ALLOCATION_RATIO = 1.5
DEFAULT_DISK_ALLOCATION_RATIO = 1.0


def allocation_ratios():
    return {
        'cpu_allocation_ratio': (CONF.cpu_allocation_ratio or
                                 DEFAULT_CPU_ALLOCATION_RATIO),
        'ram_allocation_ratio': (CONF.ram_allocation_ratio or
                                 DEFAULT_RAM_ALLOCATION_RATIO),
        'disk_allocation_ratio': (CONF.disk_allocation_ratio or
                                  DEFAULT_DISK_ALLOCATION_RATIO),
    }


class ResourceTracker(object):
    """One per nova-compute; knows one ComputeNode per hypervisor node."""

    def __init__(self, host, driver, reportclient=None):
        self.host = host
        self.driver = driver
        self.compute_nodes = {}
        self.service_id = None
        self._reportclient = reportclient
        self._claim_lock = threading.Lock()
        # instance uuid -> (nodename, flavor) claimed, spawn in progress
        self._pending = {}

    @property
    def reportclient(self):
        if self._reportclient is None:
            from nova.scheduler.client import report
            self._reportclient = report.SchedulerReportClient()
        return self._reportclient

    def update_available_resource(self, context, nodename):
        """Refresh ``nodename``'s record from the driver's report and its
        inventory in placement."""
        resources = self.driver.get_available_resource(nodename)
        compute_node = self._get_or_create(context, nodename, resources)
        self._copy_resources(compute_node, resources)
        if compute_node.obj_what_changed():
            compute_node.save()
        self.report_inventory(compute_node)
        return compute_node

    def report_inventory(self, compute_node):
        try:
            self.reportclient.update_compute_node(compute_node)
        except Exception as e:
            LOG.warning('Could not report the inventory of %(node)s to '
                        'placement: %(error)s',
                        {'node': compute_node.hypervisor_hostname,
                         'error': e})

    def node_uuid(self, nodename):
        node = self.compute_nodes.get(nodename)
        return node.uuid if node is not None else None

    # -- claims ------------------------------------------------------------

    @contextlib.contextmanager
    def instance_claim(self, context, instance, nodename, flavor=None):
        """Hold resources for ``instance`` while it is being spawned;
        raise ComputeResourcesUnavailable when it does not fit."""
        flavor = flavor or instance.flavor
        with self._claim_lock:
            self._check_fits(nodename, flavor, exclude=instance.uuid)
            self._pending[instance.uuid] = (nodename, flavor)
        try:
            yield
        finally:
            with self._claim_lock:
                self._pending.pop(instance.uuid, None)

    def _check_fits(self, nodename, flavor, exclude=None):
        resources = self.driver.get_available_resource(nodename)
        ratios = allocation_ratios()
        pending = [f for uuid, (node, f) in self._pending.items()
                   if node == nodename and uuid != exclude]
        checks = (
            ('memory', flavor.memory_mb,
             (resources['memory_mb'] - CONF.reserved_host_memory_mb) *
             ratios['ram_allocation_ratio'],
             resources['memory_mb_used'] +
             sum(f.memory_mb for f in pending), 'MB'),
            ('vcpus', flavor.vcpus,
             (resources['vcpus'] - CONF.reserved_host_cpus) *
             ratios['cpu_allocation_ratio'],
             resources['vcpus_used'] + sum(f.vcpus for f in pending), ''),
            ('disk', flavor.root_gb + flavor.ephemeral_gb,
             (resources['local_gb'] -
              (CONF.reserved_host_disk_mb + 1023) // 1024) *
             ratios['disk_allocation_ratio'],
             resources['local_gb_used'] +
             sum(f.root_gb + f.ephemeral_gb for f in pending), 'GB'))
        for name, wanted, limit, used, unit in checks:
            if used + wanted > limit:
                raise exception.ComputeResourcesUnavailable(
                    reason='free %s %d%s < requested %d%s' % (
                        name, limit - used, unit, wanted, unit))

    def _get_or_create(self, context, nodename, resources):
        compute_node = self.compute_nodes.get(nodename)
        if compute_node is not None:
            return compute_node
        try:
            compute_node = objects.ComputeNode.get_by_host_and_nodename(
                context, self.host, nodename)
        except exception.ComputeHostNotFound:
            compute_node = objects.ComputeNode(context)
            compute_node.host = self.host
            compute_node.service_id = self.service_id
            self._copy_resources(compute_node, resources)
            compute_node.create()
            LOG.info('Compute node record created for %(host)s:%(node)s '
                     'with uuid: %(uuid)s',
                     {'host': self.host, 'node': nodename,
                      'uuid': compute_node.uuid})
        self.compute_nodes[nodename] = compute_node
        return compute_node

    def _copy_resources(self, compute_node, resources):
        """Set fields from the driver's report, touching only changes."""
        reserved_ram = CONF.reserved_host_memory_mb
        reserved_disk_gb = (CONF.reserved_host_disk_mb + 1023) // 1024
        values = {
            'vcpus': resources['vcpus'],
            'memory_mb': resources['memory_mb'],
            'local_gb': resources['local_gb'],
            'vcpus_used': resources['vcpus_used'] + CONF.reserved_host_cpus,
            'memory_mb_used': resources['memory_mb_used'] + reserved_ram,
            'local_gb_used': resources['local_gb_used'] + reserved_disk_gb,
            'hypervisor_type': resources['hypervisor_type'],
            'hypervisor_version': resources['hypervisor_version'],
            'hypervisor_hostname': resources['hypervisor_hostname'],
            'cpu_info': resources.get('cpu_info'),
            'disk_available_least': resources.get('disk_available_least'),
            'supported_hv_specs': [
                dict(zip(('arch', 'hv_type', 'vm_mode'),
                         [str(x) for x in spec]))
                for spec in resources.get('supported_instances') or []],
            'numa_topology': resources.get('numa_topology'),
            'host_ip': CONF.my_ip,
            'current_workload': 0,
            'running_vms': len(self.driver.list_instances()),
        }
        values['free_ram_mb'] = values['memory_mb'] - values['memory_mb_used']
        values['free_disk_gb'] = values['local_gb'] - values['local_gb_used']
        values.update(allocation_ratios())
        if self.service_id is not None:
            values['service_id'] = self.service_id
        for key, value in values.items():
            # Compare as the field stores it (e.g. host_ip is an IPAddress).
            value = compute_node.fields[key].coerce(compute_node, key, value)
            if (not compute_node.obj_attr_is_set(key) or
                    getattr(compute_node, key) != value):
                setattr(compute_node, key, value)
