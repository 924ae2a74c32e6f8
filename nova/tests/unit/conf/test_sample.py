"""etc/nova/nova.conf.sample must match what the generator produces."""

import os
import subprocess
import sys

import nova

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(nova.__file__)))
GENERATOR_CONF = os.path.join('tools', 'config',
                              'nova-config-generator.conf')
SAMPLE = os.path.join(ROOT, 'etc', 'nova', 'nova.conf.sample')
COMMAND = 'oslo-config-generator --config-file %s' % GENERATOR_CONF


def test_sample_config_is_current(tmp_path):
    output = tmp_path / 'nova.conf.sample'
    result = subprocess.run(
        [sys.executable, '-c',
         'import sys; from oslo_config import generator; '
         'sys.exit(generator.main())',
         '--config-file', GENERATOR_CONF, '--output-file', str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    with open(SAMPLE) as handle:
        expected = handle.read()
    assert output.read_text() == expected, (
        'etc/nova/nova.conf.sample is out of date; regenerate it with '
        '"%s" (from the top of the repository) and commit it.' % COMMAND)
