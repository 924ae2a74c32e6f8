"""RPC over real RabbitMQ with nova's polling of the AMQP driver: the poll
timeouts start at ``nova.rpc.ACK_POLL_FIRST_TIMEOUT`` instead of 1 ms.

What must not change: a message reaches its consumer as soon as it is
sent, however long the poller has been waiting, and every message a
server handled is acknowledged (none comes back to the next server)."""

import threading
import time

import oslo_messaging as messaging
import pytest
from oslo_messaging._drivers import amqpdriver

import nova.conf
from nova import rpc
from nova.tests.functional import infra
from nova.tests.unit.api import fixtures as api_fixtures


class _Endpoint(object):
    target = messaging.Target(version='1.0')

    def __init__(self):
        self.handled = []
        self.lock = threading.Lock()

    def echo(self, ctxt, value):
        with self.lock:
            self.handled.append(value)
        return value

    def note(self, ctxt, value):
        with self.lock:
            self.handled.append(value)


@pytest.fixture(scope='module')
def url():
    vhost = 'nova-test-rpc-%s' % infra.run_id()
    infra.create_vhost(vhost)
    # The process's configuration: oslo.messaging registers some of its
    # options (tracing) on the global one only.
    api_fixtures.ensure_config_parsed()
    assert rpc._tune_amqp_polling()
    try:
        yield 'rabbit://guest:guest@%s/%s' % (infra.RABBIT_HOST, vhost)
    finally:
        infra.delete_vhost(vhost)


@pytest.fixture
def transport(url):
    transport = messaging.get_rpc_transport(nova.conf.CONF, url=url)
    try:
        yield transport
    finally:
        transport.cleanup()


def _server(transport, topic, endpoint):
    server = messaging.get_rpc_server(
        transport, messaging.Target(topic=topic, server='s1'), [endpoint],
        executor='threading',
        access_policy=messaging.rpc.dispatcher.DefaultRPCAccessPolicy)
    server.start()
    return server


def _stop(server):
    server.stop()
    server.wait()


def test_the_driver_polls_from_novas_first_timeout(transport):
    assert (amqpdriver.ACK_REQUEUE_EVERY_SECONDS_MIN ==
            rpc.ACK_POLL_FIRST_TIMEOUT)


def test_a_call_after_a_quiet_spell_is_answered_at_once(transport):
    endpoint = _Endpoint()
    server = _server(transport, 'polling-quiet', endpoint)
    client = messaging.get_rpc_client(
        transport, messaging.Target(topic='polling-quiet', version='1.0'))
    try:
        assert client.call({}, 'echo', value=1) == 1
        for value in range(2, 5):
            # The server's and the reply's pollers are now in waits of
            # 0.8 s or more (0.05 doubling while nothing came).
            time.sleep(1.6)
            started = time.monotonic()
            assert client.call({}, 'echo', value=value) == value
            assert time.monotonic() - started < 0.4
    finally:
        _stop(server)


def test_handled_messages_are_acknowledged(url, transport):
    first = _Endpoint()
    first_transport = messaging.get_rpc_transport(nova.conf.CONF, url=url)
    server = _server(first_transport, 'polling-acks', first)
    client = messaging.get_rpc_client(
        transport, messaging.Target(topic='polling-acks', version='1.0'))
    for value in range(20):
        client.cast({}, 'note', value=value)
    assert client.call({}, 'echo', value='last') == 'last'
    infra.wait_for(lambda: len(first.handled) == 21, 10,
                   what='every message handled')
    time.sleep(0.5)
    _stop(server)
    # Closing the connection hands its unacknowledged messages back to
    # the queue, for the next consumer.
    first_transport.cleanup()
    second = _Endpoint()
    server = _server(transport, 'polling-acks', second)
    try:
        assert client.call({}, 'echo', value='again') == 'again'
        time.sleep(0.5)
        assert second.handled == ['again']
    finally:
        _stop(server)
