"""Client side of the scheduler RPC API (topic ``scheduler``)."""

import oslo_messaging as messaging

import nova.conf
from nova import rpc
from nova import rpc_versions

CONF = nova.conf.CONF

RPC_TOPIC = 'scheduler'


class SchedulerAPI(object):
    """Client side of the scheduler RPC API.

    API version history:

    * 4.0 - First version of this implementation.
    """

    VERSION_ALIASES = {'pike': '4.0', 'queens': '4.0'}

    def __init__(self):
        target = messaging.Target(topic=RPC_TOPIC, version='4.0')
        version_cap = rpc_versions.version_cap('scheduler',
                                               self.VERSION_ALIASES)
        self.client = rpc.get_client(target, version_cap=version_cap)
