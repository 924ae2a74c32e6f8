"""The placement client against the real placement WSGI app (in-process,
served over HTTP on a local port), reached through keystoneauth1 with
``auth_type = admin_token``."""

import threading
from wsgiref import simple_server

import pytest

import nova.conf
from nova import objects
from nova.scheduler.client import report
from nova.tests.unit.placement import fixtures as placement_fixtures

CONF = nova.conf.CONF
objects.register_all()

RP = '11111111-2222-3333-4444-555555555555'
CONSUMER = '99999999-2222-3333-4444-555555555555'


class _Quiet(simple_server.WSGIRequestHandler):
    def log_message(self, *args):
        pass


class _CountingAdapter(object):
    """Wraps the keystoneauth1 adapter and counts requests by method."""

    def __init__(self, inner):
        self.inner = inner
        self.calls = []

    def request(self, url, method, **kwargs):
        self.calls.append((method, url.split('?')[0]))
        return self.inner.request(url, method, **kwargs)


@pytest.fixture
def placement():
    env = placement_fixtures.PlacementEnvironment()
    server = simple_server.make_server('127.0.0.1', 0, env.app,
                                       handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    from keystoneauth1 import loading as ks_loading
    ks_loading.register_auth_conf_options(CONF, 'placement')
    CONF.set_override('auth_type', 'admin_token', group='placement')
    CONF.register_opts(ks_loading.get_auth_plugin_conf_options(
        'admin_token'), group='placement')
    CONF.set_override('endpoint', 'http://127.0.0.1:%d'
                      % server.server_address[1], group='placement')
    CONF.set_override('token', 'admin', group='placement')
    try:
        client = report.SchedulerReportClient()
        client._adapter = _CountingAdapter(client._client())
        yield client
    finally:
        server.shutdown()
        for name in ('auth_type', 'endpoint', 'token'):
            CONF.clear_override(name, group='placement')
        env.close()


def _node(vcpus=8, ram=4096, disk=100):
    return objects.ComputeNode(uuid=RP, hypervisor_hostname='node1',
                               vcpus=vcpus, memory_mb=ram, local_gb=disk)


def test_inventory_reported_once_then_free(placement):
    assert placement.update_compute_node(_node()) is True
    inv = placement.get('/resource_providers/%s/inventories' % RP).json()
    assert inv['inventories']['VCPU']['allocation_ratio'] == 16.0
    assert inv['inventories']['MEMORY_MB']['reserved'] == \
        CONF.reserved_host_memory_mb
    assert inv['inventories']['MEMORY_MB']['allocation_ratio'] == 1.5
    placement._adapter.calls.clear()
    # An unchanged node costs nothing, however often it is reported.
    for _ in range(5):
        assert placement.update_compute_node(_node()) is False
    assert placement._adapter.calls == []
    # A change costs one PUT.
    assert placement.update_compute_node(_node(vcpus=16)) is True
    assert placement._adapter.calls == [
        ('PUT', '/resource_providers/%s/inventories' % RP)]


def test_generation_conflict_is_retried(placement):
    placement.update_compute_node(_node())
    # Someone else bumps the generation behind the client's back.
    other = report.SchedulerReportClient(adapter=placement._adapter.inner)
    other.set_inventory(RP, 'node1', report.compute_node_inventory(
        _node(vcpus=4)))
    assert placement.update_compute_node(_node(vcpus=32)) is True
    inv = placement.get('/resource_providers/%s/inventories' % RP).json()
    assert inv['inventories']['VCPU']['total'] == 32


def test_candidates_claim_move_and_delete(placement):
    placement.update_compute_node(_node())
    requests_, summaries = placement.get_allocation_candidates(
        {'VCPU': 2, 'MEMORY_MB': 512, 'DISK_GB': 10})
    assert len(requests_) == 1 and RP in summaries
    assert placement.claim_resources(CONSUMER, requests_[0], 'p', 'u')
    assert placement.get_allocations_for_consumer(CONSUMER) == {
        RP: {'VCPU': 2, 'MEMORY_MB': 512, 'DISK_GB': 10}}
    # Too big for what is left: no candidates, claim refused.
    assert placement.get_allocation_candidates(
        {'MEMORY_MB': 10 ** 6})[0] == []
    assert placement.set_allocations(
        CONSUMER, {RP: {'MEMORY_MB': 10 ** 6}}, 'p', 'u') is False
    assert placement.delete_allocation_for_instance(CONSUMER)
    assert placement.get_allocations_for_consumer(CONSUMER) == {}
    usages = placement.get_provider_usages(RP)
    assert not any(usages.values())


def test_resources_string_order():
    assert report.resources_string(
        {'DISK_GB': 1, 'MEMORY_MB': 512, 'VCPU': 1}) == \
        'VCPU:1,MEMORY_MB:512,DISK_GB:1'


class _ConflictOnce(object):
    """A response placement gives when another claim moved a provider's
    generation between its read and its write."""
    status_code = 409

    def __init__(self, rp):
        from nova.api.openstack.placement import exception as p_exc
        self.text = p_exc.ConcurrentUpdateDetected.msg_fmt % {'uuid': rp}

    def json(self):
        return {'errors': [{'status': 409, 'title': 'Conflict',
                            'detail': self.text}]}


def test_allocation_generation_conflict_is_retried(placement):
    """Concurrent claims on one host: the loser retries instead of calling
    the host full (which ended in NoValidHost under load)."""
    placement.update_compute_node(_node())
    requests_, _summaries = placement.get_allocation_candidates(
        {'VCPU': 1, 'MEMORY_MB': 64, 'DISK_GB': 1})
    adapter = placement._adapter
    original = adapter.request
    conflicts = []

    def request(url, method, **kwargs):
        if method == 'PUT' and url.startswith('/allocations/') and \
                not conflicts:
            conflicts.append(url)
            return _ConflictOnce(RP)
        return original(url, method, **kwargs)

    adapter.request = request
    assert placement.claim_resources(CONSUMER, requests_[0], 'p', 'u')
    assert len(conflicts) == 1
    assert placement.get_allocations_for_consumer(CONSUMER) == {
        RP: {'VCPU': 1, 'MEMORY_MB': 64, 'DISK_GB': 1}}


def test_claim_for_a_new_consumer_is_one_put(placement):
    """A first build's claim writes without reading the consumer's
    allocations (it holds none); a move's claim still adds to them."""
    placement.update_compute_node(_node())
    requests_, _summaries = placement.get_allocation_candidates(
        {'VCPU': 1, 'MEMORY_MB': 64, 'DISK_GB': 1})
    placement._adapter.calls.clear()
    assert placement.claim_resources(CONSUMER, requests_[0], 'p', 'u',
                                     new_consumer=True)
    assert placement._adapter.calls == [('PUT', '/allocations/%s'
                                         % CONSUMER)]
    placement._adapter.calls.clear()
    assert placement.claim_resources(CONSUMER, requests_[0], 'p', 'u')
    assert [c[0] for c in placement._adapter.calls] == ['GET', 'PUT']
    assert placement.get_allocations_for_consumer(CONSUMER) == {
        RP: {'VCPU': 2, 'MEMORY_MB': 128, 'DISK_GB': 2}}


class _DropFirst(_Quiet):
    """Closes the first connection after reading the request, without an
    answer: what a client sees when the server timed out an idle
    keep-alive connection just as it was reused."""
    dropped = []

    def handle(self):
        if not self.dropped:
            self.dropped.append(self.rfile.readline())
            self.close_connection = True
            return
        super().handle()


def test_connection_closed_without_response_is_retried(placement):
    env = placement_fixtures.PlacementEnvironment()
    _DropFirst.dropped = []
    server = simple_server.make_server('127.0.0.1', 0, env.app,
                                       handler_class=_DropFirst)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    CONF.set_override('endpoint', 'http://127.0.0.1:%d'
                      % server.server_address[1], group='placement')
    try:
        client = report.SchedulerReportClient()
        assert client.update_compute_node(_node()) is True
        assert len(_DropFirst.dropped) == 1
    finally:
        server.shutdown()
        env.close()


def test_candidates_are_limited_to_max_placement_results(placement):
    """The scheduler asks placement (1.16) for at most
    ``[scheduler] max_placement_results`` candidates, in 1.12's dict form,
    and claims one of them as it came."""
    for index in range(3):
        placement.update_compute_node(objects.ComputeNode(
            uuid='00000000-0000-0000-0000-00000000000%d' % (index + 1),
            hypervisor_hostname='node%d' % index, vcpus=8, memory_mb=4096,
            local_gb=100))
    CONF.set_override('max_placement_results', 2, group='scheduler')
    try:
        requests_, summaries = placement.get_allocation_candidates(
            {'VCPU': 1, 'MEMORY_MB': 64, 'DISK_GB': 1})
    finally:
        CONF.clear_override('max_placement_results', group='scheduler')
    assert len(requests_) == 2 and len(summaries) == 2
    assert all(isinstance(r['allocations'], dict) for r in requests_)
    chosen = report.request_to_dict(requests_[1])
    assert placement.claim_resources(CONSUMER, requests_[1], 'p', 'u',
                                     new_consumer=True)
    assert placement.get_allocations_for_consumer(CONSUMER) == chosen
