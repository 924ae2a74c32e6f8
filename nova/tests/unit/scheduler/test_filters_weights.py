"""Host filters and weighers on hand-made HostStates."""

import pytest

import nova.conf
from nova import objects
from nova.scheduler import filters
from nova.scheduler.filters import affinity_filter
from nova.scheduler.filters import aggregate_filters
from nova.scheduler.filters import compute_filters
from nova.scheduler.filters import image_props_filter
from nova.scheduler.filters import resource_filters
from nova.scheduler import host_manager
from nova.scheduler import weights
from nova.scheduler.weights import affinity as affinity_weights
from nova.scheduler.weights import resources as resource_weights

CONF = nova.conf.CONF
objects.register_all()


def _flavor(ram=512, vcpus=1, root=1, extra_specs=None):
    return objects.Flavor(id=1, flavorid='f1', name='f', memory_mb=ram,
                          vcpus=vcpus, root_gb=root, ephemeral_gb=0,
                          swap=0, extra_specs=extra_specs or {})


def _spec(**kwargs):
    flavor = kwargs.pop('flavor', _flavor())
    spec = objects.RequestSpec(flavor=flavor, project_id='p', user_id='u',
                               num_instances=1)
    for key, value in kwargs.items():
        setattr(spec, key, value)
    return spec


def _host(name='h1', free_ram=4096, free_disk_gb=100, vcpus=8,
          vcpus_used=0, aggregates=(), up=True, disabled=False, io_ops=0):
    state = host_manager.HostState(name, name, 'cell')
    state.uuid = name + '-uuid'
    state.free_ram_mb = free_ram
    state.free_disk_mb = free_disk_gb * 1024
    state.vcpus_total = vcpus
    state.vcpus_used = vcpus_used
    state.cpu_allocation_ratio = 1.0
    state.aggregates = list(aggregates)
    state.service = objects.Service(disabled=disabled,
                                    disabled_reason=None)
    state.service_up = up
    state.num_io_ops = io_ops
    state.supported_instances = [('x86_64', 'fake', 'hvm')]
    return state


def _agg(hosts, **metadata):
    return objects.Aggregate(id=1, name='agg', hosts=hosts,
                             metadata=metadata)


def test_all_filters_lists_the_required_ones():
    names = set(filters.all_filters())
    for name in ('ComputeFilter', 'AvailabilityZoneFilter',
                 'ComputeCapabilitiesFilter', 'ImagePropertiesFilter',
                 'ServerGroupAffinityFilter',
                 'ServerGroupAntiAffinityFilter',
                 'AggregateInstanceExtraSpecsFilter', 'SameHostFilter',
                 'DifferentHostFilter', 'RetryFilter', 'RamFilter',
                 'DiskFilter', 'CoreFilter'):
        assert name in names


def test_compute_filter_needs_up_and_enabled():
    f = compute_filters.ComputeFilter()
    assert f.host_passes(_host(), _spec())
    assert not f.host_passes(_host(up=False), _spec())
    assert not f.host_passes(_host(disabled=True), _spec())


def test_compute_filter_reads_the_host_managers_flag_or_the_service():
    f = compute_filters.ComputeFilter()
    up, down, disabled = _host(), _host(up=False), _host(disabled=True)
    # States the host manager did not fill in: the Service decides.
    assert f.filter_all([up, down, disabled], _spec()) == [up]
    # Filled in (as get_host_states_by_uuids does): the same answer.
    for state in (up, down, disabled):
        state.service_disabled = state.service.disabled
    assert f.filter_all([up, down, disabled], _spec()) == [up]


def test_availability_zone_filter():
    f = compute_filters.AvailabilityZoneFilter()
    in_az1 = _host(aggregates=[_agg(['h1'], availability_zone='az1')])
    assert f.host_passes(in_az1, _spec(availability_zone='az1'))
    assert not f.host_passes(in_az1, _spec(availability_zone='nova'))
    assert f.host_passes(_host(), _spec(availability_zone='nova'))
    assert f.host_passes(_host(), _spec())


def test_capabilities_filter():
    f = compute_filters.ComputeCapabilitiesFilter()
    host = _host()
    host.hypervisor_type = 'fake'
    spec = _spec(flavor=_flavor(extra_specs={
        'capabilities:hypervisor_type': 'fake'}))
    assert f.host_passes(host, spec)
    spec = _spec(flavor=_flavor(extra_specs={
        'capabilities:hypervisor_type': 'kvm'}))
    assert not f.host_passes(host, spec)
    spec = _spec(flavor=_flavor(extra_specs={'free_ram_mb': '>= 1024'}))
    assert f.host_passes(host, spec)


def test_image_properties_filter():
    f = image_props_filter.ImagePropertiesFilter()
    host = _host()
    assert f.host_passes(host, _spec(image={}))
    assert f.host_passes(host, _spec(image={'properties': {
        'hw_architecture': 'x86_64'}}))
    assert not f.host_passes(host, _spec(image={'properties': {
        'hw_architecture': 'aarch64'}}))


def test_aggregate_extra_specs_filter():
    f = aggregate_filters.AggregateInstanceExtraSpecsFilter()
    ssd = _host(aggregates=[_agg(['h1'], ssd='true')])
    spec = _spec(flavor=_flavor(extra_specs={
        'aggregate_instance_extra_specs:ssd': 'true'}))
    assert f.host_passes(ssd, spec)
    assert not f.host_passes(_host(), spec)
    assert f.host_passes(_host(), _spec())


def _group(policy, hosts):
    return objects.InstanceGroup(uuid='0' * 8 + '-0000-0000-0000-' +
                                 '0' * 12, policies=[policy], hosts=hosts,
                                 members=[])


def test_server_group_filters():
    anti = affinity_filter.ServerGroupAntiAffinityFilter()
    aff = affinity_filter.ServerGroupAffinityFilter()
    spec = _spec(instance_group=_group('anti-affinity', ['h1']))
    assert not anti.host_passes(_host('h1'), spec)
    assert anti.host_passes(_host('h2'), spec)
    spec = _spec(instance_group=_group('affinity', ['h1']))
    assert aff.host_passes(_host('h1'), spec)
    assert not aff.host_passes(_host('h2'), spec)
    spec = _spec(instance_group=_group('affinity', []))
    assert aff.host_passes(_host('h2'), spec)


def test_same_and_different_host():
    same = affinity_filter.SameHostFilter()
    diff = affinity_filter.DifferentHostFilter()
    host = _host()
    host.instances = {'u1': object()}
    spec = _spec(scheduler_hints={'same_host': ['u1']})
    assert same.host_passes(host, spec)
    assert not same.host_passes(_host('h2'), spec)
    spec = _spec(scheduler_hints={'different_host': ['u1']})
    assert not diff.host_passes(host, spec)
    assert diff.host_passes(_host('h2'), spec)


def test_retry_and_ignore_force():
    retry = compute_filters.RetryFilter()
    spec = _spec(retry={'num_attempts': 1, 'hosts': [['h1', 'h1']]})
    assert not retry.host_passes(_host('h1'), spec)
    assert retry.host_passes(_host('h2'), spec)
    ignore = compute_filters.IgnoreForceHostsFilter()
    assert not ignore.host_passes(_host('h1'), _spec(ignore_hosts=['h1']))
    assert not ignore.host_passes(_host('h1'), _spec(force_hosts=['h2']))
    assert not ignore.host_passes(
        _host('h1'), _spec(requested_destination={'host': 'h2'}))


def test_resource_filters():
    spec = _spec(flavor=_flavor(ram=2048, vcpus=4, root=50))
    assert resource_filters.RamFilter().host_passes(_host(), spec)
    assert not resource_filters.RamFilter().host_passes(
        _host(free_ram=1024), spec)
    assert not resource_filters.DiskFilter().host_passes(
        _host(free_disk_gb=10), spec)
    assert not resource_filters.CoreFilter().host_passes(
        _host(vcpus=8, vcpus_used=6), spec)


@pytest.fixture
def multipliers():
    yield CONF
    for name in ('ram_weight_multiplier', 'io_ops_weight_multiplier'):
        CONF.clear_override(name, group='filter_scheduler')


def test_ram_weigher_spreads_and_stacks(multipliers):
    hosts = [_host('h1', free_ram=1000), _host('h2', free_ram=3000)]
    weighed = weights.weigh([resource_weights.RAMWeigher()], hosts,
                            _spec())
    assert weighed[0].obj.host == 'h2'
    CONF.set_override('ram_weight_multiplier', -1.0,
                      group='filter_scheduler')
    weighed = weights.weigh([resource_weights.RAMWeigher()], hosts,
                            _spec())
    assert weighed[0].obj.host == 'h1'


def test_io_ops_weigher_prefers_idle_hosts(multipliers):
    hosts = [_host('h1', io_ops=5), _host('h2', io_ops=0)]
    weighed = weights.weigh([resource_weights.IoOpsWeigher()], hosts,
                            _spec())
    assert weighed[0].obj.host == 'h2'


def test_soft_group_weighers():
    hosts = [_host('h1'), _host('h2')]
    spec = _spec(instance_group=_group('soft-affinity', ['h2', 'h2']))
    weighed = weights.weigh(
        [affinity_weights.ServerGroupSoftAffinityWeigher()], hosts, spec)
    assert weighed[0].obj.host == 'h2'
    spec = _spec(instance_group=_group('soft-anti-affinity', ['h2']))
    weighed = weights.weigh(
        [affinity_weights.ServerGroupSoftAntiAffinityWeigher()], hosts,
        spec)
    assert weighed[0].obj.host == 'h1'


def test_consume_from_request_updates_the_state():
    host = _host(free_ram=4096)
    host.consume_from_request(_spec(flavor=_flavor(ram=1024, vcpus=2)))
    assert host.free_ram_mb == 3072
    assert host.vcpus_used == 2
    assert host.num_instances == 1


def _odd_hosts():
    """Hosts that a filter asked for something would tell apart."""
    bare = _host('bare', aggregates=[_agg(['bare'], availability_zone='z9',
                                          filter_tenant_id='other')])
    bare.supported_instances = []
    bare.hypervisor_version = 1
    busy = _host('busy', free_ram=0, free_disk_gb=0, vcpus_used=8)
    busy.instances = {'u1': object()}
    return [_host(), bare, busy]


# Requests that ask something of each filter that has a precondition.
_ASKING = {
    'AvailabilityZoneFilter': lambda: _spec(availability_zone='z1'),
    'ComputeCapabilitiesFilter': lambda: _spec(flavor=_flavor(
        extra_specs={'capabilities:hypervisor_type': 'kvm'})),
    'AggregateInstanceExtraSpecsFilter': lambda: _spec(flavor=_flavor(
        extra_specs={'aggregate_instance_extra_specs:ssd': 'true'})),
    'ImagePropertiesFilter': lambda: _spec(image={'properties': {
        'hw_architecture': 'aarch64'}}),
    'RetryFilter': lambda: _spec(retry={'num_attempts': 1,
                                        'hosts': [['h1', 'h1']]}),
    'IgnoreForceHostsFilter': lambda: _spec(ignore_hosts=['h1']),
    'ServerGroupAntiAffinityFilter': lambda: _spec(
        instance_group=_group('anti-affinity', ['h1'])),
    'ServerGroupAffinityFilter': lambda: _spec(
        instance_group=_group('affinity', ['h2'])),
    'SameHostFilter': lambda: _spec(scheduler_hints={'same_host': ['u1']}),
    'DifferentHostFilter': lambda: _spec(
        scheduler_hints={'different_host': ['u1']}),
}


@pytest.mark.parametrize('name', sorted(
    set(filters.all_filters()) | {'IgnoreForceHostsFilter'}))
def test_a_filter_skipped_for_a_request_would_pass_every_host(name):
    """filter_all skips host_passes when applies_to says the request asks
    nothing of the filter: that must be exactly when host_passes would
    pass every host, and a request asking something is not skipped."""
    available = filters.all_filters()
    force = compute_filters.IgnoreForceHostsFilter
    available[force.__name__] = force
    f = available[name]()
    plain = _spec(image={'properties': {}})
    hosts = _odd_hosts()
    if not f.applies_to(plain):
        assert all(f.host_passes(h, plain) for h in hosts)
        assert f.filter_all(hosts, plain) == hosts
    if name in _ASKING:
        asking = _ASKING[name]()
        assert f.applies_to(asking)
        assert (f.filter_all(hosts, asking) ==
                [h for h in hosts if f.host_passes(h, asking)])


def test_group_weighers_apply_only_to_their_policy():
    soft = affinity_weights.ServerGroupSoftAffinityWeigher()
    anti = affinity_weights.ServerGroupSoftAntiAffinityWeigher()
    plain = _spec()
    assert not soft.applies_to(plain) and not anti.applies_to(plain)
    hosts = [_host('h1'), _host('h2')]
    assert soft.weigh_objects(hosts, plain) == [0, 0]
    spec = _spec(instance_group=_group('soft-affinity', ['h2', 'h2']))
    assert soft.applies_to(spec) and not anti.applies_to(spec)
    assert soft.weigh_objects(hosts, spec) == [0, 2]
