"""The base RPC API every service serves (namespace ``baseapi``).

``ping`` lets a client check that a service is listening (nova-compute uses
it to wait for nova-conductor at start-up).
"""

import oslo_messaging as messaging

import nova.conf
from nova import rpc
from nova import rpc_versions

CONF = nova.conf.CONF

_NAMESPACE = 'baseapi'


class BaseAPI(object):
    """Client side of the base RPC API.

    API version history:
        1.0 - Initial version (ping).
    """

    VERSION_ALIASES = {}

    def __init__(self, topic):
        target = messaging.Target(topic=topic, namespace=_NAMESPACE,
                                  version='1.0')
        version_cap = rpc_versions.version_cap(
            'baseapi', self.VERSION_ALIASES)
        self.client = rpc.get_client(target, version_cap=version_cap)

    def ping(self, context, arg, timeout=None):
        cctxt = self.client.prepare(timeout=timeout)
        return cctxt.call(context, 'ping', arg={'service': 'ping',
                                                'arg': arg})


class BaseRPCAPI(object):
    """Server side of the base RPC API."""

    target = messaging.Target(namespace=_NAMESPACE, version='1.0')

    def __init__(self, service_name):
        self.service_name = service_name

    def ping(self, context, arg):
        resp = {'service': self.service_name, 'arg': arg}
        return resp
