"""HostState per compute node, kept current across requests.

The scheduler does not reload every compute node for every request.  It
keeps one HostState per compute node and refreshes, per cell, only the
compute nodes and services whose rows changed since the last refresh (one
small query each, by ``updated_at``/``deleted_at``; a service's heartbeat
is not a change) and asks which services are down (one query for the few
whose heartbeat is out of date).  Usage numbers come
from placement's provider summaries of each request, which are current;
aggregates are kept, and read again only after a write moved their
generation (one narrow read per request), and instances (for affinity)
only when a request needs them.  All of it but the instances is
independent of placement's answer: :meth:`HostManager.prepare` runs while
placement computes the candidates.
"""

import datetime
import functools
import threading

import sqlalchemy as sa
from oslo_log import log as logging
from oslo_utils import timeutils

import nova.conf
from nova import context as nova_context
from nova.db import engine as db
from nova.db.main import models as main_models
from nova import exception
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
        # The service's ``disabled`` as the host manager last read it
        # (None: not read by it, ask ``service``).
        self.service_disabled = None
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

    def request_fields(self):
        """The attributes, as a dict, of a copy of this state for one
        scheduling request to fill in and change: its usage from that
        request's provider summaries, its allocation request, the
        instances and limits its filters see, what its own earlier
        instances consumed.  The scheduler runs requests concurrently over
        the same hosts, so none of that may be written on the state every
        request shares (a second request would replace the first's
        allocation request, for its own flavor, before the first claims
        it).  The copy has its own empty ``instances`` and ``limits`` and
        no allocation request; its other lists and dicts (stats,
        aggregates, supported instances) are the shared ones: requests
        read them, never change them.  :func:`_from_fields` makes it a
        HostState."""
        fields = self.__dict__.copy()
        fields['instances'] = {}
        fields['limits'] = {}
        fields['allocation_request'] = None
        return fields

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

    def consume_from_request(self, spec_obj):
        """Account one instance of the request on this host (so the next
        instance of the same request sees it)."""
        flavor = spec_obj.flavor
        self.free_ram_mb -= flavor.memory_mb
        self.free_disk_mb -= (flavor.root_gb + flavor.ephemeral_gb) * 1024
        self.vcpus_used += flavor.vcpus
        self.num_instances += 1
        self.num_io_ops += 1


def _from_fields(fields):
    """A HostState whose attributes are ``fields`` (a dict it keeps)."""
    state = object.__new__(HostState)
    state.__dict__ = fields
    return state


def _apply_summary(fields, summary):
    """Write the usage in placement's provider ``summary`` (current
    numbers; a class it leaves out changes nothing) into a host state's
    attributes ``fields``."""
    resources = summary.get('resources')
    if not resources:
        return
    ram = resources.get('MEMORY_MB')
    if ram:
        fields['free_ram_mb'] = ram['capacity'] - ram['used']
    disk = resources.get('DISK_GB')
    if disk:
        fields['free_disk_mb'] = (disk['capacity'] - disk['used']) * 1024
    cpu = resources.get('VCPU')
    if cpu:
        fields['vcpus_used'] = cpu['used']
        # capacity already includes the ratio
        fields['vcpus_total'] = cpu['capacity'] / max(
            fields['cpu_allocation_ratio'], 1e-9)


def _changed_since(model, since, changed_at=None):
    """Rows created, deleted or changed (``changed_at``, by default
    ``updated_at``) since ``since`` (a value or a bind parameter)."""
    if changed_at is None:
        changed_at = model.updated_at
    return sa.or_(changed_at >= since, model.created_at >= since,
                  model.deleted_at >= since)


@functools.lru_cache(maxsize=1)
def _changed_ids_statement():
    """The SELECT of :func:`_changed_ids`, ``since`` a parameter: built
    once, as building and caching a new one per refresh cost the
    scheduler more than the database spends running it."""
    CN = main_models.ComputeNode
    Svc = main_models.Service
    since = sa.bindparam('since', type_=sa.DateTime)
    return sa.union_all(
        sa.select(sa.literal(0).label('kind'), CN.id)
        .where(_changed_since(CN, since)),
        sa.select(sa.literal(1), Svc.id)
        .where(Svc.binary == 'nova-compute',
               _changed_since(Svc, since, Svc.changed_at)))


def _changed_ids(session, since):
    """(compute node ids, nova-compute service ids) of the rows created,
    deleted or changed since ``since``, each None when there are none.

    One narrow query for both: nearly always nothing has changed, and a
    SELECT of the whole rows would cost the column descriptions of two
    wide tables (decoded in Python by the driver) to learn it.  A service's
    heartbeat (every ``report_interval``) moves ``updated_at`` but not
    ``changed_at``: in a cloud of 10,000 hosts, reading the rows written
    since the last refresh would read a thousand services per request only
    to learn they are alive.  Which services are alive is asked apart, by
    :meth:`HostManager._down_hosts`.
    """
    rows = session.execute(_changed_ids_statement(), {'since': since})
    ids = ([], [])
    for kind, row_id in rows:
        ids[kind].append(row_id)
    return tuple(found or None for found in ids)


@functools.lru_cache(maxsize=1)
def _down_hosts_statement():
    """The SELECT of :meth:`HostManager._down_hosts`, the up window's
    ends (``earliest``, ``latest``) parameters: built once."""
    table = main_models.Service.__table__
    seen = table.c.last_seen_up
    earliest = sa.bindparam('earliest', type_=sa.DateTime)
    latest = sa.bindparam('latest', type_=sa.DateTime)
    return (sa.select(table.c.host, seen, table.c.updated_at,
                      table.c.created_at)
            .where(table.c.binary == 'nova-compute', table.c.deleted == 0,
                   sa.or_(seen < earliest, seen > latest, seen.is_(None))))


class HostManager(object):
    """Keeps HostStates for every cell, refreshed incrementally."""

    def __init__(self):
        self._lock = threading.Lock()
        self.servicegroup_api = servicegroup.API()
        self.cells = {}                # cell uuid -> CellMapping
        self.host_states = {}          # compute node uuid -> HostState
        self._services = {}            # (cell uuid, host) -> Service
        # The keys of _services forced down (read per host per request:
        # a set costs less than the versioned object's attribute).
        self._forced_down = set()
        # The keys of _services disabled, for the same reason.
        self._disabled = set()
        # cell uuid -> hosts whose service is down by its heartbeat, as of
        # the last refresh
        self._down = {}
        self._last_refresh = {}        # cell uuid -> datetime
        # (aggregates' generation, {host: [Aggregate]}) as last read
        self._aggregates = None
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
            window = self.servicegroup_api.up_window()
            for cell in self.cells.values():
                self._refresh_cell(ctxt, cell, window)
            self.refresh_count += 1
            if len(self.host_states) - known >= FREEZE_AFTER:
                # They stay for the life of the process.
                process.freeze_long_lived()

    def _refresh_cell(self, ctxt, cell, window):
        since = self._last_refresh.get(cell.uuid)
        started = timeutils.utcnow() - SKEW
        started = started.replace(tzinfo=None)
        with nova_context.target_cell(ctxt, cell) as cctxt:
            CN = main_models.ComputeNode
            Svc = main_models.Service
            with db.main_session(cctxt) as session:
                # None: nothing to read.
                if since is None:
                    node_filter = service_filter = sa.true()
                else:
                    node_ids, service_ids = _changed_ids(session, since)
                    node_filter = node_ids and CN.id.in_(node_ids)
                    service_filter = service_ids and Svc.id.in_(service_ids)
                nodes = (session.execute(sa.select(CN).where(node_filter))
                         .scalars().all()
                         if node_filter is not None else [])
                if service_filter is not None:
                    self._refresh_services(cctxt, session, cell,
                                           service_filter)
                self._down[cell.uuid] = self._down_hosts(session, *window)
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

    def _refresh_services(self, cctxt, session, cell, where):
        """Load the cell's nova-compute services that match ``where``
        (every one, or those changed since the last refresh)."""
        Svc = main_models.Service
        rows = session.execute(sa.select(Svc).where(
            Svc.binary == 'nova-compute', where)).scalars().all()
        # A host's deleted service before its new one, if both are here.
        for row in sorted(rows, key=lambda row: not row.deleted):
            key = (cell.uuid, row.host)
            if row.deleted:
                self._services.pop(key, None)
                self._forced_down.discard(key)
                self._disabled.discard(key)
                continue
            service = self._services[key] = (
                service_obj.Service._from_db_object(
                    cctxt, service_obj.Service(cctxt), row))
            for flag, keys in ((service.forced_down, self._forced_down),
                               (service.disabled, self._disabled)):
                if flag:
                    keys.add(key)
                else:
                    keys.discard(key)

    def _down_hosts(self, session, earliest, latest):
        """Hosts of the cell's nova-compute services that are not up by
        their heartbeat: one indexed query for the few whose
        ``last_seen_up`` is outside the up window (or was never set),
        judged as servicegroup judges.  Forced down is the service's own
        (it changes ``changed_at``)."""
        rows = session.execute(_down_hosts_statement(),
                               {'earliest': earliest, 'latest': latest})
        heartbeat_of = self.servicegroup_api.heartbeat_of
        is_up_in = self.servicegroup_api.is_up_in
        return {host for host, last_seen_up, updated_at, created_at in rows
                if not is_up_in(heartbeat_of(False, last_seen_up,
                                             updated_at, created_at),
                                earliest, latest)}

    # -- per request -----------------------------------------------------

    def prepare(self, ctxt):
        """Everything a request's host states need but placement's answer:
        the compute nodes and services changed since the last refresh, and
        the aggregates ({host: [Aggregate]}).  Independent of the
        candidates, so the scheduler runs it while placement computes
        them."""
        self.refresh(ctxt)
        return self._aggregates_by_host(ctxt)

    def _aggregates_by_host(self, ctxt):
        """{host: [Aggregate]}, read again only when the aggregates'
        generation has moved since the last read: a cloud's aggregates
        change seldom, and reading them (every zone's hosts) was the
        largest part of a request in a cloud of thousands of hosts.  The
        generation is read first, so what is kept is never older than
        the generation it is kept under.  The dict and its lists are
        shared by every request: read, never changed."""
        generation = objects.AggregateList.get_generation(ctxt)
        kept = self._aggregates
        if kept is not None and kept[0] == generation:
            return kept[1]
        by_host = {}
        for agg in objects.AggregateList.get_all(ctxt):
            for host in agg.hosts or []:
                by_host.setdefault(host, []).append(agg)
        # One assignment: a concurrent request sees the old pair or the
        # new one.
        self._aggregates = (generation, by_host)
        return by_host

    def get_host_states_by_uuids(self, ctxt, uuids, provider_summaries=None,
                                 aggregates_by_host=None,
                                 allocation_requests=None):
        """HostStates of the providers placement proposed, current
        (``aggregates_by_host``: what :meth:`prepare` returned for this
        request; prepared here when not given): this request's own
        copies (:meth:`HostState.request_fields`).  Each state's
        ``allocation_request`` is its provider's in
        ``allocation_requests`` ({provider uuid: request}), or None."""
        by_host = (self.prepare(ctxt) if aggregates_by_host is None
                   else aggregates_by_host)
        host_states = self.host_states
        if not host_states.keys() >= set(uuids):
            # A new cell or a node created between two refreshes.
            self.refresh(ctxt, force_cells=True)
        # Up to a thousand providers per request: names looked up once,
        # and the few hosts not up (forced down or silent) in one set.
        services = self._services
        disabled = self._disabled
        # Copies taken in one step each: a refresh for a concurrent request
        # may change them meanwhile (a new cell adds to _down).
        not_up = set(self._forced_down)
        for cell_uuid, hosts in list(self._down.items()):
            not_up.update((cell_uuid, host) for host in hosts)
        summaries = provider_summaries or {}
        requests = allocation_requests or {}
        no_aggregates = []
        states = []
        # A thousand candidates per request: each copy is built as a dict
        # and becomes a HostState once (no attribute writes one by one).
        for uuid in uuids:
            shared = host_states.get(uuid)
            if shared is None:
                LOG.debug('Provider %s has no compute node in any cell',
                          uuid)
                continue
            fields = shared.request_fields()
            host = fields['host']
            key = (fields['cell_uuid'], host)
            fields['service'] = service = services.get(key)
            fields['service_up'] = service is not None and key not in not_up
            fields['service_disabled'] = key in disabled
            fields['aggregates'] = by_host.get(host, no_aggregates)
            fields['allocation_request'] = requests.get(uuid)
            summary = summaries.get(uuid)
            if summary is not None:
                _apply_summary(fields, summary)
            states.append(_from_fields(fields))
        return states

    def load_instances(self, ctxt, host_states, uuids):
        """Fill ``instances`` ({uuid: Instance}) of ``host_states`` with
        those of the live instances ``uuids`` (what the request's filters
        look for, see ``BaseHostFilter.instances_needed``) each one runs:
        one query per cell involved, for a few instances, whatever the
        number of instances on the hosts."""
        by_cell = {}
        for state in host_states:
            by_cell.setdefault(state.cell_uuid, []).append(state)
        for cell_uuid, states in by_cell.items():
            cell = self.cells.get(cell_uuid)
            if cell is None:
                continue
            with nova_context.target_cell(ctxt, cell) as cctxt:
                insts = objects.InstanceList.get_by_filters(
                    cctxt, {'uuid': list(uuids), 'deleted': False},
                    expected_attrs=[])
            on_node = {}
            for inst in insts:
                on_node.setdefault((inst.host, inst.node), {})[
                    inst.uuid] = inst
            for state in states:
                state.instances = dict(
                    on_node.get((state.host, state.nodename), ()))

    def group_hosts(self, ctxt, group, exclude=None):
        """Hosts of ``group``'s live members across every cell, one entry
        per member (a host with two members appears twice)."""
        if not group.obj_attr_is_set('uuid'):
            return []
        try:
            fresh = objects.InstanceGroup.get_by_uuid(ctxt, group.uuid)
        except exception.InstanceGroupNotFound:
            # Deleted meanwhile: no members left to keep apart or
            # together.  Any other failure fails the request rather than
            # scheduling as if the group had no members.
            return []
        excluded = set(exclude or ())
        members = [m for m in (fresh.members or []) if m not in excluded]
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
