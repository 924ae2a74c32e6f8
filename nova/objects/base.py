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

    def obj_attr_is_set(self, attrname):
        """oslo's answer (whether ``attrname`` holds a value; an
        AttributeError for a name that is not a field), with two lookups
        instead of oslo's scan of ``obj_fields``, a new list of every
        field name on each call: ``'name' in obj`` asks this, a server
        view seven times per instance, and an instance has eighty
        fields."""
        if attrname not in self.fields and \
                attrname not in self.obj_extra_fields:
            raise AttributeError(
                "%(objname)s object has no attribute '%(attrname)s'"
                % {'objname': self.obj_name(), 'attrname': attrname})
        return hasattr(self, get_attrname(attrname))

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

    def obj_to_primitive(self, target_version=None, version_manifest=None):
        """oslo's primitive, read straight from the object's attributes.

        oslo asks ``obj_attr_is_set`` of every field (which lists the
        fields again each time) and goes through each field's getter; an
        instance has eighty fields, and every RPC message that carries one
        pays that, at both ends.  Fields whose type serializes a value as
        itself (strings, integers, booleans...) are copied without the
        call.  Backports (an older ``target_version``, or a manifest) take
        oslo's path.
        """
        if version_manifest or (target_version is not None and
                                target_version != self.VERSION):
            return super().obj_to_primitive(target_version,
                                            version_manifest)
        values = self.__dict__
        data = {}
        for (name, attrname, field, as_is, _e, _n,
             when) in _field_plan(type(self)):
            if attrname in values:
                value = values[attrname]
                if as_is or value is None:
                    data[name] = value
                    continue
                if when is not None:
                    text = datetime_text(value)
                    if text is not None:
                        data[name] = text
                        continue
                data[name] = field.to_primitive(self, name, value)
        namespace = self.OBJ_SERIAL_NAMESPACE
        primitive = {namespace + '.name': self.obj_name(),
                     namespace + '.namespace': self.OBJ_PROJECT_NAMESPACE,
                     namespace + '.version': self.VERSION,
                     namespace + '.data': data}
        changes = [name for name in self.obj_what_changed() if name in data]
        if changes:
            primitive[namespace + '.changes'] = changes
        return primitive

    @classmethod
    def _obj_from_primitive(cls, context, objver, primitive):
        """oslo's hydration, each value still coerced by its field, except
        where the field's coercion would hand back the very value: None
        for a nullable field, a str for a String field, an int for an
        Integer field, a bool for a Boolean and a float for a Float (the
        received value is then stored as it is, without going through the
        field's setter)."""
        self = cls()
        self._context = context
        self.VERSION = objver
        namespace = cls.OBJ_SERIAL_NAMESPACE
        objdata = primitive[namespace + '.data']
        values = self.__dict__
        for (name, attrname, field, _as_is, exact, none,
             when) in _field_plan(cls):
            if name not in objdata:
                continue
            value = objdata[name]
            # A field set by the class's __init__ goes through its setter,
            # which decides (read-only fields).
            if attrname not in values:
                if ((value is None and none) or
                        (exact is not None and type(value) is exact)):
                    values[attrname] = value
                    continue
                if when is not None:
                    parsed = _datetime_from_text(value, when)
                    if parsed is not None:
                        values[attrname] = parsed
                        continue
            setattr(self, name, field.from_primitive(self, name, value))
        fields = self.fields
        self._changed_fields = {
            name for name in primitive.get(namespace + '.changes', [])
            if name in fields}
        return self

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


# Field types whose coerce() gives back, unchanged, a value of exactly
# this Python type (subclasses of these types, such as Enum or
# NonNegativeInteger, check more and are not listed).
_COERCED_AS_IS = {ovoo_fields.String: str, ovoo_fields.Integer: int,
                  ovoo_fields.Boolean: bool, ovoo_fields.Float: float}

_FIELD_PLANS = {}

_ISOTIME_UTC = '%04d-%02d-%02dT%02d:%02d:%02dZ'
_from_isoformat = datetime.datetime.fromisoformat


def datetime_text(value):
    """What oslo's DateTime field writes for ``value`` (its ``isotime``:
    whole seconds, 'Z' for UTC), for the values every service sends (a
    naive or UTC datetime from the year 1000 on) without strftime; None
    for any other value, left to oslo.  The API's timestamps are the same
    text (``views.servers.isotime``)."""
    if type(value) is datetime.datetime and value.year >= 1000:
        zone = value.tzinfo
        if zone is None or zone is datetime.timezone.utc:
            return _ISOTIME_UTC % (value.year, value.month, value.day,
                                   value.hour, value.minute, value.second)
    return None


def _datetime_from_text(text, aware):
    """What oslo's DateTime field makes of ``text`` when it is in the form
    :func:`datetime_text` writes ('2026-12-07T05:01:04Z'): that time in
    UTC, without its zone unless ``aware``; None for any other value, left
    to oslo (which also names what is wrong with it)."""
    if (type(text) is str and len(text) == 20 and text[10] == 'T' and
            text[19] == 'Z'):
        try:
            value = _from_isoformat(text)
        except ValueError:
            return None
        return value if aware else value.replace(tzinfo=None)
    return None


def _field_plan(cls):
    """(name, attribute name, field, serialized as is, the Python type a
    received value may have to be stored without coercion or None, whether
    a received None is stored as it is, and for a DateTime field whether
    it keeps time zones (else None)) for each field of ``cls``, worked out
    once per class."""
    plan = _FIELD_PLANS.get(cls)
    if plan is None:
        entries = []
        for name, field in cls.fields.items():
            kind = type(field._type)
            default_to_primitive = (type(field).to_primitive is
                                    ovoo_fields.Field.to_primitive)
            as_is = (default_to_primitive and
                     kind.to_primitive is ovoo_fields.FieldType.to_primitive)
            plain = (type(field).coerce is ovoo_fields.Field.coerce and
                     type(field).from_primitive is
                     ovoo_fields.Field.from_primitive and
                     not field.read_only)
            exact = _COERCED_AS_IS.get(kind) if plain else None
            when = (field._type.tzinfo_aware
                    if plain and default_to_primitive and
                    kind is ovoo_fields.DateTime else None)
            entries.append((name, get_attrname(name), field, as_is, exact,
                            plain and field.nullable, when))
        plan = _FIELD_PLANS[cls] = tuple(entries)
    return plan


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
