"""A stop asks the guest to shut down cleanly first (``[DEFAULT]
shutdown_timeout``, ``[compute] shutdown_retry_interval``), as upstream,
unless the request says otherwise; the fake driver's console shows what
it was asked."""

import pytest

import nova.conf
from nova.compute import power_state
from nova.tests.fixtures.database import nova_databases  # noqa: F401
from nova.tests.unit.compute.test_recovery import _get, _server, cloud  # noqa: F401,E501

CONF = nova.conf.CONF


@pytest.mark.parametrize('clean, timeout, shown', [
    (True, None, 'clean shutdown asked (60 s, every 10 s)'),
    (True, 5, 'clean shutdown asked (5 s, every 10 s)'),
    (True, 0, 'powered off'),
    (False, None, 'powered off')])
def test_stop_shuts_down_cleanly_unless_told_not_to(cloud, clean, timeout,  # noqa: F811,E501
                                                    shown):
    ctxt, compute = cloud
    if timeout is not None:
        CONF.set_override('shutdown_timeout', timeout)
    try:
        uuid = _server(ctxt, compute, 'stopped', 'active', 'powering-off')
        compute.stop_instance(ctxt, _get(ctxt, uuid), clean_shutdown=clean)
    finally:
        CONF.clear_override('shutdown_timeout')
    found = _get(ctxt, uuid)
    assert (found.vm_state, found.task_state, found.power_state) == (
        'stopped', None, power_state.SHUTDOWN)
    assert compute.driver._guests[uuid].console[-1] == shown
