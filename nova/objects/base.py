"""Versioned objects: the only things that cross RPC besides primitives.

Objects with ``@remotable`` methods run those methods locally when
``NovaObject.indirection_api`` is None (nova-api, conductor, scheduler) and
through conductor when it is set (nova-compute sets it to the conductor RPC
API at start-up, so nova-compute never opens a database connection).
"""

import contextlib
import datetime
import operator
import weakref

from oslo_utils import versionutils
from oslo_versionedobjects import base as ovoo_base
from oslo_versionedobjects import exception as ovoo_exc
from oslo_versionedobjects import fields as ovoo_fields

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

    def obj_what_changed(self):
        """oslo's answer (the changed fields, and the fields holding an
        object with changes), looking only at the fields that can hold an
        object: oslo asks each field whether it is set, eighty for an
        instance, and every save, every serialization and every conductor
        answer asks it, recursively, for the instance and its three
        flavors."""
        fields = self.fields
        changes = {name for name in self._changed_fields if name in fields}
        values = self.__dict__
        for name in _object_field_names(type(self)):
            child = values.get(get_attrname(name))
            if (isinstance(child, ovoo_base.VersionedObject) and
                    child.obj_what_changed()):
                changes.add(name)
        return changes

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


_OBJECT_FIELD_NAMES = {}


def _object_field_names(cls):
    """The names of ``cls``'s fields whose values are objects (an
    ObjectField, or any field of type ``Object``): the only ones where a
    nested object can hide changes."""
    names = _OBJECT_FIELD_NAMES.get(cls)
    if names is None:
        names = _OBJECT_FIELD_NAMES[cls] = tuple(
            name for name, field in cls.fields.items()
            if isinstance(field._type, ovoo_fields.Object))
    return names


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


def obj_clone_loaded(obj, context=None):
    """A copy of a freshly loaded object whose fields hold plain values
    (no nested objects), without coercing anything again: the attributes
    are copied, each dict, list and set one level deep, and the copy has
    no changes.  Meant for hot loading paths that hand out many objects
    equal to one prototype (the flavor of every server of a page)."""
    clone = obj.__class__.__new__(obj.__class__)
    values = clone.__dict__
    for name, value in obj.__dict__.items():
        if isinstance(value, _COERCED):
            # Same class and same element coercion, now owned by the copy.
            copied = value.__class__(value)
            copied.enable_coercing(value._element_type,
                                   weakref.proxy(clone), value._field)
            value = copied
        elif isinstance(value, (dict, list, set)):
            value = value.copy()
        values[name] = value
    clone._changed_fields = set()
    clone._context = context
    return clone


_COERCED = (ovoo_fields.CoercedDict, ovoo_fields.CoercedList,
            ovoo_fields.CoercedSet)


def obj_trusted_collection(obj, name, value):
    """What ``obj.<name> = value`` stores for a dict or list field (a
    CoercedDict or CoercedList coercing later assignments), without
    coercing each item again: for values read from the database, already
    of the element type.

    The collection refers to its object weakly (ovo's refers to it
    strongly, a reference cycle only the garbage collector frees): a page
    of objects is then freed as soon as the request drops it.
    """
    if isinstance(value, dict):
        result = ovoo_fields.CoercedDict(value)
    else:
        result = ovoo_fields.CoercedList(value)
    result.enable_coercing(obj.fields[name]._type._element_type,
                           weakref.proxy(obj), name)
    return result


_LAZY = object()
_VALUE_GETTERS = {}


def obj_get_values(obj, names, default=_LAZY):
    """``tuple(getattr(obj, name) for name in names)`` (two names or more)
    in one dict lookup when every field is set: for views reading many
    fields of many objects.

    When one is not set: without ``default``, through the field getters
    (lazy loading as usual); with ``default``, that value for the fields
    not set (nothing is loaded).
    """
    getter = _VALUE_GETTERS.get(names)
    if getter is None:
        getter = _VALUE_GETTERS[names] = operator.itemgetter(
            *[get_attrname(name) for name in names])
    try:
        return getter(obj.__dict__)
    except KeyError:
        if default is _LAZY:
            return tuple(getattr(obj, name) for name in names)
        return tuple(getattr(obj, name) if obj.obj_attr_is_set(name)
                     else default for name in names)


def obj_get_value(obj, name, default=None):
    """``getattr(obj, name)`` when the field is set, else ``default``
    (nothing is loaded): ``obj_attr_is_set`` and the getter in one cheap
    lookup."""
    return obj.__dict__.get(get_attrname(name), default)


def get_attrname(name):
    """The attribute name where a lazy-loaded field's value is stored."""
    return '_obj_' + name
