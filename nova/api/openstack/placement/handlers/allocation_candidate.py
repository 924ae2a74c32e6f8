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
JSON encoder and spliced in beside each provider's (encoded) uuid, rather
than having the encoder walk a thousand nested dicts.
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
        found = candidates.find(session, wanted,
                                limit=None if randomize else limit)
    if randomize:
        random.shuffle(found)
        if limit is not None:
            del found[limit:]
    # wanted preserves the order of amounts (dicts keep insertion order).
    names = dict(zip(wanted, amounts))
    resources = json.dumps({'resources': dict(amounts)})
    # Each allocation request is head + the provider's uuid + tail.
    if version >= '1.12':
        head, tail = '{"allocations": {', ': %s}}' % resources
    else:
        head = '{"allocations": [{"resource_provider": {"uuid": '
        tail = '}, %s}]}' % resources[1:-1]
    # find() hands identical providers the same summary object: encode
    # each distinct one once.
    encoded = {}
    requests = []
    summaries = []
    for uuid, per_class in found:
        summary = encoded.get(id(per_class))
        if summary is None:
            summary = encoded[id(per_class)] = json.dumps({'resources': {
                names[class_id]: {'capacity': capacity, 'used': used}
                for class_id, (capacity, used) in per_class.items()}})
        uuid = _quoted(uuid)
        requests.append(head + uuid + tail)
        summaries.append('%s: %s' % (uuid, summary))
    return util.json_text_response(
        '{"allocation_requests": [%s], "provider_summaries": {%s}}'
        % (', '.join(requests), ', '.join(summaries)))
