"""nova-conductor's RPC endpoints.

``ConductorManager`` serves the object indirection API: it runs a remotable
object method against the database on behalf of a service that has none
(nova-compute) and sends back the result and the changed fields.  The long
task flows (build, resize, migrate) live in their own modules and endpoints.
"""

import oslo_messaging as messaging
from oslo_log import log as logging

from nova import exception
from nova import manager
from nova.objects import base as objects_base

LOG = logging.getLogger(__name__)


class ConductorManager(manager.Manager):
    """The object indirection endpoint (topic ``conductor``, 3.0)."""

    target = messaging.Target(version='3.0')

    def __init__(self, *args, **kwargs):
        super().__init__(service_name='conductor', *args, **kwargs)

    @messaging.expected_exceptions(exception.NovaException)
    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        objclass = objects_base.NovaObject.obj_class_from_name(
            objname, object_versions[objname])
        result = getattr(objclass, objmethod)(context, *args, **kwargs)
        if isinstance(result, objects_base.NovaObject):
            # Answer in the versions the caller understands.
            return result.obj_to_primitive(
                target_version=object_versions[objname],
                version_manifest=object_versions)
        return result

    @messaging.expected_exceptions(exception.NovaException)
    def object_action(self, context, objinst, objmethod, args, kwargs):
        old = objinst.obj_clone()
        result = getattr(objinst, objmethod)(*args, **kwargs)
        updates = {}
        for name, field in objinst.fields.items():
            if not objinst.obj_attr_is_set(name):
                continue
            if (not old.obj_attr_is_set(name) or
                    getattr(old, name) != getattr(objinst, name)):
                updates[name] = field.to_primitive(objinst, name,
                                                   getattr(objinst, name))
        # The caller's copy must end up with the same pending changes.
        updates['obj_what_changed'] = objinst.obj_what_changed()
        return updates, result

    def object_backport_versions(self, context, objinst, object_versions):
        target = object_versions[objinst.obj_name()]
        LOG.debug('Backporting %(obj)s to %(ver)s with versions %(manifest)s',
                  {'obj': objinst.obj_name(), 'ver': target,
                   'manifest': object_versions})
        return objinst.obj_to_primitive(target_version=target,
                                        version_manifest=object_versions)
