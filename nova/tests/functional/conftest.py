"""What every functional test module shares."""

import os

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Keep each functional module on one xdist worker, in order.

    A module starts its cloud once (module-scoped fixtures: real daemons
    over RabbitMQ and MariaDB) and its tests build on one another (a
    server shelved by one test is unshelved by the next), so its tests
    must neither be spread over workers nor reordered.  Modules that
    already name a group (several modules sharing one Keystone) keep it.
    """
    for item in items:
        path = str(item.fspath)
        if not path.startswith(HERE + os.sep):
            continue
        if item.get_closest_marker('xdist_group') is None:
            item.add_marker(pytest.mark.xdist_group(
                os.path.relpath(path, HERE)))
