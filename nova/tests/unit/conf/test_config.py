"""nova.config.parse_args / setup_logging, run in subprocesses.

oslo.config's CONF is process-global, so every parse happens in a fresh
interpreter; each child prints what the test checks as JSON.
"""

import json
import os
import subprocess
import sys
import textwrap

import pytest

import nova

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(nova.__file__)))
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data')
CONTROLLER_CONF = os.path.join(DATA, 'controller-nova.conf')
COMPUTE_CONF = os.path.join(DATA, 'compute-nova.conf')


def _run(code, timeout=60):
    # EventletDeprecationWarning is a plain Warning, shown by default.
    env = dict(os.environ)
    env.pop('PYTHONWARNINGS', None)
    return subprocess.run([sys.executable, '-c', textwrap.dedent(code)],
                          cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


def _parse(path, prog='nova-test'):
    code = """
        import sys
        from nova import config
        config.parse_args([%r, '--config-file', %r])
    """ % (prog, str(path))
    return _run(code)


def _values(path, expressions):
    code = """
        import json
        from nova import config
        config.parse_args(['nova-test', '--config-file', %r])
        CONF = config.CONF
        print(json.dumps({e: eval(e) for e in %r}))
    """ % (str(path), expressions)
    result = _run(code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_controller_seed_conf():
    values = _values(CONTROLLER_CONF, [
        'CONF.my_ip', 'CONF.enabled_apis', 'CONF.use_neutron',
        'CONF.firewall_driver', 'CONF.api_database.connection',
        'CONF.database.connection', 'CONF.api.auth_strategy',
        'CONF.keystone_authtoken.memcached_servers',
        'CONF.keystone_authtoken.auth_type',
        'CONF.keystone_authtoken.username',
        'CONF.keystone_authtoken.auth_url',
        'CONF.vnc.enabled', 'CONF.vnc.server_listen',
        'CONF.vnc.server_proxyclient_address',
        'CONF.glance.api_servers', 'CONF.oslo_concurrency.lock_path',
        'CONF.placement.os_region_name', 'CONF.placement.region_name',
        'CONF.placement.auth_type', 'CONF.placement.auth_url',
        'CONF.placement.project_name',
        'CONF.placement.project_domain_name',
        'CONF.placement.username', 'CONF.placement.user_domain_name',
        'CONF.placement.password',
    ])
    assert values == {
        'CONF.my_ip': '192.168.200.133',
        'CONF.enabled_apis': ['osapi_compute', 'metadata'],
        'CONF.use_neutron': True,
        'CONF.firewall_driver': 'nova.virt.firewall.NoopFirewallDriver',
        'CONF.api_database.connection':
            'mysql+pymysql://nova:123456@controller/nova_api',
        'CONF.database.connection':
            'mysql+pymysql://nova:123456@controller/nova',
        'CONF.api.auth_strategy': 'keystone',
        'CONF.keystone_authtoken.memcached_servers': ['controller:11211'],
        'CONF.keystone_authtoken.auth_type': 'password',
        'CONF.keystone_authtoken.username': 'nova',
        'CONF.keystone_authtoken.auth_url': 'http://controller:35357',
        'CONF.vnc.enabled': True,
        'CONF.vnc.server_listen': '192.168.200.133',
        'CONF.vnc.server_proxyclient_address': '192.168.200.133',
        'CONF.glance.api_servers': ['http://controller:9292'],
        'CONF.oslo_concurrency.lock_path': '/var/lib/nova/tmp',
        'CONF.placement.os_region_name': 'RegionOne',
        'CONF.placement.region_name': 'RegionOne',
        'CONF.placement.auth_type': 'password',
        'CONF.placement.auth_url': 'http://controller:35357/v3',
        'CONF.placement.project_name': 'service',
        'CONF.placement.project_domain_name': 'Default',
        'CONF.placement.username': 'placement',
        'CONF.placement.user_domain_name': 'Default',
        'CONF.placement.password': '123456',
    }


def test_compute_seed_conf():
    values = _values(COMPUTE_CONF, [
        'CONF.my_ip', 'CONF.vnc.server_listen',
        'CONF.vnc.server_proxyclient_address', 'CONF.vnc.novncproxy_base_url',
        'CONF.placement.region_name', 'CONF.api.auth_strategy',
        'CONF.transport_url if "transport_url" in CONF else None',
    ])
    assert values['CONF.my_ip'] == '192.168.200.134'
    assert values['CONF.vnc.server_listen'] == '0.0.0.0'
    assert values['CONF.vnc.server_proxyclient_address'] == '192.168.200.134'
    assert (values['CONF.vnc.novncproxy_base_url'] ==
            'http://controller:6080/vnc_auto.html')
    assert values['CONF.placement.region_name'] == 'RegionOne'
    assert values['CONF.api.auth_strategy'] == 'keystone'


def test_seed_confs_emit_no_eventlet_warning():
    code = """
        from nova import config
        import oslo_messaging  # noqa: F401  (pulls in oslo.service)
        config.parse_args(['nova-test', '--config-file', %r])
    """ % COMPUTE_CONF
    result = _run(code)
    assert result.returncode == 0, result.stderr
    assert 'Eventlet is deprecated' not in result.stderr


def test_admin_token_placement_auth(tmp_path):
    path = tmp_path / 'nova.conf'
    path.write_text('[placement]\nauth_type = admin_token\n'
                    'endpoint = http://controller:8778\ntoken = s3cret\n')
    values = _values(path, ['CONF.placement.endpoint',
                            'CONF.placement.token'])
    assert values == {'CONF.placement.endpoint': 'http://controller:8778',
                      'CONF.placement.token': 's3cret'}


def _assert_one_line_error(result, *fragments):
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert 'Traceback' not in result.stderr
    assert lines[0].startswith('nova-test: error: '), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


@pytest.mark.parametrize('section,line,fragment', [
    ('DEFAULT', 'report_interval = abc', "'abc' is not an integer"),
    ('api', 'auth_strategy = keystone2', "'keystone2'"),
    ('libvirt', 'virt_type = hyperv', "'hyperv'"),
    ('placement', 'auth_type = nosuch', "'nosuch'"),
])
def test_bad_value_is_one_line(tmp_path, section, line, fragment):
    path = tmp_path / 'nova.conf'
    # Start from a valid seed file so the bad value is the only problem.
    with open(CONTROLLER_CONF) as handle:
        text = handle.read()
    path.write_text(text + '\n[%s]\n%s\n' % (section, line))
    name = line.split('=')[0].strip()
    result = _parse(path)
    _assert_one_line_error(result, 'invalid value for [%s] %s' % (
        section, name), str(path), fragment)


def test_missing_file_is_one_line(tmp_path):
    path = tmp_path / 'nope.conf'
    _assert_one_line_error(_parse(path), str(path), 'no such file')


def test_unreadable_file_is_one_line(tmp_path):
    # A directory cannot be read as a file, even by root.
    path = tmp_path / 'adir.conf'
    path.mkdir()
    _assert_one_line_error(_parse(path), str(path), 'cannot read')


def test_unparsable_file_is_one_line(tmp_path):
    path = tmp_path / 'nova.conf'
    path.write_text('[DEFAULT]\nthis is not an option line\n')
    _assert_one_line_error(_parse(path), str(path), 'cannot parse')


def test_log_dir_gives_per_binary_file(tmp_path):
    path = tmp_path / 'nova.conf'
    log_dir = tmp_path / 'logs'
    log_dir.mkdir()
    path.write_text('[DEFAULT]\nlog_dir = %s\ndebug = true\n' % log_dir)
    code = """
        from nova import config
        config.parse_args(['nova-compute', '--config-file', %r])
        log = config.setup_logging('nova-compute')
        log.debug('debug line from the test')
        log.info('info line from the test')
    """ % str(path)
    result = _run(code)
    assert result.returncode == 0, result.stderr
    assert os.listdir(log_dir) == ['nova-compute.log']
    text = (log_dir / 'nova-compute.log').read_text()
    assert 'debug line from the test' in text
    assert 'info line from the test' in text
    assert 'info line from the test' not in result.stderr


def test_default_logging_goes_to_stderr(tmp_path):
    path = tmp_path / 'nova.conf'
    path.write_text('[DEFAULT]\n')
    code = """
        from nova import config
        config.parse_args(['nova-scheduler', '--config-file', %r])
        log = config.setup_logging('nova-scheduler')
        log.debug('hidden debug line')
        log.warning('visible warning line')
    """ % str(path)
    result = _run(code)
    assert result.returncode == 0, result.stderr
    assert 'visible warning line' in result.stderr
    assert 'hidden debug line' not in result.stderr
    assert 'visible warning line' not in result.stdout


def test_parse_args_after_conf_was_already_parsed():
    # oslo.log adds CLI options; that must still work when something
    # parsed the global CONF before nova.config was used.
    code = """
        import nova.conf
        nova.conf.CONF([], project='nova', default_config_files=[])
        from nova import config
        config.parse_args(['nova-test', '--config-file', %r])
        print(config.CONF.my_ip, config.CONF.debug)
    """ % COMPUTE_CONF
    result = _run(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ['192.168.200.134', 'False']
