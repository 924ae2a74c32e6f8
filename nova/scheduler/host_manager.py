"""HostState per compute node, kept current across requests.

The scheduler does not reload every compute node for every request.  It
keeps one HostState per compute node and refreshes, per cell, only the
compute nodes and services whose rows changed since the last refresh (one
small query each, by ``updated_at``/``deleted_at``).  Usage numbers come
from placement's provider summaries of each request, which are current;
aggregates are read once per request (one query), and instances (for
affinity) only when a request needs them.
"""

import datetime
import threading

import sqlalchemy as sa
from oslo_log import log as logging
from oslo_utils import timeutils

import nova.conf
from nova import context as nova_context
from nova.db import engine as db
from nova.db.main import models as main_models
from nova import objects
from nova.objects import compute_node as compute_node_obj
from nova.objects import service as service_obj
from nova import process
from nova import servicegroup

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

# Rows written within this window before a refresh are read again on the
# next one (clock skew between hosts writing updated_at).
SKEW = datetime.timedelta(seconds=5)
# A refresh that adds this many host states (the first one in a large
# cloud, a new cell) freezes the heap after it: without that, every full
# collection walks them all (nova.process.freeze_long_lived).
FREEZE_AFTER = 1000


class HostState(object):
    """What the filters and weighers know of one compute node."""

    def __init__(self, host, nodename, cell_uuid):
        self.host = host
        self.nodename = nodename
        self.cell_uuid = cell_uuid
        self.uuid = None
        self.service = None
        self.service_up = False
        self.total_usable_ram_mb = 0
        self.free_ram_mb = 0
        self.total_usable_disk_gb = 0
        self.free_disk_mb = 0
        self.vcpus_total = 0
        self.vcpus_used = 0
        self.hypervisor_type = None
        self.hypervisor_version = None
        self.hypervisor_hostname = None
        self.cpu_info = None
        self.supported_instances = []
        self.cpu_allocation_ratio = 16.0
        self.ram_allocation_ratio = 1.5
        self.disk_allocation_ratio = 1.0
        self.num_instances = 0
        self.num_io_ops = 0
        self.stats = {}
        self.aggregates = []
        self.instances = {}
        self.limits = {}
        self.updated = None
        self.allocation_request = None

    def __repr__(self):
        return ('(%s, %s) ram: %sMB disk: %sMB io_ops: %s instances: %s'
                % (self.host, self.nodename, self.free_ram_mb,
                   self.free_disk_mb, self.num_io_ops, self.num_instances))

    @property
    def free_vcpus(self):
        return self.vcpus_total * self.cpu_allocation_ratio - self.vcpus_used

    def update_from_compute_node(self, compute):
        self.uuid = compute.uuid
        self.hypervisor_type = compute.hypervisor_type
        self.hypervisor_version = compute.hypervisor_version
        self.hypervisor_hostname = compute.hypervisor_hostname
        self.cpu_info = compute.cpu_info
        self.supported_instances = [
            (s.get('arch'), s.get('hv_type'), s.get('vm_mode'))
            for s in (compute.supported_hv_specs or [])]
        self.cpu_allocation_ratio = compute.cpu_allocation_ratio
        self.ram_allocation_ratio = compute.ram_allocation_ratio
        self.disk_allocation_ratio = compute.disk_allocation_ratio
        self.vcpus_total = compute.vcpus
        self.vcpus_used = compute.vcpus_used
        self.total_usable_ram_mb = compute.memory_mb
        self.free_ram_mb = compute.free_ram_mb or 0
        self.total_usable_disk_gb = compute.local_gb
        self.free_disk_mb = (compute.free_disk_gb or 0) * 1024
        stats = compute.stats or {}
        self.stats = dict(stats)
        self.num_instances = int(stats.get('num_instances',
                                           compute.running_vms or 0))
        self.num_io_ops = int(stats.get('io_workload', 0))
        self.updated = compute.updated_at

    def update_from_summary(self, summary):
        """Usage from placement's provider summary (current numbers)."""
        resources = summary.get('resources', {})
        ram = resources.get('MEMORY_MB')
        if ram:
            self.free_ram_mb = ram['capacity'] - ram['used']
        disk = resources.get('DISK_GB')
        if disk:
            self.free_disk_mb = (disk['capacity'] - disk['used']) * 1024
        cpu = resources.get('VCPU')
        if cpu:
            self.vcpus_used = cpu['used']
            # capacity already includes the ratio
            self.vcpus_total = cpu['capacity'] / max(
                self.cpu_allocation_ratio, 1e-9)

    def consume_from_request(self, spec_obj):
        """Account one instance of the request on this host (so the next
        instance of the same request sees it)."""
        flavor = spec_obj.flavor
        self.free_ram_mb -= flavor.memory_mb
        self.free_disk_mb -= (flavor.root_gb + flavor.ephemeral_gb) * 1024
        self.vcpus_used += flavor.vcpus
        self.num_instances += 1
        self.num_io_ops += 1


def _chunks(items, size=1000):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _changed_since(model, since):
    if since is None:
        return sa.true()
    return sa.or_(model.updated_at >= since, model.created_at >= since,
                  model.deleted_at >= since)


class HostManager(object):
    """Keeps HostStates for every cell, refreshed incrementally."""

    def __init__(self):
        self._lock = threading.Lock()
        self.servicegroup_api = servicegroup.API()
        self.cells = {}                # cell uuid -> CellMapping
        self.host_states = {}          # compute node uuid -> HostState
        # (cell uuid, host) -> (Service, its last heartbeat or None, the
        # columns that make a reload necessary when they change)
        self._services = {}
        self._last_refresh = {}        # cell uuid -> datetime
        self.refresh_count = 0

    # -- refresh ---------------------------------------------------------

    def _load_cells(self, ctxt):
        cells = objects.CellMappingList.get_all(ctxt)
        self.cells = {c.uuid: c for c in cells if not c.is_cell0()}

    def refresh(self, ctxt, force_cells=False):
        """Read compute nodes and services changed since the last refresh
        in every cell."""
        with self._lock:
            known = len(self.host_states)
            if force_cells or not self.cells:
                self._load_cells(ctxt)
            for cell in self.cells.values():
                self._refresh_cell(ctxt, cell)
            self.refresh_count += 1
            if len(self.host_states) - known >= FREEZE_AFTER:
                # They stay for the life of the process.
                process.freeze_long_lived()

    def _refresh_cell(self, ctxt, cell):
        since = self._last_refresh.get(cell.uuid)
        started = timeutils.utcnow() - SKEW
        started = started.replace(tzinfo=None)
        with nova_context.target_cell(ctxt, cell) as cctxt:
            CN = main_models.ComputeNode
            with db.main_session(cctxt) as session:
                nodes = session.execute(
                    sa.select(CN).where(_changed_since(CN, since))
                ).scalars().all()
                self._refresh_services(cctxt, session, cell, since)
                for row in nodes:
                    if row.deleted:
                        self.host_states.pop(row.uuid, None)
                        continue
                    node = compute_node_obj.ComputeNode._from_db_object(
                        cctxt, compute_node_obj.ComputeNode(cctxt), row)
                    state = self.host_states.get(node.uuid)
                    if state is None:
                        state = HostState(node.host,
                                          node.hypervisor_hostname,
                                          cell.uuid)
                        self.host_states[node.uuid] = state
                    state.update_from_compute_node(node)
        self._last_refresh[cell.uuid] = started

    def _refresh_services(self, cctxt, session, cell, since):
        """Take in the cell's nova-compute services written since ``since``.

        Nearly all of them only reported (every ``report_interval``, and
        each refresh reads again what was written in the last ``SKEW``):
        in a cloud of 10,000 hosts that is thousands of rows per refresh.
        A service whose other columns did not change gets its new
        heartbeat and keeps its Service object (whose own heartbeat
        fields are then those of when it was loaded); only the others
        are loaded as objects.
        """
        table = main_models.Service.__table__
        # The heartbeat as servicegroup's last_heartbeat reads it, but for
        # forced_down, which is compared below.
        heartbeat = sa.func.coalesce(table.c.last_seen_up,
                                     table.c.updated_at, table.c.created_at)
        rows = list(session.execute(sa.select(
            table.c.id, table.c.host, table.c.deleted, table.c.disabled,
            table.c.disabled_reason, table.c.forced_down, table.c.version,
            heartbeat)
            .where(table.c.binary == 'nova-compute',
                   _changed_since(table.c, since))))
        # A host's deleted service before its new one, if both are here.
        rows.sort(key=lambda row: not row[2])
        changed = []
        heartbeat_of = self.servicegroup_api.heartbeat_of
        for (service_id, host, deleted, disabled, reason, forced_down,
             version, last_heartbeat) in rows:
            key = (cell.uuid, host)
            if deleted:
                self._services.pop(key, None)
                continue
            identity = (service_id, bool(disabled), reason,
                        bool(forced_down), version)
            cached = self._services.get(key)
            if cached is None or cached[2] != identity:
                changed.append(service_id)
                continue
            self._services[key] = (cached[0], heartbeat_of(
                forced_down, last_heartbeat, None, None), identity)
        Svc = main_models.Service
        for chunk in _chunks(changed):
            for row in session.execute(
                    sa.select(Svc).where(Svc.id.in_(chunk))).scalars():
                svc = service_obj.Service._from_db_object(
                    cctxt, service_obj.Service(cctxt), row)
                self._services[(cell.uuid, row.host)] = (
                    svc, self.servicegroup_api.last_heartbeat(svc),
                    (svc.id, svc.disabled, svc.disabled_reason,
                     svc.forced_down, svc.version))

    # -- per request -----------------------------------------------------

    def get_host_states_by_uuids(self, ctxt, uuids, provider_summaries=None):
        """HostStates of the providers placement proposed, current."""
        self.refresh(ctxt)
        missing = [u for u in uuids if u not in self.host_states]
        if missing:
            # A new cell or a node created between two refreshes.
            self.refresh(ctxt, force_cells=True)
        aggregates = objects.AggregateList.get_all(ctxt)
        by_host = {}
        for agg in aggregates:
            for host in agg.hosts or []:
                by_host.setdefault(host, []).append(agg)
        states = []
        earliest, latest = self.servicegroup_api.up_window()
        is_up_in = self.servicegroup_api.is_up_in
        for uuid in uuids:
            state = self.host_states.get(uuid)
            if state is None:
                LOG.debug('Provider %s has no compute node in any cell',
                          uuid)
                continue
            state.service, heartbeat, _identity = self._services.get(
                (state.cell_uuid, state.host), (None, None, None))
            state.service_up = is_up_in(heartbeat, earliest, latest)
            state.aggregates = by_host.get(state.host, [])
            state.instances = {}
            state.limits = {}
            if provider_summaries and uuid in provider_summaries:
                state.update_from_summary(provider_summaries[uuid])
            states.append(state)
        return states

    def load_instances(self, ctxt, host_states):
        """Fill ``instances`` ({uuid: Instance}) of ``host_states``: one
        query per cell involved, only for requests that need it."""
        by_cell = {}
        for state in host_states:
            by_cell.setdefault(state.cell_uuid, []).append(state)
        for cell_uuid, states in by_cell.items():
            cell = self.cells.get(cell_uuid)
            if cell is None:
                continue
            hosts = sorted({s.host for s in states})
            with nova_context.target_cell(ctxt, cell) as cctxt:
                insts = objects.InstanceList.get_by_filters(
                    cctxt, {'host': hosts, 'deleted': False},
                    expected_attrs=[])
            for state in states:
                state.instances = {i.uuid: i for i in insts
                                   if i.host == state.host and
                                   i.node == state.nodename}

    def group_hosts(self, ctxt, group, exclude=None):
        """Hosts of ``group``'s live members across every cell, one entry
        per member (a host with two members appears twice)."""
        if not group.obj_attr_is_set('uuid'):
            return []
        try:
            fresh = objects.InstanceGroup.get_by_uuid(ctxt, group.uuid)
        except Exception:
            return []
        members = [m for m in (fresh.members or [])
                   if m not in set(exclude or [])]
        if not members:
            return []
        if not self.cells:
            self._load_cells(ctxt)
        hosts = []
        for cell in self.cells.values():
            with nova_context.target_cell(ctxt, cell) as cctxt:
                insts = objects.InstanceList.get_by_filters(
                    cctxt, {'uuid': members, 'deleted': False},
                    expected_attrs=[])
            hosts.extend(i.host for i in insts if i.host)
        return hosts
