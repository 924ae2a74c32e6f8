"""Client side of the compute RPC API (topic ``compute``, server = host).

Calls go to one host (``compute.<host>``).  The version cap follows
``[upgrade_levels] compute`` ("auto" asks the services table).
"""

import oslo_messaging as messaging

import nova.conf
from nova.objects import service as service_obj
from nova import rpc
from nova import rpc_versions

CONF = nova.conf.CONF

RPC_TOPIC = 'compute'


class ComputeAPI(object):
    """Client side of the compute RPC API.

    API version history:

    * 5.0 - First version of this implementation.
    """

    VERSION_ALIASES = {'pike': '5.0', 'queens': '5.0'}

    def __init__(self):
        target = messaging.Target(topic=RPC_TOPIC, version='5.0')
        version_cap = rpc_versions.version_cap(
            'compute', self.VERSION_ALIASES,
            auto=rpc_versions.auto_from_service_versions(
                'nova-compute', 'compute_rpc',
                service_obj.SERVICE_VERSION_HISTORY))
        self.version_cap = version_cap
        self.client = rpc.get_client(target, version_cap=version_cap)

    def _prepare(self, host, version='5.0', **kwargs):
        return self.client.prepare(server=host, version=version, **kwargs)
