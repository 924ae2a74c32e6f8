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
    * 4.1 - select_destinations(new_instances): the instances are being
      built for the first time, so they hold no allocations and the claim
      needs no read of the consumer's allocations first.
    """

    VERSION_ALIASES = {'pike': '4.0', 'queens': '4.0'}

    def __init__(self):
        target = messaging.Target(topic=RPC_TOPIC, version='4.1')
        version_cap = rpc_versions.version_cap('scheduler',
                                               self.VERSION_ALIASES)
        self.client = rpc.get_client(target, version_cap=version_cap)

    def select_destinations(self, ctxt, spec_obj, instance_uuids,
                            return_objects=False, return_alternates=False,
                            new_instances=False):
        kwargs = {'spec_obj': spec_obj, 'instance_uuids': instance_uuids,
                  'return_objects': return_objects,
                  'return_alternates': return_alternates}
        version = '4.0'
        if new_instances and self.client.can_send_version('4.1'):
            # An older scheduler reads the allocations before claiming:
            # slower, same result.
            version = '4.1'
            kwargs['new_instances'] = True
        cctxt = self.client.prepare(version=version)
        return cctxt.call(ctxt, 'select_destinations', **kwargs)
