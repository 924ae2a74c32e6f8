"""The placement client: resource providers, inventories, allocations.

Every call is HTTP through a keystoneauth1 adapter built from
``[placement]`` (``auth_type = admin_token`` with ``endpoint`` and ``token``
when there is no Keystone).  Requests speak placement microversion 1.10.

Periodic reporting is cheap by design: the client caches each provider's
generation and last inventory, so an unchanged compute node costs no
placement call at all, and a changed one costs one PUT (plus one GET per
generation conflict).  The provider is re-read only every
``[compute] resource_provider_association_refresh`` seconds.

Moves use *doubled allocations* (as Pike did): while a resize, cold
migration, live migration or evacuation is in flight, the instance (one
consumer) holds resources on both the source and the destination provider.
Confirming keeps only the destination part, reverting only the source
part; ``set_allocations`` writes the final state in one PUT.
"""

import threading
import time

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import loading as ks_loading
import orjson
from oslo_log import log as logging

import nova.conf
from nova import exception
from nova import http_session

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

VERSION = '1.10'
# GET /allocation_candidates with a limit.
CANDIDATES_VERSION = '1.16'
GENERATION_RETRIES = 4
CONFLICT_RETRIES = 3
# Unless [placement] connect_retries says otherwise.
CONNECT_RETRIES = 3
CONNECT_RETRY_DELAY = 0.1

DEFAULT_RATIOS = {'VCPU': 16.0, 'MEMORY_MB': 1.5, 'DISK_GB': 1.0}


def ratio(name):
    """The effective allocation ratio (0.0 in config means the default)."""
    option = {'VCPU': 'cpu_allocation_ratio',
              'MEMORY_MB': 'ram_allocation_ratio',
              'DISK_GB': 'disk_allocation_ratio'}[name]
    return getattr(CONF, option) or DEFAULT_RATIOS[name]


def compute_node_inventory(compute_node):
    """Inventory (placement's shape) of a compute node record."""
    reserved_disk_gb = (CONF.reserved_host_disk_mb + 1023) // 1024
    inventory = {}
    for rc, total, reserved in (
            ('VCPU', compute_node.vcpus, CONF.reserved_host_cpus),
            ('MEMORY_MB', compute_node.memory_mb,
             CONF.reserved_host_memory_mb),
            ('DISK_GB', compute_node.local_gb, reserved_disk_gb)):
        if total <= 0:
            continue
        inventory[rc] = {'total': total, 'reserved': min(reserved, total),
                         'min_unit': 1, 'max_unit': total, 'step_size': 1,
                         'allocation_ratio': ratio(rc)}
    return inventory


def resources_string(resources):
    """``VCPU:1,MEMORY_MB:512,DISK_GB:1`` (stable order)."""
    order = ['VCPU', 'MEMORY_MB', 'DISK_GB']
    keys = sorted(resources, key=lambda k: (order.index(k)
                                            if k in order else 9, k))
    return ','.join('%s:%d' % (k, resources[k]) for k in keys
                    if resources[k])


def _uuid_of(allocation):
    return allocation['resource_provider']['uuid']


def merge_allocations(*parts):
    """{rp_uuid: {rc: amount}} summed over ``parts`` (same shape)."""
    merged = {}
    for part in parts:
        for rp, resources in part.items():
            target = merged.setdefault(rp, {})
            for rc, amount in resources.items():
                target[rc] = target.get(rc, 0) + amount
    return merged


def request_to_dict(allocation_request):
    """An allocation request (1.10 list form) as {rp_uuid: {rc: n}}."""
    allocations = allocation_request['allocations']
    if isinstance(allocations, dict):
        return {rp: dict(v['resources']) for rp, v in allocations.items()}
    return {_uuid_of(a): dict(a['resources']) for a in allocations}


def by_single_provider(allocation_requests):
    """{provider uuid: its first allocation request} of the requests that
    take from one provider (either form; the dict form, placement's from
    1.12 and the one the scheduler asks for, read inline: a thousand
    candidates per request)."""
    by_rp = {}
    for request in allocation_requests:
        allocations = request['allocations']
        if len(allocations) != 1:
            continue
        if isinstance(allocations, dict):
            (rp_uuid,) = allocations
        else:
            rp_uuid = _uuid_of(allocations[0])
        if rp_uuid not in by_rp:
            by_rp[rp_uuid] = request
    return by_rp


class SchedulerReportClient(object):
    """Talks to placement for the scheduler, conductor and compute."""

    def __init__(self, adapter=None):
        self._adapter = adapter
        self._lock = threading.RLock()
        # rp uuid -> {'generation': int, 'inventory': dict, 'read': ts}
        self._providers = {}

    # -- HTTP ------------------------------------------------------------

    def _client(self):
        if self._adapter is None:
            auth = ks_loading.load_auth_from_conf_options(CONF, 'placement')
            session = http_session.load_session_from_conf_options(
                CONF, 'placement', auth=auth)
            retries = {}
            if getattr(CONF.placement, 'connect_retries', None) is None:
                # An idle keep-alive connection that placement's server
                # closed just as it is reused ends in "Remote end closed
                # connection without response": send again rather than
                # fail a boot.  Placement's writes are idempotent (PUT
                # replaces a consumer's allocations, DELETE of a gone one
                # is 404, a duplicate provider POST is 409).
                retries = {'connect_retries': CONNECT_RETRIES,
                           'connect_retry_delay': CONNECT_RETRY_DELAY}
            self._adapter = ks_loading.load_adapter_from_conf_options(
                CONF, 'placement', session=session, auth=auth, **retries)
        return self._adapter

    def _request(self, method, url, body=None, global_request_id=None,
                 version=VERSION):
        headers = {'OpenStack-API-Version': 'placement %s' % version,
                   'Accept': 'application/json'}
        if global_request_id:
            headers['X-OpenStack-Request-ID'] = global_request_id
        kwargs = {'headers': headers, 'raise_exc': False}
        if body is not None:
            kwargs['json'] = body
        try:
            return self._client().request(url, method, **kwargs)
        except (ks_exc.EndpointNotFound, ks_exc.MissingAuthPlugin,
                ks_exc.Unauthorized, ks_exc.DiscoveryFailure,
                ks_exc.ConnectFailure, ks_exc.ConnectionError,
                ks_exc.RequestTimeout) as e:
            raise exception.PlacementAPIConnectFailure(reason=str(e))

    def get(self, url, version=VERSION):
        return self._request('GET', url, version=version)

    def put(self, url, body):
        return self._request('PUT', url, body)

    def post(self, url, body):
        return self._request('POST', url, body)

    def delete(self, url):
        return self._request('DELETE', url)

    @staticmethod
    def _error(resp):
        try:
            errors = resp.json().get('errors') or []
            return '; '.join(e.get('detail') or e.get('title', '')
                             for e in errors) or resp.text
        except ValueError:
            return resp.text

    # -- providers and inventory -----------------------------------------

    def _read_provider(self, rp_uuid):
        resp = self.get('/resource_providers/%s' % rp_uuid)
        if resp.status_code == 404:
            return None
        if resp.status_code != 200:
            raise exception.PlacementAPIConnectFailure(
                reason='GET provider %s: %s %s' % (
                    rp_uuid, resp.status_code, self._error(resp)))
        return resp.json()

    def _read_inventory(self, rp_uuid):
        resp = self.get('/resource_providers/%s/inventories' % rp_uuid)
        if resp.status_code != 200:
            raise exception.PlacementAPIConnectFailure(
                reason='GET inventory of %s: %s' % (rp_uuid,
                                                    resp.status_code))
        body = resp.json()
        return body['resource_provider_generation'], body['inventories']

    def ensure_resource_provider(self, rp_uuid, name):
        """Make sure provider ``rp_uuid`` exists; cached afterwards."""
        with self._lock:
            cached = self._providers.get(rp_uuid)
            refresh = CONF.compute.resource_provider_association_refresh
            if cached is not None and (
                    refresh <= 0 or
                    time.monotonic() - cached['read'] < refresh):
                return cached
            provider = self._read_provider(rp_uuid)
            if provider is None:
                resp = self.post('/resource_providers',
                                 {'uuid': rp_uuid, 'name': name})
                if resp.status_code not in (201, 409):
                    raise exception.ResourceProviderCreationFailed(
                        name=name)
                provider = self._read_provider(rp_uuid)
                if provider is None:
                    raise exception.ResourceProviderCreationFailed(
                        name=name)
                LOG.info('Created resource provider %(name)s (%(uuid)s)',
                         {'name': name, 'uuid': rp_uuid})
                inventory = {}
            else:
                _gen, inventory = self._read_inventory(rp_uuid)
            entry = {'generation': provider['generation'],
                     'inventory': inventory, 'read': time.monotonic()}
            self._providers[rp_uuid] = entry
            return entry

    def set_inventory(self, rp_uuid, name, inventory):
        """Make the provider's inventory ``inventory``; no call when the
        cached copy already matches.  Returns True when a PUT was made."""
        with self._lock:
            entry = self.ensure_resource_provider(rp_uuid, name)
            if _same_inventory(entry['inventory'], inventory):
                return False
            for _attempt in range(GENERATION_RETRIES):
                resp = self.put(
                    '/resource_providers/%s/inventories' % rp_uuid,
                    {'resource_provider_generation': entry['generation'],
                     'inventories': inventory})
                if resp.status_code == 200:
                    body = resp.json()
                    entry['generation'] = body[
                        'resource_provider_generation']
                    entry['inventory'] = body['inventories']
                    return True
                if resp.status_code == 409:
                    # Someone else changed the provider (allocations bump
                    # the generation too): refresh and try again.
                    LOG.debug('Generation conflict on %s: %s', rp_uuid,
                              self._error(resp))
                    gen, current = self._read_inventory(rp_uuid)
                    entry['generation'] = gen
                    entry['inventory'] = current
                    if _same_inventory(current, inventory):
                        return False
                    continue
                raise exception.ResourceProviderUpdateConflict(
                    uuid=rp_uuid, generation=entry['generation'],
                    error='%s %s' % (resp.status_code, self._error(resp)))
            raise exception.ResourceProviderUpdateConflict(
                uuid=rp_uuid, generation=entry['generation'],
                error='gave up after %d generation conflicts'
                      % GENERATION_RETRIES)

    def update_compute_node(self, compute_node):
        """Report a compute node's inventory (provider uuid = node uuid,
        name = hypervisor_hostname)."""
        return self.set_inventory(compute_node.uuid,
                                  compute_node.hypervisor_hostname,
                                  compute_node_inventory(compute_node))

    def invalidate(self, rp_uuid=None):
        with self._lock:
            if rp_uuid is None:
                self._providers.clear()
            else:
                self._providers.pop(rp_uuid, None)

    def delete_resource_provider(self, rp_uuid):
        resp = self.delete('/resource_providers/%s' % rp_uuid)
        self.invalidate(rp_uuid)
        return resp.status_code in (204, 404)

    def get_provider_usages(self, rp_uuid):
        resp = self.get('/resource_providers/%s/usages' % rp_uuid)
        if resp.status_code != 200:
            return None
        return resp.json()['usages']

    # -- candidates and allocations --------------------------------------

    def get_allocation_candidates(self, resources):
        """(allocation_requests, provider_summaries) for ``resources``
        ({rc: amount}); ([], {}) when placement has none.

        At most ``[scheduler] max_placement_results`` candidates are asked
        for (placement 1.16), so a large cloud does not send every
        provider; the requests come in 1.12's dict form, which
        :func:`request_to_dict` reads like the list form.
        """
        query = '%s&limit=%d' % (resources_string(resources),
                                 CONF.scheduler.max_placement_results)
        resp = self.get('/allocation_candidates?resources=%s' % query,
                        version=CANDIDATES_VERSION)
        if resp.status_code != 200:
            LOG.error('GET /allocation_candidates?resources=%s failed: '
                      '%s %s', query, resp.status_code, self._error(resp))
            return [], {}
        # A thousand candidates are ~300 kB of JSON: orjson decodes them
        # in half the time of the json module (requests' resp.json()).
        body = orjson.loads(resp.content)
        return (body.get('allocation_requests') or [],
                body.get('provider_summaries') or {})

    def get_allocations_for_consumer(self, consumer_uuid):
        """{rp_uuid: {rc: amount}} of ``consumer_uuid`` ({} if none)."""
        resp = self.get('/allocations/%s' % consumer_uuid)
        if resp.status_code != 200:
            return {}
        return {rp: dict(v['resources'])
                for rp, v in resp.json().get('allocations', {}).items()}

    def set_allocations(self, consumer_uuid, allocations, project_id,
                        user_id):
        """Replace the consumer's allocations with ``allocations``
        ({rp_uuid: {rc: amount}}).  Returns False when placement refuses
        (not enough capacity), True on success.  Retries concurrent-update
        conflicts."""
        if not allocations:
            return self.delete_allocation_for_instance(consumer_uuid)
        body = {'allocations': [
            {'resource_provider': {'uuid': rp},
             'resources': {rc: n for rc, n in res.items() if n}}
            for rp, res in sorted(allocations.items())],
            'project_id': project_id, 'user_id': user_id}
        for _attempt in range(CONFLICT_RETRIES):
            resp = self.put('/allocations/%s' % consumer_uuid, body)
            if resp.status_code == 204:
                return True
            error = self._error(resp)
            if resp.status_code == 409 and _concurrent_update(resp, error):
                continue
            LOG.warning('Unable to write allocations of %(consumer)s: '
                        '%(status)s %(error)s',
                        {'consumer': consumer_uuid,
                         'status': resp.status_code, 'error': error})
            return False
        return False

    def claim_resources(self, consumer_uuid, allocation_request, project_id,
                        user_id, new_consumer=False):
        """Claim an allocation request from allocation candidates.  When
        the consumer already holds allocations (a move), the new ones are
        added to them: the doubled allocation of an in-flight move.  With
        ``new_consumer`` (a first build) there is nothing to add to and
        the consumer's allocations are not read."""
        wanted = request_to_dict(allocation_request)
        current = ({} if new_consumer else
                   self.get_allocations_for_consumer(consumer_uuid))
        if current:
            wanted = merge_allocations(current, wanted)
        return self.set_allocations(consumer_uuid, wanted, project_id,
                                    user_id)

    def remove_provider_from_consumer(self, consumer_uuid, rp_uuid,
                                      project_id, user_id,
                                      keep_resources=None):
        """Drop ``rp_uuid``'s part of the consumer's allocations (the
        source of a confirmed move, or the destination of a revert).  With
        ``keep_resources`` the provider keeps exactly those instead."""
        current = self.get_allocations_for_consumer(consumer_uuid)
        if rp_uuid not in current and keep_resources is None:
            return True
        current.pop(rp_uuid, None)
        if keep_resources:
            current[rp_uuid] = dict(keep_resources)
        return self.set_allocations(consumer_uuid, current, project_id,
                                    user_id)

    def delete_allocation_for_instance(self, consumer_uuid):
        resp = self.delete('/allocations/%s' % consumer_uuid)
        if resp.status_code in (204, 404):
            return True
        LOG.warning('Unable to delete allocations of %(consumer)s: '
                    '%(status)s %(error)s',
                    {'consumer': consumer_uuid, 'status': resp.status_code,
                     'error': self._error(resp)})
        return False


def _concurrent_update(resp, error):
    """A 409 that only says another writer changed a provider first (its
    generation moved): the same write may well succeed when retried, as
    opposed to a lack of capacity."""
    try:
        codes = [e.get('code') for e in resp.json().get('errors') or []]
    except (ValueError, AttributeError):
        codes = []
    if 'placement.concurrent_update' in codes:
        return True
    text = error.lower()
    return 'concurrent' in text or 'generation conflict' in text


def _same_inventory(current, wanted):
    if set(current) != set(wanted):
        return False
    for rc, values in wanted.items():
        have = current[rc]
        for key, value in values.items():
            if key not in have:
                return False
            if key == 'allocation_ratio':
                if abs(float(have[key]) - float(value)) > 1e-6:
                    return False
            elif have[key] != value:
                return False
    return True
