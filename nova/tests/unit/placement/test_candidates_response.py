"""GET /allocation_candidates as the scheduler reads it: every candidate's
allocation request and summary, built from columns (see the handler),
in provider order or, with ``[placement]
randomize_allocation_candidates``, a random sample of the fitting ones."""

import uuid

import pytest

import nova.conf
from nova.tests.unit.placement import fixtures

CONF = nova.conf.CONF
# (VCPU total, MEMORY_MB total): four kinds, so the summaries come from
# several result rows that the handler has to put back in order.
KINDS = [(8, 4096), (4, 2048), (8, 4096), (2, 1024), (4, 2048), (8, 4096),
         (1, 512)]


def _call(app, method, url, body=None, version='1.16'):
    resp = fixtures.call(app, method, url, body, version)
    assert resp.status_int < 300, resp.text
    return resp


@pytest.fixture
def cloud():
    env = fixtures.PlacementEnvironment()
    providers = []
    for index, (vcpus, ram) in enumerate(KINDS):
        rp = str(uuid.uuid4())
        _call(env.app, 'POST', '/resource_providers',
              {'name': 'rp%d' % index, 'uuid': rp})
        _call(env.app, 'PUT', '/resource_providers/%s/inventories' % rp,
              {'resource_provider_generation': 0, 'inventories': {
                  'VCPU': {'total': vcpus, 'allocation_ratio': 1.0},
                  'MEMORY_MB': {'total': ram, 'allocation_ratio': 1.0}}})
        providers.append(rp)
    # One VCPU used on the fourth: its figures differ from the others'.
    _call(env.app, 'PUT', '/allocations/%s' % uuid.uuid4(),
          {'allocations': {providers[3]: {'resources': {'VCPU': 1}}},
           'project_id': 'p', 'user_id': 'u'}, version='1.12')
    try:
        yield env.app, providers
    finally:
        CONF.clear_override('randomize_allocation_candidates',
                            group='placement')
        env.close()


def _candidates(app, query, version='1.16'):
    body = _call(app, 'GET', '/allocation_candidates?' + query,
                 version=version).json
    if version >= '1.12':
        order = [next(iter(r['allocations']))
                 for r in body['allocation_requests']]
    else:
        order = [r['allocations'][0]['resource_provider']['uuid']
                 for r in body['allocation_requests']]
    return order, body


def _expected_summary(index, classes=('VCPU', 'MEMORY_MB')):
    """The summary of the index-th provider: the requested classes only
    (before 1.27)."""
    vcpus, ram = KINDS[index]
    figures = {'VCPU': {'capacity': vcpus, 'used': 1 if index == 3 else 0},
               'MEMORY_MB': {'capacity': ram, 'used': 0}}
    return {'resources': {name: figures[name] for name in classes}}


def test_every_candidate_in_provider_order_with_its_own_summary(cloud):
    app, providers = cloud
    order, body = _candidates(app, 'resources=VCPU:1,MEMORY_MB:512')
    assert order == providers
    assert list(body['provider_summaries']) == providers
    for index, rp in enumerate(providers):
        assert body['provider_summaries'][rp] == _expected_summary(index)
        assert body['allocation_requests'][index] == {'allocations': {
            rp: {'resources': {'VCPU': 1, 'MEMORY_MB': 512}}}}
    # Two VCPU: neither the fourth (one used of two) nor the last.
    order, body = _candidates(app, 'resources=VCPU:2&limit=3')
    assert order == [providers[0], providers[1], providers[2]]
    order, _body = _candidates(app, 'resources=VCPU:2')
    assert order == [rp for index, rp in enumerate(providers)
                     if index not in (3, 6)]


def test_the_list_form_before_1_12(cloud):
    app, providers = cloud
    order, body = _candidates(app, 'resources=VCPU:4', version='1.11')
    assert order == [providers[i] for i in (0, 1, 2, 4, 5)]
    assert body['allocation_requests'][1] == {'allocations': [{
        'resource_provider': {'uuid': providers[1]},
        'resources': {'VCPU': 4}}]}


def test_no_candidate_is_an_empty_answer(cloud):
    app, _providers = cloud
    order, body = _candidates(app, 'resources=VCPU:9')
    assert order == []
    assert body == {'allocation_requests': [], 'provider_summaries': {}}


def test_randomized_candidates_are_a_sample_of_the_fitting_ones(cloud):
    app, providers = cloud
    CONF.set_override('randomize_allocation_candidates', True,
                      group='placement')
    fitting = [rp for index, rp in enumerate(providers) if index not in
               (3, 6)]
    seen = set()
    for _attempt in range(20):
        order, body = _candidates(app, 'resources=VCPU:2&limit=3')
        assert len(set(order)) == 3 and set(order) <= set(fitting)
        assert set(body['provider_summaries']) == set(order)
        for rp in order:
            assert (body['provider_summaries'][rp] ==
                    _expected_summary(providers.index(rp), ['VCPU']))
        seen.update(order)
        # Without a limit: every fitting provider, in some order.
        order, body = _candidates(app, 'resources=VCPU:2')
        assert sorted(order) == sorted(fitting)
        assert set(body['provider_summaries']) == set(fitting)
    # Twenty samples of three out of five reach beyond the first three.
    assert seen == set(fitting)
