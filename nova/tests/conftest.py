"""Checks on the test run itself, for every test under nova/tests."""

import pytest


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Fail the run when ``--dist loadgroup`` would not keep a group on
    one worker.

    Tests marked ``xdist_group`` share module state in order (a cloud
    started once, servers created by an earlier test), so a pytest-xdist
    that silently ignores the mark turns into dozens of confusing
    failures.  pytest-xdist tags the node id of each grouped test with
    ``@<group>`` on the workers; when that tag is missing, say why.
    """
    if not hasattr(config, 'workerinput') or not config.getvalue('loadgroup'):
        return
    for item in items:
        if item.get_closest_marker('xdist_group') and '@' not in item.nodeid:
            raise pytest.UsageError(
                'pytest-xdist did not tag %s with its xdist_group: this '
                'pytest/pytest-xdist pair cannot run grouped tests on one '
                'worker (see test-requirements.txt)' % item.nodeid)
