"""The option modules: structure, names, upstream defaults."""

import collections

from oslo_config import cfg
import pytest

import nova.conf
from nova.conf import opts


@pytest.fixture
def conf():
    """A private ConfigOpts with every nova option group registered."""
    conf = cfg.ConfigOpts()
    nova.conf.register_all(conf)
    conf([], project='nova', default_config_files=[])
    return conf


def test_every_module_has_register_and_list():
    for module in nova.conf.ALL_MODULES:
        assert callable(module.register_opts), module
        groups = module.list_opts()
        assert isinstance(groups, dict) and groups, module


def test_list_opts_has_no_duplicate_names():
    for group, group_opts in opts.list_opts():
        names = [o.dest for o in group_opts]
        dups = [n for n, c in collections.Counter(names).items() if c > 1]
        assert not dups, (group, dups)


def test_list_opts_default_first_and_sorted():
    names = [str(getattr(g, 'name', g)) for g, _ in opts.list_opts()]
    assert names[0] == 'DEFAULT'
    assert names[1:] == sorted(names[1:])


def test_required_groups_present():
    names = {str(getattr(g, 'name', g)) for g, _ in opts.list_opts()}
    for group in ('DEFAULT', 'api', 'api_database', 'database', 'vnc',
                  'spice', 'serial_console', 'glance', 'placement',
                  'scheduler', 'filter_scheduler', 'conductor',
                  'upgrade_levels', 'compute', 'libvirt', 'xenserver',
                  'vmware', 'quota', 'wsgi', 'notifications', 'cinder',
                  'neutron', 'consoleauth', 'workarounds', 'cells',
                  'ephemeral_storage_encryption'):
        assert group in names, group
    # Owned by libraries; listed through their own generator namespaces.
    for group in ('keystone_authtoken', 'oslo_concurrency'):
        assert group not in names, group


def test_default_options(conf):
    assert conf.report_interval == 10
    assert conf.service_down_time == 60
    assert conf.enabled_apis == ['osapi_compute', 'metadata']
    assert conf.use_neutron is True
    assert conf.network_manager == 'nova.network.manager.VlanManager'
    assert conf.multi_host is False
    assert conf.force_dhcp_release is True
    assert conf.metadata_port == 8775
    assert conf.metadata_host == conf.my_ip
    assert conf.osapi_compute_listen_port == 8774
    assert conf.rootwrap_config == '/etc/nova/rootwrap.conf'
    assert conf.instances_path == conf.state_path + '/instances'


def test_group_defaults(conf):
    assert conf.api.auth_strategy == 'keystone'
    assert conf.vnc.enabled is True
    assert conf.vnc.server_listen == '127.0.0.1'
    assert conf.vnc.server_proxyclient_address == '127.0.0.1'
    assert conf.vnc.novncproxy_port == 6080
    assert conf.vnc.auth_schemes == ['none']
    assert conf.spice.enabled is False
    assert conf.serial_console.port_range == '10000:20000'
    assert conf.glance.num_retries == 0
    assert conf.glance.service_type == 'image'
    assert conf.placement.service_type == 'placement'
    assert conf.placement.valid_interfaces == ['internal', 'public']
    assert conf.libvirt.virt_type == 'kvm'
    assert conf.libvirt.images_type == 'default'
    assert conf.quota.instances == 10
    assert conf.quota.cores == 20
    assert conf.quota.ram == 51200
    assert conf.quota.driver == 'nova.quota.DbQuotaDriver'
    assert conf.quota.recheck_quota is True
    assert conf.wsgi.api_paste_config == 'api-paste.ini'
    assert conf.wsgi.max_header_line == 16384
    assert conf.consoleauth.token_ttl == 600
    assert conf.filter_scheduler.max_instances_per_host == 50
    assert conf.filter_scheduler.isolated_hosts == []
    assert conf.notifications.notification_format == 'both'


def test_choices_are_enforced(conf):
    with pytest.raises(ValueError):
        conf.set_override('virt_type', 'hyperv', group='libvirt')
    conf.set_override('virt_type', 'qemu', group='libvirt')
    assert conf.libvirt.virt_type == 'qemu'


def test_an_override_stays_in_its_own_config(conf):
    other = cfg.ConfigOpts()
    nova.conf.register_all(other)
    other([], project='nova', default_config_files=[])
    other.set_override('enabled', False, group='vnc')
    try:
        assert other.vnc.enabled is False
        assert conf.vnc.enabled is True
    finally:
        other.clear_override('enabled', group='vnc')


def test_deprecated_names_are_read(conf, tmp_path):
    path = tmp_path / 'old.conf'
    path.write_text('[DEFAULT]\nquota_instances = 7\nvnc_enabled = false\n'
                    'console_token_ttl = 30\n'
                    '[placement]\nos_interface = internal\n'
                    'os_region_name = RegionTwo\n')
    conf(['--config-file', str(path)], project='nova',
         default_config_files=[])
    assert conf.quota.instances == 7
    assert conf.vnc.enabled is False
    assert conf.consoleauth.token_ttl == 30
    assert conf.placement.region_name == 'RegionTwo'
    assert conf.placement.os_region_name == 'RegionTwo'
    assert conf.placement.valid_interfaces == ['internal']
