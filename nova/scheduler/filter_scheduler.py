"""Host selection: placement candidates -> filters -> weighers -> claims.

For each request:

1. Ask placement for allocation candidates for the flavor's resources
   and, meanwhile, refresh the host manager (changed compute nodes and
   services, aggregates).
2. Turn the candidate providers into HostStates (host manager).
3. For each instance: run the enabled filters, weigh the survivors, pick
   at random among the best ``host_subset_size``, claim the allocation
   request in placement (a refused claim moves on to the next host),
   account the instance on the host, then choose up to max_attempts - 1
   alternates in the same cell.
4. On failure, release what this request already claimed and raise
   NoValidHost naming the filter that removed the last hosts.
"""

from concurrent import futures
import itertools
import random
import threading

from oslo_log import log as logging

import nova.conf
from nova import exception
from nova.scheduler.client import report
from nova.scheduler import filters as filters_mod
from nova.scheduler.filters import compute_filters
from nova.scheduler import host_manager as host_manager_mod
from nova.scheduler import utils
from nova.scheduler import weights as weights_mod

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

# Candidate requests in flight at once; more wait their turn.  The RPC
# server runs up to executor_thread_pool_size (64) requests at a time,
# but each candidates request holds a placement worker while it waits, of
# which a deployment has far fewer.
CANDIDATES_IN_FLIGHT = 16


def instances_needed(filters, spec_obj):
    """The uuids of the instances ``filters`` look for on the hosts for
    this request (sorted; empty for most requests)."""
    return sorted({uuid for f in filters
                   for uuid in f.instances_needed(spec_obj)})


class FilterScheduler(object):

    def __init__(self, report_client=None, host_manager=None):
        self.placement = report_client or report.SchedulerReportClient()
        self.host_manager = host_manager or host_manager_mod.HostManager()
        # (option value, instances) of the filters and of the weighers.
        self._filters = None
        self._weighers = None
        self._in_flight = threading.BoundedSemaphore(CANDIDATES_IN_FLIGHT)
        # Refreshes the host states while the caller's thread waits for
        # placement's candidates.  The refreshes of concurrent requests
        # take the host manager's lock in turn, so a few threads do.
        self._background = futures.ThreadPoolExecutor(
            max_workers=4, thread_name_prefix='host-refresh')

    # -- configuration -----------------------------------------------------

    def enabled_filters(self):
        """Instances of ``[filter_scheduler] enabled_filters``, made again
        only when the option changes."""
        names = tuple(CONF.filter_scheduler.enabled_filters)
        if self._filters is None or self._filters[0] != names:
            available = filters_mod.all_filters()
            result = []
            for name in names:
                cls = available.get(name)
                if cls is None:
                    LOG.warning('Unknown scheduler filter %s ignored', name)
                    continue
                result.append(cls())
            self._filters = (names, result)
        return self._filters[1]

    def weighers(self):
        """Instances of ``[filter_scheduler] weight_classes``, made again
        only when the option changes."""
        names = tuple(CONF.filter_scheduler.weight_classes)
        if self._weighers is None or self._weighers[0] != names:
            available = weights_mod.all_weighers()
            if any(n.endswith('all_weighers') for n in names):
                result = [cls() for cls in available.values()]
            else:
                result = [available[n.rsplit('.', 1)[-1]]()
                          for n in names
                          if n.rsplit('.', 1)[-1] in available]
            self._weighers = (names, result)
        return self._weighers[1]

    # -- the request -------------------------------------------------------

    def select_destinations(self, ctxt, spec_obj, instance_uuids,
                            return_alternates=False, new_instances=False):
        """A list (one per instance) of selection lists: chosen host first,
        then alternates.  Allocations are claimed for each chosen host
        (``new_instances``: first builds, whose consumers hold nothing yet,
        so a claim is one PUT with no read of current allocations)."""
        num = len(instance_uuids) if instance_uuids else (
            spec_obj.num_instances if 'num_instances' in spec_obj else 1)
        resources = utils.resources_from_request_spec(spec_obj)
        requests, summaries, aggregates = self._candidates_and_hosts(
            ctxt, resources)
        if not requests:
            raise exception.NoValidHost(
                reason='There are no allocation candidates for %s.'
                       % report.resources_string(resources))
        by_rp = report.by_single_provider(requests)
        states = self.host_manager.get_host_states_by_uuids(
            ctxt, list(by_rp), summaries, aggregates_by_host=aggregates,
            allocation_requests=by_rp)
        self._prepare_group(ctxt, spec_obj)
        filters = [compute_filters.IgnoreForceHostsFilter()] + \
            self.enabled_filters()
        wanted = instances_needed(filters, spec_obj)
        if wanted:
            self.host_manager.load_instances(ctxt, states, wanted)
        weighers = self.weighers()
        max_alternates = (CONF.scheduler.max_attempts - 1
                          if return_alternates else 0)

        claimed = []
        results = []
        try:
            for index in range(num):
                uuid = instance_uuids[index] if instance_uuids else None
                chosen, weighed = self._choose(
                    ctxt, spec_obj, states, filters, weighers, uuid,
                    new_instances)
                claimed.append(uuid)
                chosen.consume_from_request(spec_obj)
                group = utils.requested(spec_obj, 'instance_group')
                if group is not None:
                    group.hosts = list(group.hosts or []) + [chosen.host]
                # The next heaviest hosts of the same cell (the first few
                # of up to a thousand).
                alternates = itertools.islice(
                    (w.obj for w in weighed
                     if w.obj is not chosen and
                     w.obj.cell_uuid == chosen.cell_uuid), max_alternates)
                host_list = [utils.selection(chosen,
                                             chosen.allocation_request)]
                for alt in alternates:
                    host_list.append(utils.selection(
                        alt, alt.allocation_request))
                results.append(host_list)
        except exception.NoValidHost:
            for uuid in claimed:
                if uuid:
                    self.placement.delete_allocation_for_instance(uuid)
            raise
        return results

    def _candidates_and_hosts(self, ctxt, resources):
        """Placement's candidates for ``resources`` and the host manager's
        refresh (with the aggregates), at the same time: the candidates
        are placement's work and the database's (this thread only waits
        for them), the refresh is this process's and the cell
        database's.  The candidates are the longer of the two, so this
        thread sends their request first and a background thread
        refreshes meanwhile.  Returns (allocation requests, provider
        summaries, aggregates by host)."""
        refreshed = self._background.submit(self.host_manager.prepare, ctxt)
        try:
            with self._in_flight:
                requests, summaries = (
                    self.placement.get_allocation_candidates(resources))
        finally:
            # Never leave a refresh running behind a failed request.
            futures.wait([refreshed])
        return requests, summaries, refreshed.result()

    def _prepare_group(self, ctxt, spec_obj):
        group = utils.requested(spec_obj, 'instance_group')
        if group is None:
            return
        hosts = self.host_manager.group_hosts(ctxt, group)
        # One entry per member: the soft weighers count them.
        group.hosts = sorted(hosts)
        if 'members' not in group or group.members is None:
            group.members = []

    def _run_filters(self, states, spec_obj, filters):
        remaining = list(states)
        for f in filters:
            before = len(remaining)
            remaining = f.filter_all(remaining, spec_obj)
            LOG.debug('Filter %s returned %d of %d hosts',
                      f.__class__.__name__, len(remaining), before)
            if not remaining:
                return [], f.__class__.__name__
        return remaining, None

    def _choose(self, ctxt, spec_obj, states, filters, weighers, uuid,
                new_instances=False):
        remaining, culprit = self._run_filters(states, spec_obj, filters)
        if not remaining:
            name = {'IgnoreForceHostsFilter':
                    'the requested/ignored/forced hosts'}.get(culprit,
                                                             culprit)
            raise exception.NoValidHost(
                reason='%d host(s) had capacity in placement; %s removed '
                       'the last of them.' % (len(states), name))
        weighed = weights_mod.weigh(weighers, remaining, spec_obj)
        subset = max(1, CONF.filter_scheduler.host_subset_size)
        candidates = list(weighed)
        while candidates:
            pick = random.choice(candidates[:subset])
            candidates.remove(pick)
            state = pick.obj
            if uuid is None:
                return state, weighed
            if self.placement.claim_resources(
                    uuid, state.allocation_request, spec_obj.project_id,
                    spec_obj.user_id, new_consumer=new_instances):
                return state, weighed
            LOG.info('Claim of %s on %s refused by placement; trying the '
                     'next host', uuid, state.host)
            weighed = [w for w in weighed if w is not pick]
        raise exception.NoValidHost(
            reason='placement refused the claims on all %d host(s) that '
                   'passed the filters.' % len(remaining))
