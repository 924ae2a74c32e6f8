"""etc/nova/policy.yaml.sample must match what oslo.policy's generator
produces from the defaults in nova/policies, and a policy file named in
[oslo_policy] policy_file overrides those defaults."""

import os
import subprocess
import sys

from oslo_config import cfg

import nova
from nova import context
from nova import exception
from nova import policy

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(nova.__file__)))
GENERATOR_CONF = os.path.join('tools', 'config',
                              'nova-policy-generator.conf')
SAMPLE = os.path.join(ROOT, 'etc', 'nova', 'policy.yaml.sample')
COMMAND = 'oslopolicy-sample-generator --config-file %s' % GENERATOR_CONF


def test_sample_policy_is_current(tmp_path):
    output = tmp_path / 'policy.yaml.sample'
    result = subprocess.run(
        [sys.executable, '-c',
         'import sys; from oslo_policy import generator; '
         'sys.exit(generator.generate_sample())',
         '--config-file', GENERATOR_CONF, '--output-file', str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    with open(SAMPLE) as handle:
        expected = handle.read()
    assert output.read_text() == expected, (
        'etc/nova/policy.yaml.sample is out of date; regenerate it with '
        '"%s" (from the top of the repository) and commit it.' % COMMAND)


def test_sample_lists_every_compute_rule():
    with open(SAMPLE) as handle:
        text = handle.read()
    from nova import policies
    for rule in policies.list_rules():
        assert '"%s":' % rule.name in text, rule.name


def test_policy_file_overrides_a_default(tmp_path, monkeypatch):
    policy_file = tmp_path / 'policy.yaml'
    policy_file.write_text(
        '"os_compute_api:os-flavor-manage:create": "role:flavor-maker"\n')
    nova_conf = tmp_path / 'nova.conf'
    nova_conf.write_text('[oslo_policy]\npolicy_file = %s\n' % policy_file)
    conf = cfg.ConfigOpts()
    conf(['--config-file', str(nova_conf)], project='nova',
         default_config_files=[])
    monkeypatch.setattr(policy, 'CONF', conf)
    policy.reset()
    try:
        policy.init()
        maker = context.RequestContext('u', 'p', roles=['flavor-maker'])
        member = context.RequestContext('u', 'p', roles=['member'])
        assert policy.authorize(maker,
                                'os_compute_api:os-flavor-manage:create')
        try:
            policy.authorize(member,
                             'os_compute_api:os-flavor-manage:create')
            raise AssertionError('member allowed')
        except exception.PolicyNotAuthorized:
            pass
        # Rules the file does not name keep their defaults.
        assert policy.authorize(member, 'os_compute_api:os-keypairs:index',
                                {'user_id': 'u', 'project_id': 'p'})
    finally:
        policy.reset()
