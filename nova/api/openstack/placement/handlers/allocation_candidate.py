"""GET /allocation_candidates?resources=VCPU:1,MEMORY_MB:512 (1.10+)."""

import random

import nova.conf
from nova.api.openstack.placement import errors
from nova.api.openstack.placement.handlers import common
from nova.api.openstack.placement import microversion
from nova.api.openstack.placement.objects import candidates
from nova.api.openstack.placement.objects import tables
from nova.api.openstack.placement.schemas import allocation_candidate as sch
from nova.api.openstack.placement import util
from nova.db import engine

CONF = nova.conf.CONF


@microversion.since('1.10')
@errors.expects()
def list_allocation_candidates(req):
    params = util.query(req, sch.QUERY)
    amounts = common.parse_resources(params['resources'])
    with engine.api_session() as session:
        wanted = common.resource_ids(session, amounts)
        found = candidates.find(session, wanted)
    if CONF.placement.randomize_allocation_candidates:
        random.shuffle(found)
    # wanted preserves the order of amounts (dicts keep insertion order).
    names = dict(zip(wanted, amounts))
    resources = dict(amounts)
    requests = []
    summaries = {}
    # find() hands identical providers the same summary object, so each
    # distinct summary is rendered once and shared by the JSON encoder.
    rendered = {}
    for uuid, per_class in found:
        requests.append({'allocations': [{
            'resource_provider': {'uuid': uuid}, 'resources': resources}]})
        summary = rendered.get(id(per_class))
        if summary is None:
            summary = rendered[id(per_class)] = {'resources': {
                names[class_id]: {
                    'capacity': tables.capacity(total, reserved, ratio),
                    'used': used}
                for class_id, (total, reserved, ratio, used)
                in per_class.items()}}
        summaries[uuid] = summary
    return util.json_response({'allocation_requests': requests,
                               'provider_summaries': summaries})
