"""oslo.messaging plumbing shared by every service.

``init(conf)`` creates the process's RPC transport from ``transport_url``;
``get_client``/``get_server`` wrap oslo.messaging with nova's serializer so
that contexts and versioned objects cross the wire intact.  Servers use the
threading executor (oslo.messaging's default): native threads, no eventlet.
"""

import oslo_messaging as messaging
from oslo_serialization import jsonutils

import nova.context
import nova.exception

TRANSPORT = None
NOTIFICATION_TRANSPORT = None
_CELL_TRANSPORTS = {}

# Exceptions from these modules are re-raised as themselves by the caller.
ALLOWED_EXMODS = [nova.exception.__name__]


# oslo.messaging's RabbitMQ driver waits on each consuming connection
# with a timeout that restarts at 1 ms after every message and doubles
# while nothing arrives (up to 5 s).  An arriving message ends the wait at
# once whatever the timeout; the wakeups exist so that the poller can run
# operations other threads queued for it, which only notification
# listeners do (their acknowledgements): RPC requests and replies are
# acknowledged in the consumer callback as they arrive, and nova listens
# to no notifications.  Under a steady stream of RPCs every daemon woke to
# an empty socket every few milliseconds, and each timed-out wait runs
# kombu's whole retry and error-translation path: calls paced 10 ms apart
# cost 3.4-3.6 ms of CPU each with the 1 ms start and 2.5-2.8 ms with
# 50 ms, at the same latency.  nova starts the series at
# ACK_POLL_FIRST_TIMEOUT.
ACK_POLL_FIRST_TIMEOUT = 0.05


def _tune_amqp_polling():
    """Start the driver's poll timeouts at ACK_POLL_FIRST_TIMEOUT (a module
    constant of oslo.messaging's AMQP driver, read at every wait)."""
    try:
        from oslo_messaging._drivers import amqpdriver
    except ImportError:
        return False
    if not hasattr(amqpdriver, 'ACK_REQUEUE_EVERY_SECONDS_MIN'):
        return False
    if amqpdriver.ACK_REQUEUE_EVERY_SECONDS_MIN < ACK_POLL_FIRST_TIMEOUT:
        amqpdriver.ACK_REQUEUE_EVERY_SECONDS_MIN = ACK_POLL_FIRST_TIMEOUT
    return True


def set_defaults(control_exchange):
    messaging.set_transport_defaults(control_exchange)


def init(conf):
    """Create the RPC transport for this process (once)."""
    global TRANSPORT
    set_defaults('nova')
    _tune_amqp_polling()
    if TRANSPORT is None:
        TRANSPORT = create_transport(conf, None)


def create_transport(conf, url):
    return messaging.get_rpc_transport(conf, url=url,
                                       allowed_remote_exmods=ALLOWED_EXMODS)


def cleanup():
    global TRANSPORT
    for transport in list(_CELL_TRANSPORTS.values()):
        transport.cleanup()
    _CELL_TRANSPORTS.clear()
    if TRANSPORT is not None:
        TRANSPORT.cleanup()
    TRANSPORT = None


def initialized():
    return TRANSPORT is not None


def get_transport(context=None):
    """The transport for the cell ``context`` targets, else the default."""
    url = getattr(context, 'mq_connection', None)
    if not url or TRANSPORT is None or url == _default_url():
        return TRANSPORT
    transport = _CELL_TRANSPORTS.get(url)
    if transport is None:
        transport = _CELL_TRANSPORTS[url] = create_transport(
            TRANSPORT.conf, url)
    return transport


def _default_url():
    return getattr(TRANSPORT.conf, 'transport_url', None)


class RequestContextSerializer(messaging.Serializer):
    """Serialize the context as a dict, entities with ``base``."""

    def __init__(self, base=None):
        self._base = base

    def serialize_entity(self, context, entity):
        if self._base is None:
            return jsonutils.to_primitive(entity, convert_instances=True)
        return self._base.serialize_entity(context, entity)

    def deserialize_entity(self, context, entity):
        if self._base is None:
            return entity
        return self._base.deserialize_entity(context, entity)

    def serialize_context(self, context):
        return context.to_dict()

    def deserialize_context(self, context):
        return nova.context.RequestContext.from_dict(context)


def _serializer():
    from nova.objects import base as objects_base  # avoid import cycle
    return RequestContextSerializer(objects_base.NovaObjectSerializer())


def get_client(target, version_cap=None, context=None):
    """An RPC client for ``target`` (topic, optional server/version)."""
    assert TRANSPORT is not None, "nova.rpc.init() was not called"
    return messaging.get_rpc_client(get_transport(context), target,
                                    version_cap=version_cap,
                                    serializer=_serializer())


def get_server(target, endpoints):
    """A threaded RPC server dispatching ``target`` to ``endpoints``."""
    assert TRANSPORT is not None, "nova.rpc.init() was not called"
    access_policy = messaging.rpc.dispatcher.DefaultRPCAccessPolicy
    return messaging.get_rpc_server(TRANSPORT, target, endpoints,
                                    serializer=_serializer(),
                                    access_policy=access_policy)
