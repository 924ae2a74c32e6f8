"""Client side of the conductor RPC API (topic ``conductor``).

nova-compute reaches the database only through this API: every remotable
object method it calls becomes ``object_class_action_versions`` or
``object_action`` here.
"""

import oslo_messaging as messaging

import nova.conf
from nova import rpc
from nova import rpc_versions

CONF = nova.conf.CONF

RPC_TOPIC = 'conductor'


class ConductorAPI(object):
    """Client side of the conductor RPC API.

    API version history:

    * 3.0 - object_class_action_versions, object_action and
      object_backport_versions (the object indirection API).
    """

    VERSION_ALIASES = {'pike': '3.0', 'queens': '3.0'}

    def __init__(self):
        target = messaging.Target(topic=RPC_TOPIC, version='3.0')
        version_cap = rpc_versions.version_cap('conductor',
                                               self.VERSION_ALIASES)
        self.client = rpc.get_client(target, version_cap=version_cap)

    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        cctxt = self.client.prepare()
        return cctxt.call(context, 'object_class_action_versions',
                          objname=objname, objmethod=objmethod,
                          object_versions=object_versions,
                          args=args, kwargs=kwargs)

    def object_action(self, context, objinst, objmethod, args, kwargs):
        cctxt = self.client.prepare()
        return cctxt.call(context, 'object_action', objinst=objinst,
                          objmethod=objmethod, args=args, kwargs=kwargs)

    def object_backport_versions(self, context, objinst, object_versions):
        cctxt = self.client.prepare()
        return cctxt.call(context, 'object_backport_versions',
                          objinst=objinst, object_versions=object_versions)
