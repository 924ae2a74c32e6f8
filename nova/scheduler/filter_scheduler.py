"""Host selection: placement candidates -> filters -> weighers -> claims.

For each request:

1. Ask placement for allocation candidates for the flavor's resources.
2. Turn the candidate providers into HostStates (host manager).
3. For each instance: run the enabled filters, weigh the survivors, pick
   at random among the best ``host_subset_size``, claim the allocation
   request in placement (a refused claim moves on to the next host),
   account the instance on the host, then choose up to max_attempts - 1
   alternates in the same cell.
4. On failure, release what this request already claimed and raise
   NoValidHost naming the filter that removed the last hosts.
"""

import random

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

# Filters whose result depends on instances running on the hosts.
_NEEDS_INSTANCES = ('SameHostFilter', 'DifferentHostFilter')


class FilterScheduler(object):

    def __init__(self, report_client=None, host_manager=None):
        self.placement = report_client or report.SchedulerReportClient()
        self.host_manager = host_manager or host_manager_mod.HostManager()

    # -- configuration -----------------------------------------------------

    def enabled_filters(self):
        available = filters_mod.all_filters()
        result = []
        for name in CONF.filter_scheduler.enabled_filters:
            cls = available.get(name)
            if cls is None:
                LOG.warning('Unknown scheduler filter %s ignored', name)
                continue
            result.append(cls())
        return result

    def weighers(self):
        available = weights_mod.all_weighers()
        names = CONF.filter_scheduler.weight_classes
        if any(n.endswith('all_weighers') for n in names):
            return [cls() for cls in available.values()]
        return [available[n.rsplit('.', 1)[-1]]()
                for n in names if n.rsplit('.', 1)[-1] in available]

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
        requests, summaries = self.placement.get_allocation_candidates(
            resources)
        if not requests:
            raise exception.NoValidHost(
                reason='There are no allocation candidates for %s.'
                       % report.resources_string(resources))
        by_rp = {}
        for req in requests:
            rp_uuid = report.single_provider(req)
            if rp_uuid is not None:
                by_rp.setdefault(rp_uuid, req)
        states = self.host_manager.get_host_states_by_uuids(
            ctxt, list(by_rp), summaries)
        for state in states:
            state.allocation_request = by_rp[state.uuid]
        self._prepare_group(ctxt, spec_obj)
        filters = [compute_filters.IgnoreForceHostsFilter()] + \
            self.enabled_filters()
        if any(f.__class__.__name__ in _NEEDS_INSTANCES for f in filters):
            self.host_manager.load_instances(ctxt, states)
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
                alternates = [w.obj for w in weighed
                              if w.obj is not chosen and
                              w.obj.cell_uuid == chosen.cell_uuid]
                host_list = [utils.selection(chosen,
                                             chosen.allocation_request)]
                for alt in alternates[:max_alternates]:
                    host_list.append(utils.selection(
                        alt, alt.allocation_request))
                results.append(host_list)
        except exception.NoValidHost:
            for uuid in claimed:
                if uuid:
                    self.placement.delete_allocation_for_instance(uuid)
            raise
        return results

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
