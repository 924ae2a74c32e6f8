"""The network info model read from instance_info_caches, and the choice
of network API."""

import pytest
from oslo_serialization import jsonutils

from nova.network import api
from nova.network import model
from nova.tests.unit.api import fixtures

CACHE = [
    {'id': 'vif-1', 'address': 'fa:16:3e:00:00:01',
     'network': {'label': 'private', 'subnets': [
         {'cidr': '10.0.0.0/24', 'version': 4,
          'ips': [{'address': '10.0.0.3', 'type': 'fixed',
                   'floating_ips': [{'address': '172.24.4.10',
                                     'type': 'floating'}]}]},
         {'cidr': '2001:db8::/64',
          'ips': [{'address': '2001:db8::3', 'type': 'fixed'}]}]}},
    {'id': 'vif-2', 'address': 'fa:16:3e:00:00:02', 'network': None},
]


def test_hydrate_keeps_the_json_layout():
    nw_info = model.NetworkInfo.hydrate(jsonutils.dumps(CACHE))
    assert isinstance(nw_info[0], model.VIF)
    assert isinstance(nw_info[0]['network'], model.Network)
    assert isinstance(nw_info[0]['network']['subnets'][0]['ips'][0],
                      model.FixedIP)
    assert jsonutils.loads(nw_info.json()) == CACHE


def test_labeled_ips_versions_and_types():
    found = model.NetworkInfo.hydrate(CACHE).labeled_ips()
    assert list(found) == ['private']  # an unlabelled VIF has no name
    assert [(a['addr'], a['version'], a['type']) for a in found['private']] \
        == [('10.0.0.3', 4, 'fixed'), ('172.24.4.10', 4, 'floating'),
            ('2001:db8::3', 6, 'fixed')]
    assert {a['mac_addr'] for a in found['private']} == {'fa:16:3e:00:00:01'}


def test_fixed_ips_of_a_vif():
    vif = model.NetworkInfo.hydrate(CACHE)[0]
    assert [ip['address'] for ip in vif.fixed_ips()] == ['10.0.0.3',
                                                          '2001:db8::3']


def test_empty_caches():
    assert model.NetworkInfo.hydrate(None) == []
    assert model.NetworkInfo.hydrate('') == []


@pytest.mark.parametrize('use_neutron,cls', [(False, api.API),
                                             (True, api.NeutronAPI)])
def test_network_api_follows_use_neutron(use_neutron, cls):
    fixtures.ensure_config_parsed()
    api.CONF.set_override('use_neutron', use_neutron)
    try:
        assert type(api.get_network_api()) is cls
    finally:
        api.CONF.clear_override('use_neutron')


def test_nova_network_has_no_ports():
    network_api = api.API()
    for call in (lambda: network_api.list_ports(None, device_id='x'),
                 lambda: network_api.show_port(None, 'p'),
                 lambda: network_api.allocate_port_for_instance(
                     None, None, 'p'),
                 lambda: network_api.deallocate_port_for_instance(
                     None, None, 'p')):
        with pytest.raises(NotImplementedError):
            call()
