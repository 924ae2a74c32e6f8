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

    * 4.0 - First version of this implementation: select_destinations
      (spec_obj, instance_uuids, return_objects, return_alternates).
    """

    VERSION_ALIASES = {'pike': '4.0', 'queens': '4.0'}

    def __init__(self):
        target = messaging.Target(topic=RPC_TOPIC, version='4.0')
        version_cap = rpc_versions.version_cap('scheduler',
                                               self.VERSION_ALIASES)
        self.client = rpc.get_client(target, version_cap=version_cap)

    def select_destinations(self, ctxt, spec_obj, instance_uuids,
                            return_objects=False, return_alternates=False):
        cctxt = self.client.prepare(version='4.0')
        return cctxt.call(ctxt, 'select_destinations', spec_obj=spec_obj,
                          instance_uuids=instance_uuids,
                          return_objects=return_objects,
                          return_alternates=return_alternates)
