"""GET /allocation_candidates?resources=VCPU:1,MEMORY_MB:512 (1.10+).

From 1.12 each allocation request is a dict keyed by provider uuid (the
form PUT /allocations takes from 1.12); from 1.16 ``limit=N`` returns at
most N candidates: the first N by provider, or a random N when
``[placement] randomize_allocation_candidates`` is set, and only their
summaries.

The scheduler asks for a thousand candidates per request, and most of a
response repeats: every allocation request names the same resources, and
providers built alike have the same summary.  So the body is written as
text: the resources and each distinct summary are encoded once by the
JSON encoder and spliced in beside each provider's (encoded) uuid, by
joins and maps over the candidates' columns, rather than having the
encoder walk a thousand nested dicts or Python format each candidate.
"""

import json
import random

import nova.conf
from nova.api.openstack.placement import errors
from nova.api.openstack.placement.handlers import common
from nova.api.openstack.placement import microversion
from nova.api.openstack.placement.objects import candidates
from nova.api.openstack.placement.schemas import allocation_candidate as sch
from nova.api.openstack.placement import util
from nova.db import engine

CONF = nova.conf.CONF

_quoted = json.encoder.encode_basestring_ascii


@microversion.since('1.10')
@errors.expects()
def list_allocation_candidates(req):
    version = util.version(req)
    params = util.query(req, sch.QUERY_1_16 if version >= '1.16'
                        else sch.QUERY)
    amounts = common.parse_resources(params['resources'])
    limit = int(params['limit']) if 'limit' in params else None
    randomize = CONF.placement.randomize_allocation_candidates
    with engine.api_session() as session:
        wanted = common.resource_ids(session, amounts)
        # A random sample needs every candidate; the first N only N.
        found = candidates.find_columns(session, wanted,
                                        limit=None if randomize else limit)
    uuids, kind_of = found.uuids, found.kind_of
    if randomize:
        order = list(range(len(uuids)))
        random.shuffle(order)
        if limit is not None:
            del order[limit:]
        uuids = list(map(uuids.__getitem__, order))
        kind_of = list(map(kind_of.__getitem__, order))
    quoted = list(map(_quoted, uuids))
    # wanted preserves the order of amounts (dicts keep insertion order).
    names = dict(zip(wanted, amounts))
    resources = json.dumps({'resources': dict(amounts)})
    # Each allocation request is head + the provider's uuid + tail, and
    # each summary the provider's uuid + its kind's (encoded once).
    if version >= '1.12':
        head, tail = '{"allocations": {', ': %s}}' % resources
    else:
        head = '{"allocations": [{"resource_provider": {"uuid": '
        tail = '}, %s}]}' % resources[1:-1]
    kinds = [': ' + json.dumps({'resources': {
        names[class_id]: {'capacity': capacity, 'used': used}
        for class_id, (capacity, used) in summary.items()}})
        for summary in found.summaries]
    requests = (head + (tail + ', ' + head).join(quoted) + tail
                if quoted else '')
    summaries = ', '.join(map(str.__add__, quoted,
                              map(kinds.__getitem__, kind_of)))
    return util.json_text_response(
        '{"allocation_requests": [%s], "provider_summaries": {%s}}'
        % (requests, summaries))
