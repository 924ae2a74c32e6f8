"""Versioned objects: the only things that cross RPC besides primitives.

Objects with ``@remotable`` methods run those methods locally when
``NovaObject.indirection_api`` is None (nova-api, conductor, scheduler) and
through conductor when it is set (nova-compute sets it to the conductor RPC
API at start-up, so nova-compute never opens a database connection).
"""

import contextlib
import datetime

from oslo_utils import versionutils
from oslo_versionedobjects import base as ovoo_base
from oslo_versionedobjects import exception as ovoo_exc

from nova.objects import fields

remotable = ovoo_base.remotable
obj_tree_get_versions = ovoo_base.obj_tree_get_versions


def remotable_classmethod(fn):
    """``@classmethod`` + ``@remotable`` in one decorator."""
    return classmethod(ovoo_base.remotable(fn))


def obj_make_list(context, list_obj, item_cls, db_list, **extra_args):
    """Fill ``list_obj`` with ``item_cls`` objects made from rows."""
    list_obj.objects = [
        item_cls._from_db_object(context, item_cls(context), row,
                                 **extra_args)
        for row in db_list]
    list_obj._context = context
    list_obj.obj_reset_changes()
    return list_obj


class NovaObjectRegistry(ovoo_base.VersionedObjectRegistry):
    notification_classes = []

    def registration_hook(self, cls, index):
        # Expose the newest version of each class as nova.objects.<Name>.
        import nova.objects
        version = versionutils.convert_version_to_tuple(cls.VERSION)
        current = getattr(nova.objects, cls.obj_name(), None)
        if current is None:
            setattr(nova.objects, cls.obj_name(), cls)
        else:
            cur_version = versionutils.convert_version_to_tuple(
                current.VERSION)
            if version >= cur_version:
                setattr(nova.objects, cls.obj_name(), cls)


class NovaObject(ovoo_base.VersionedObject):
    """Base of every nova object.

    ``obj_reset_changes`` after loading from the database is the caller's
    job (see ``_from_db_object`` in each module).
    """

    OBJ_SERIAL_NAMESPACE = 'nova_object'
    OBJ_PROJECT_NAMESPACE = 'nova'

    def nova_obj_get_changes(self):
        return self.obj_get_changes()

    @contextlib.contextmanager
    def obj_alternate_context(self, context):
        original_context = self._context
        self._context = context
        try:
            yield
        finally:
            self._context = original_context

    def obj_as_admin(self):
        """Context manager: run this object's methods with admin rights."""
        if self._context is None:
            raise ovoo_exc.OrphanedObjectError(method='obj_as_admin',
                                               objtype=self.obj_name())
        return self.obj_alternate_context(self._context.elevated())


class NovaPersistentObject(object):
    """Mixin for objects stored in a table with soft-delete columns."""

    fields = {
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
        'deleted_at': fields.DateTimeField(nullable=True),
        'deleted': fields.BooleanField(default=False),
    }


class NovaTimestampObject(object):
    """Mixin for API-database objects (created/updated, no soft delete)."""

    fields = {
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }


class ObjectListBase(ovoo_base.ObjectListBase):
    """Base of every ``...List`` object: a versioned list of ``objects``."""


class NovaObjectSerializer(ovoo_base.VersionedObjectSerializer):
    """Serializer used on every RPC client and server.

    When a received object is too new for this process, ask conductor to
    backport it (through the indirection API, when one is set).
    """

    OBJ_BASE_CLASS = NovaObject

    @property
    def conductor(self):
        if not hasattr(self, '_conductor'):
            from nova.conductor import rpcapi as conductor_rpcapi
            self._conductor = conductor_rpcapi.ConductorAPI()
        return self._conductor

    def _process_object(self, context, objprim):
        try:
            return NovaObject.obj_from_primitive(objprim, context=context)
        except ovoo_exc.IncompatibleObjectVersion:
            objver = objprim['nova_object.version']
            if objver.count('.') == 2:
                objprim['nova_object.version'] = '.'.join(
                    objver.split('.')[:2])
                return self._process_object(context, objprim)
            objname = objprim['nova_object.name']
            version_manifest = ovoo_base.obj_tree_get_versions(objname)
            if objname in version_manifest:
                objinst = self.conductor.object_backport_versions(
                    context, objprim, version_manifest)
            else:
                raise
            return objinst


def obj_to_primitive(obj):
    """Recursively turn an object (or list/dict of them) into primitives."""
    if isinstance(obj, ObjectListBase):
        return [obj_to_primitive(x) for x in obj]
    elif isinstance(obj, NovaObject):
        result = {}
        for key in obj.obj_fields:
            if obj.obj_attr_is_set(key) or key in obj.obj_extra_fields:
                result[key] = obj_to_primitive(getattr(obj, key))
        return result
    elif isinstance(obj, (set, list, tuple)):
        return [obj_to_primitive(x) for x in obj]
    elif isinstance(obj, dict):
        return {k: obj_to_primitive(v) for k, v in obj.items()}
    elif isinstance(obj, datetime.datetime):
        return obj
    return obj


def get_attrname(name):
    """The attribute name where a lazy-loaded field's value is stored."""
    return '_obj_' + name
