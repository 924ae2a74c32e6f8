"""Instance: a server, as stored in its cell database.

Columns live in ``instances``; metadata and system metadata are key/value
rows; the network info cache has its own table; the flavors (current, old
and new during a resize) are one JSON document in ``instance_extra.flavor``;
faults and tags are separate tables.  Those extras are loaded only when
asked for (``expected_attrs``) or on first access (``obj_load_attr``).

``save(expected_task_state=..., expected_vm_state=...)`` is an atomic
compare-and-swap: the UPDATE carries the expected states in its WHERE
clause, so of two racing writers exactly one wins and the other gets
``UnexpectedTaskStateError`` / ``UnexpectedVMStateError`` (a 409 in the
API).

``InstanceList.get_by_filters`` fetches a page with one SELECT and each
requested extra with one more ``IN`` query for the whole page, so the number
of statements does not grow with the number of instances.
"""

import datetime
import functools

import netaddr
import sqlalchemy as sa
from oslo_log import log as logging
from oslo_serialization import jsonutils
from oslo_utils import strutils
from oslo_utils import timeutils
from oslo_utils import uuidutils

from nova.compute import vm_states
from nova.db import engine as db
from nova import exception
from nova.objects import base
from nova.objects import fields
from nova.objects import flavor as flavor_obj
from nova.objects import instance_fault
from nova.objects import instance_info_cache
from nova.objects import tag as tag_obj

LOG = logging.getLogger(__name__)

# Extras that are not columns of ``instances``.
INSTANCE_OPTIONAL_ATTRS = ['metadata', 'system_metadata', 'info_cache',
                           'flavor', 'old_flavor', 'new_flavor', 'fault',
                           'tags']
_FLAVOR_ATTRS = ('flavor', 'old_flavor', 'new_flavor')
_FLAVOR_KEYS = {'flavor': 'cur', 'old_flavor': 'old', 'new_flavor': 'new'}

# Columns that are booleans in the schema but may be NULL in old rows.
_BOOL_COLUMNS = ('locked', 'auto_disk_config', 'shutdown_terminate',
                 'disable_terminate', 'cleaned')
# Of those, the one stored as an integer 0/1 (as upstream's schema does):
# PostgreSQL refuses a boolean for it.
_INT_FLAG_COLUMNS = ('cleaned',)
_IP_COLUMNS = ('access_ip_v4', 'access_ip_v6')
_DATETIME_COLUMNS = ('created_at', 'updated_at', 'deleted_at', 'launched_at',
                     'terminated_at', 'scheduled_at')

# Filters matched exactly (a list value means "any of").
_EXACT_FILTERS = (
    'project_id', 'user_id', 'host', 'node', 'reservation_id',
    'availability_zone', 'image_ref', 'instance_type_id', 'locked',
    'locked_by', 'vm_state', 'task_state', 'power_state', 'uuid', 'key_name',
    'hostname', 'launch_index', 'cell_name', 'os_type', 'architecture',
    'vm_mode', 'kernel_id', 'ramdisk_id', 'config_drive', 'cleaned',
    'auto_disk_config', 'launched_on', 'root_device_name')
# API spellings of some of them.
_FILTER_ALIASES = {'image': 'image_ref', 'flavor': 'instance_type_id'}
# Filters matched as regular expressions.
_REGEXP_FILTERS = {'name': 'display_name', 'display_name': 'display_name',
                   'display_description': 'display_description'}

_IN_CHUNK = 900

_UTC = datetime.timezone.utc


def _models():
    from nova.db.main import models
    return models


@functools.cache
def _column_names():
    """The names of the ``instances`` columns (built once per process)."""
    return tuple(c.key for c in _models().Instance.__mapper__.column_attrs)


def _aware(value):
    return value.replace(tzinfo=_UTC) if value is not None else None


def _ip(value):
    return netaddr.IPAddress(value) if value is not None else None


@functools.cache
def _field_columns():
    """[(attribute name, converter or None, column)] for the ``instances``
    columns that are Instance fields.

    The converters give what field coercion would (bool for booleans,
    tz-aware UTC datetimes, netaddr addresses); every other column comes
    from the driver already as the field's type (int, str or None).  The
    ENUM column is read as a plain string: its values are the strings.

    Worked out once per process (functools.cache: threads asking at once
    on the first request each get a whole tuple; filling a shared list in
    place let two of them fill it twice).
    """
    models = _models()
    fields_ = Instance.fields
    result = []
    for prop in models.Instance.__mapper__.column_attrs:
        name = prop.key
        if name not in fields_:
            continue
        column = prop.columns[0]
        if isinstance(column.type, sa.Enum):
            column = sa.type_coerce(column, sa.String()).label(name)
        if name in _BOOL_COLUMNS or name == 'deleted':
            convert = bool
        elif name in _IP_COLUMNS:
            convert = _ip
        elif name in _DATETIME_COLUMNS:
            convert = _aware
        else:
            convert = None
        result.append((base.get_attrname(name), convert, column))
    return tuple(result)


# The info cache's columns as InstanceInfoCache._from_values takes them.
_CACHE_COLUMNS = ('instance_uuid', 'network_info', 'created_at',
                  'updated_at', 'deleted_at', 'deleted')


def joins_for(expected_attrs):
    """(info cache joined, flavors joined): which of ``expected_attrs``
    :func:`select_for_listing` reads through a LEFT JOIN of a table with
    one row per instance, rather than by a query of their own (a listing,
    a GET and a DELETE each read them)."""
    attrs = set(expected_attrs or ())
    return ('info_cache' in attrs, bool(attrs & set(_FLAVOR_ATTRS)))


def select_for_listing(joins=(False, False)):
    """SELECT of every field column of ``instances`` (Core rows, no ORM
    entities), then the info cache's columns and the flavors' text when
    ``joins`` (see :func:`joins_for`) says so: what
    :meth:`InstanceList._from_tuples` expects."""
    models = _models()
    columns = [column for _n, _c, column in _field_columns()]
    instances = models.Instance.__table__
    source = instances
    cache_joined, flavors_joined = joins
    if cache_joined:
        cache = models.InstanceInfoCache.__table__
        columns += [cache.c[name] for name in _CACHE_COLUMNS]
        source = source.outerjoin(
            cache, cache.c.instance_uuid == instances.c.uuid)
    if flavors_joined:
        extra = models.InstanceExtra.__table__
        columns.append(extra.c.flavor)
        source = source.outerjoin(
            extra, extra.c.instance_uuid == instances.c.uuid)
    return sa.select(*columns).select_from(source)


def _chunks(items, size=_IN_CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _naive_utc(value):
    if isinstance(value, str):
        value = timeutils.parse_isotime(value)
    if value.tzinfo is not None:
        value = value.astimezone(_UTC).replace(tzinfo=None)
    return value


def _flavors_from_json(context, text, cache=None):
    """{'flavor': Flavor|None, 'old_flavor': ..., 'new_flavor': ...}.

    With ``cache`` (a dict kept for one listing), a JSON text already
    parsed is not parsed again: the objects returned are copies of the
    ones made the first time (many servers share a flavor).
    """
    if cache is not None:
        protos = cache.get(text)
        if protos is None:
            protos = cache[text] = _flavors_from_json(context, text)
            for proto in protos.values():
                if proto is not None:
                    proto.obj_reset_changes()
        return {attr: (base.obj_clone_loaded(proto, context)
                       if proto is not None else None)
                for attr, proto in protos.items()}
    data = jsonutils.loads(text) if text else {}
    result = {}
    for attr, key in _FLAVOR_KEYS.items():
        prim = data.get(key)
        result[attr] = (flavor_obj.Flavor.obj_from_primitive(
            prim, context=context) if prim else None)
    return result


def _flavors_to_json(flavors):
    return jsonutils.dumps({
        key: (flavors[attr].obj_to_primitive()
              if flavors.get(attr) is not None else None)
        for attr, key in _FLAVOR_KEYS.items()})


def _joined_extras(context, rows, uuid_index, expected_attrs, joins,
                   extras):
    """Add to ``extras`` ({uuid: {attr: value}}) the info cache and the
    flavors read in the rows' trailing columns (see
    :func:`select_for_listing`)."""
    cache_joined, flavors_joined = joins
    from_values = instance_info_cache.InstanceInfoCache._from_values
    wanted_flavors = [a for a in _FLAVOR_ATTRS if a in expected_attrs]
    start = len(_field_columns())
    size = len(_CACHE_COLUMNS)
    parsed = {}
    for row in rows:
        item = extras.setdefault(row[uuid_index], {})
        at = start
        if cache_joined:
            cache = row[at:at + size]
            at += size
            # A server without an info cache row: all NULL.
            item['info_cache'] = (from_values(context, *cache)
                                  if cache[0] is not None else None)
        if flavors_joined:
            flavors = _flavors_from_json(context, row[at], parsed)
            for attr in wanted_flavors:
                item[attr] = flavors[attr]


def _load_extras(session, context, uuids, attrs):
    """{uuid: {attr: value}} for ``attrs`` (a subset of the optional
    attributes), one query per attribute whatever the number of uuids.
    Reads of instances get the info cache and the flavors in their own
    rows' joined columns instead (:func:`_joined_extras`); here they are
    for lazy loads."""
    models = _models()
    extras = {u: {} for u in uuids}
    if not uuids:
        return extras
    attrs = set(attrs)
    for attr, model in (('metadata', models.InstanceMetadata),
                        ('system_metadata', models.InstanceSystemMetadata)):
        if attr not in attrs:
            continue
        for item in extras.values():
            item[attr] = {}
        for chunk in _chunks(uuids):
            rows = db.core_rows(
                session,
                sa.select(model.instance_uuid, model.key, model.value)
                .where(model.instance_uuid.in_(chunk))
                .where(model.deleted == 0)).all()
            for uuid, key, value in rows:
                extras[uuid][attr][key] = value
    if 'info_cache' in attrs:
        Cache = models.InstanceInfoCache
        from_values = instance_info_cache.InstanceInfoCache._from_values
        for item in extras.values():
            item['info_cache'] = None
        for chunk in _chunks(uuids):
            for row in db.core_rows(
                    session,
                    sa.select(Cache.instance_uuid, Cache.network_info,
                              Cache.created_at, Cache.updated_at,
                              Cache.deleted_at, Cache.deleted)
                    .where(Cache.instance_uuid.in_(chunk))).all():
                extras[row[0]]['info_cache'] = from_values(context, *row)
    if attrs & set(_FLAVOR_ATTRS):
        Extra = models.InstanceExtra
        wanted = attrs & set(_FLAVOR_ATTRS)
        for item in extras.values():
            for attr in wanted:
                item[attr] = None
        parsed = {}
        for chunk in _chunks(uuids):
            for uuid, text in db.core_rows(
                    session,
                    sa.select(Extra.instance_uuid, Extra.flavor)
                    .where(Extra.instance_uuid.in_(chunk))).all():
                flavors = _flavors_from_json(context, text, parsed)
                for attr in wanted:
                    extras[uuid][attr] = flavors[attr]
    if 'fault' in attrs:
        for item in extras.values():
            item['fault'] = None
        for chunk in _chunks(uuids):
            for uuid, row in instance_fault.latest_rows(session,
                                                        chunk).items():
                extras[uuid]['fault'] = (
                    instance_fault.InstanceFault._from_db_object(
                        context, instance_fault.InstanceFault(), row))
    if 'tags' in attrs:
        for chunk in _chunks(uuids):
            for uuid, names in tag_obj.tags_by_resource(session,
                                                        chunk).items():
                extras[uuid]['tags'] = tag_obj.TagList.from_names(
                    context, uuid, names)
    return extras


def _deleted_clause(query, read_deleted, model):
    if read_deleted == 'no':
        return query.where(model.deleted == 0)
    if read_deleted == 'only':
        return query.where(model.deleted != 0)
    return query


_GET_STATEMENTS = {}


def _get_statement(column, read_deleted, joins):
    """The SELECT of one instance by ``column`` (bound as ``key``) for a
    context's ``read_deleted``, with ``joins`` (:func:`joins_for`), built
    once per process."""
    statement = _GET_STATEMENTS.get((column, read_deleted, joins))
    if statement is None:
        model = _models().Instance
        statement = _deleted_clause(
            select_for_listing(joins).where(
                getattr(model, column) == sa.bindparam('key')),
            read_deleted, model)
        _GET_STATEMENTS[(column, read_deleted, joins)] = statement
    return statement


@base.NovaObjectRegistry.register
class Instance(base.NovaPersistentObject, base.NovaObject):
    # Version 2.3: first version of this implementation (Pike's fields,
    #              without numa_topology, pci, vcpu_model, migration
    #              context, keypairs and device metadata).
    VERSION = '2.3'

    fields = {
        'id': fields.IntegerField(),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'image_ref': fields.StringField(nullable=True),
        'kernel_id': fields.StringField(nullable=True),
        'ramdisk_id': fields.StringField(nullable=True),
        'hostname': fields.StringField(nullable=True),
        'launch_index': fields.IntegerField(nullable=True),
        'key_name': fields.StringField(nullable=True),
        'key_data': fields.StringField(nullable=True),
        'power_state': fields.IntegerField(nullable=True),
        'vm_state': fields.StringField(nullable=True),
        'task_state': fields.StringField(nullable=True),
        'memory_mb': fields.IntegerField(nullable=True),
        'vcpus': fields.IntegerField(nullable=True),
        'root_gb': fields.IntegerField(nullable=True),
        'ephemeral_gb': fields.IntegerField(nullable=True),
        'ephemeral_key_uuid': fields.UUIDField(nullable=True),
        'host': fields.StringField(nullable=True),
        'node': fields.StringField(nullable=True),
        'instance_type_id': fields.IntegerField(nullable=True),
        'user_data': fields.StringField(nullable=True),
        'reservation_id': fields.StringField(nullable=True),
        'launched_at': fields.DateTimeField(nullable=True),
        'terminated_at': fields.DateTimeField(nullable=True),
        'scheduled_at': fields.DateTimeField(nullable=True),
        'availability_zone': fields.StringField(nullable=True),
        'display_name': fields.StringField(nullable=True),
        'display_description': fields.StringField(nullable=True),
        'launched_on': fields.StringField(nullable=True),
        'locked': fields.BooleanField(default=False),
        'locked_by': fields.StringField(nullable=True),
        'os_type': fields.StringField(nullable=True),
        'architecture': fields.StringField(nullable=True),
        'vm_mode': fields.StringField(nullable=True),
        'uuid': fields.UUIDField(),
        'root_device_name': fields.StringField(nullable=True),
        'default_ephemeral_device': fields.StringField(nullable=True),
        'default_swap_device': fields.StringField(nullable=True),
        'config_drive': fields.StringField(nullable=True),
        'access_ip_v4': fields.IPV4AddressField(nullable=True),
        'access_ip_v6': fields.IPV6AddressField(nullable=True),
        'auto_disk_config': fields.BooleanField(default=False),
        'progress': fields.IntegerField(nullable=True),
        'shutdown_terminate': fields.BooleanField(default=False),
        'disable_terminate': fields.BooleanField(default=False),
        'cell_name': fields.StringField(nullable=True),
        'cleaned': fields.BooleanField(default=False),
        'metadata': fields.DictOfStringsField(),
        'system_metadata': fields.DictOfNullableStringsField(),
        'info_cache': fields.ObjectField('InstanceInfoCache', nullable=True),
        'flavor': fields.ObjectField('Flavor', nullable=True),
        'old_flavor': fields.ObjectField('Flavor', nullable=True),
        'new_flavor': fields.ObjectField('Flavor', nullable=True),
        'fault': fields.ObjectField('InstanceFault', nullable=True),
        'tags': fields.ObjectField('TagList'),
    }

    obj_extra_fields = ['name']

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._orig_metadata = {}
        self._orig_system_metadata = {}

    # --- change tracking of the two dicts (mutated in place by callers) --

    def obj_reset_changes(self, fields=None, recursive=False):
        super().obj_reset_changes(fields=fields, recursive=recursive)
        for name in ('metadata', 'system_metadata'):
            if fields is None or name in fields:
                setattr(self, '_orig_' + name,
                        dict(getattr(self, name))
                        if self.obj_attr_is_set(name) else {})

    @classmethod
    def _obj_from_primitive(cls, context, objver, primitive):
        # A received instance (over RPC) starts from what it was sent with:
        # the dicts the sender did not change are unchanged here too.  For
        # one it did change, the sender's starting point stayed behind, so
        # the save compares with the rows in the database instead (None).
        self = super()._obj_from_primitive(context, objver, primitive)
        for name in ('metadata', 'system_metadata'):
            if not self.obj_attr_is_set(name):
                continue
            setattr(self, '_orig_' + name,
                    None if name in self._changed_fields
                    else dict(getattr(self, name)))
        return self

    def obj_what_changed(self):
        changes = super().obj_what_changed()
        for name in ('metadata', 'system_metadata'):
            if (self.obj_attr_is_set(name) and
                    getattr(self, name) != getattr(self, '_orig_' + name)):
                changes.add(name)
        return changes

    @property
    def name(self):
        """The name the hypervisor knows the guest by."""
        if not self.obj_attr_is_set('id'):
            return 'instance-%s' % self.uuid
        return 'instance-%08x' % self.id

    # --- loading -------------------------------------------------------------

    @staticmethod
    def _from_db_object(context, instance, db_inst, expected_attrs, extras):
        """Fill ``instance`` from an ``instances`` ORM row (the one
        :meth:`_create` just wrote) and ``extras``, the values of
        ``expected_attrs`` as :func:`_load_extras` gives them.  Reads go
        through :meth:`_from_tuple` instead.  Column values coming from
        the database are trusted, so they are stored without field
        coercion.
        """
        for name in _column_names():
            if name not in instance.fields:
                continue
            value = getattr(db_inst, name)
            if name in _BOOL_COLUMNS:
                value = bool(value)
            elif name == 'deleted':
                value = bool(value)
            elif name in _IP_COLUMNS:
                setattr(instance, name, value)
                continue
            elif name in _DATETIME_COLUMNS and value is not None:
                value = value.replace(tzinfo=_UTC)
            setattr(instance, base.get_attrname(name), value)
        instance._context = context
        expected_attrs = [a for a in expected_attrs
                          if a in INSTANCE_OPTIONAL_ATTRS]
        for attr in expected_attrs:
            value = extras.get(attr)
            if attr == 'tags' and value is None:
                value = tag_obj.TagList.from_names(context, db_inst.uuid, [])
            if attr in ('metadata', 'system_metadata') and value is None:
                value = {}
            setattr(instance, attr, value)
        instance._reset_loaded()
        return instance

    @classmethod
    def _from_tuple(cls, context, row, expected_attrs, extras):
        """An Instance from a row of :func:`select_for_listing` and its
        extras, with no field coercion and no change recorded.

        Only for trusted database values: each column is converted exactly
        as coercion would (see :func:`_field_columns`), the extras are the
        objects :func:`_load_extras` built.
        """
        instance = cls(context)
        values = instance.__dict__
        for (attrname, convert, _col), value in zip(_field_columns(), row):
            values[attrname] = (convert(value) if convert is not None
                                else value)
        for attr in expected_attrs:
            value = extras.get(attr)
            if attr == 'tags' and value is None:
                value = tag_obj.TagList.from_names(
                    context, values['_obj_uuid'], [])
            elif attr in ('metadata', 'system_metadata'):
                value = value or {}
                setattr(instance, '_orig_' + attr, dict(value))
                value = base.obj_trusted_collection(instance, attr, value)
            values['_obj_' + attr] = value
        return instance

    def _reset_loaded(self):
        """obj_reset_changes(recursive=True) for a freshly loaded object,
        without walking every field (the children are fresh too)."""
        self._changed_fields = set()
        for name in ('metadata', 'system_metadata'):
            current = getattr(self, base.get_attrname(name), None)
            setattr(self, '_orig_' + name,
                    dict(current) if current is not None else {})
        for name in _FLAVOR_ATTRS:
            child = getattr(self, base.get_attrname(name), None)
            if child is not None:
                child.obj_reset_changes()

    @classmethod
    def _get_one(cls, context, column, key, expected_attrs):
        """The instance whose ``column`` is ``key`` (as the context's
        read_deleted allows) with ``expected_attrs``, or None.

        One session for the row and its extras, the row read as plain
        tuples (the listing's fast path): a GET or DELETE of a server
        reads one instance this way on every request."""
        joins = joins_for(expected_attrs)
        statement = _get_statement(column, context.read_deleted, joins)
        with db.main_session(context) as session:
            row = db.core_rows(session, statement, {'key': key}).first()
            if row is None:
                return None
            return InstanceList._from_tuples(
                context, session, [row], expected_attrs).objects[0]

    @base.remotable_classmethod
    def get_by_uuid(cls, context, uuid, expected_attrs=None,
                    use_slave=False):
        if expected_attrs is None:
            expected_attrs = ['info_cache']
        instance = cls._get_one(context, 'uuid', uuid, expected_attrs)
        if instance is None:
            raise exception.InstanceNotFound(instance_id=uuid)
        return instance

    @base.remotable_classmethod
    def get_by_id(cls, context, inst_id, expected_attrs=None):
        instance = cls._get_one(context, 'id', inst_id, expected_attrs)
        if instance is None:
            raise exception.InstanceNotFound(instance_id=inst_id)
        return instance

    def obj_load_attr(self, attrname):
        if attrname not in INSTANCE_OPTIONAL_ATTRS:
            raise exception.ObjectActionError(
                action='obj_load_attr',
                reason='attribute %s not lazy-loadable' % attrname)
        if self._context is None:
            raise exception.OrphanedObjectError(method='obj_load_attr',
                                                objtype=self.obj_name())
        if not self.obj_attr_is_set('uuid'):
            raise exception.ObjectActionError(
                action='obj_load_attr', reason='instance has no uuid')
        # The three flavors share one column: load them together.
        attrs = ([a for a in _FLAVOR_ATTRS if not self.obj_attr_is_set(a)]
                 if attrname in _FLAVOR_ATTRS else [attrname])
        with db.main_session(self._context) as session:
            extras = _load_extras(session, self._context, [self.uuid],
                                  attrs)[self.uuid]
        for attr in attrs:
            value = extras.get(attr)
            if attr == 'tags' and value is None:
                value = tag_obj.TagList.from_names(self._context, self.uuid,
                                                   [])
            if attr in ('metadata', 'system_metadata') and value is None:
                value = {}
            setattr(self, attr, value)
            self.obj_reset_changes([attr])

    # --- writing -------------------------------------------------------------

    def _column_values(self, changes):
        columns = set(_column_names())
        values = {}
        for name in changes:
            if name not in columns or name in ('id', 'deleted'):
                continue
            value = getattr(self, name)
            if name in _IP_COLUMNS and value is not None:
                value = str(value)
            elif name in _DATETIME_COLUMNS and value is not None:
                value = _naive_utc(value)
            elif name in _INT_FLAG_COLUMNS and value is not None:
                value = int(value)
            values[name] = value
        return values

    @staticmethod
    def _write_kv(session, model, instance_uuid, new, old, soft=True):
        """Make the live key/value rows of an instance equal ``new``;
        ``old`` is what they are, or None when unknown (then read)."""
        now = timeutils.utcnow()
        if old is None:
            old = dict(session.execute(
                sa.select(model.key, model.value)
                .where(model.instance_uuid == instance_uuid)
                .where(model.deleted == 0)).all())
        gone = [k for k in old if k not in new]
        changed = {k: v for k, v in new.items() if k in old and old[k] != v}
        added = {k: v for k, v in new.items() if k not in old}
        base_q = (lambda q: q.where(model.instance_uuid == instance_uuid)
                  .where(model.deleted == 0))
        if gone:
            session.execute(
                base_q(sa.update(model)).where(model.key.in_(gone))
                .values(deleted=model.id, deleted_at=now))
        for key, value in changed.items():
            session.execute(
                base_q(sa.update(model)).where(model.key == key)
                .values(value=value, updated_at=now))
        if added:
            session.execute(sa.insert(model), [
                {'instance_uuid': instance_uuid, 'key': k, 'value': v,
                 'deleted': 0, 'created_at': now}
                for k, v in added.items()])

    @base.remotable
    def create(self):
        self._create()

    def create_with_action(self, action_name):
        """``create()`` and record the instance action ``action_name`` for
        the context's request in the same transaction (what conductor
        does for every new server: one commit instead of two).  Runs
        where the database is (conductor), never remotely."""
        from nova.objects import instance_action
        self._create(lambda session: instance_action.start_action_in(
            session, self._context, self.uuid, action_name))

    def _create(self, also=None):
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        if not self.obj_attr_is_set('uuid'):
            self.uuid = uuidutils.generate_uuid()
        changes = self.obj_what_changed()
        values = self._column_values(changes | {'uuid'})
        for name in _BOOL_COLUMNS:
            values.setdefault(name, 0 if name in _INT_FLAG_COLUMNS else False)
        values['deleted'] = 0
        values.setdefault('created_at', timeutils.utcnow())
        models = _models()
        metadata = dict(self.metadata) if 'metadata' in self else {}
        sysmeta = (dict(self.system_metadata)
                   if 'system_metadata' in self else {})
        flavors = {a: getattr(self, a) if a in self else None
                   for a in _FLAVOR_ATTRS}
        network_info = (self.info_cache.network_info
                        if 'info_cache' in self and self.info_cache is not None
                        and 'network_info' in self.info_cache else [])
        tags = ([t.tag for t in self.tags] if 'tags' in self else None)
        try:
            row, cache_row = self._insert_rows(
                models, values, metadata, sysmeta, network_info, flavors,
                tags, also)
        except exception.DBDuplicateEntry:
            # The uuid is unique among all instances, deleted ones too;
            # the whole transaction was rolled back.
            with db.main_session(self._context) as session:
                exists = session.execute(
                    sa.select(models.Instance.id)
                    .filter_by(uuid=self.uuid)).first()
            if exists is not None:
                raise exception.InstanceExists(name=self.uuid)
            raise
        extras = {'metadata': metadata, 'system_metadata': sysmeta,
                  'info_cache':
                  instance_info_cache.InstanceInfoCache._from_db_object(
                      self._context, instance_info_cache.InstanceInfoCache(),
                      cache_row)}
        extras.update(flavors)
        loaded = list(extras)
        if tags is not None:
            extras['tags'] = tag_obj.TagList.from_names(
                self._context, self.uuid, sorted(set(tags)))
            loaded.append('tags')
        self._from_db_object(self._context, self, row, loaded, extras)

    def _insert_rows(self, models, values, metadata, sysmeta, network_info,
                     flavors, tags, also):
        """The instance's rows in one transaction (the instance row
        first: a taken uuid fails before anything else is written), with
        Core INSERTs; (the instance's row, its cache's row) are returned
        as namespaces of their columns."""
        with db.main_session(self._context) as session:
            row = db.insert_row(session, models.Instance, values)
            self._write_kv(session, models.InstanceMetadata, self.uuid,
                           metadata, {})
            self._write_kv(session, models.InstanceSystemMetadata,
                           self.uuid, sysmeta, {})
            cache_row = instance_info_cache.InstanceInfoCache._insert_new(
                session, self.uuid, network_info)
            db.insert_row(session, models.InstanceExtra, {
                'instance_uuid': self.uuid, 'deleted': 0,
                'flavor': _flavors_to_json(flavors)})
            if tags:
                tag_obj.write_tags(session, self.uuid, tags, replace=False)
            if also is not None:
                also(session)
        return row, cache_row

    @staticmethod
    def _expected_states(expected):
        """(the expected values as a list, the check's shape for
        :func:`_save_statement`: whether real values and None are
        expected)."""
        if not isinstance(expected, (list, tuple, set, frozenset)):
            expected = [expected]
        expected = list(expected)
        real = [e for e in expected if e is not None]
        return expected, real, (bool(real), None in expected)

    @base.remotable
    def save(self, expected_vm_state=None, expected_task_state=None,
             admin_state_reset=False):
        """Write the changes; with expected states, only if the row still
        has them (atomically).  ``[None]`` expects "no task"."""
        self._save_with(expected_vm_state, expected_task_state)

    @base.remotable
    def save_and_record_event(self, event_name, phase, host=None,
                              expected_vm_state=None,
                              expected_task_state=None):
        """``save()`` and start (``phase`` 'start') or finish as a
        success ('finish') the action event ``event_name``, in one
        transaction.

        nova-compute reaches the database through conductor: this is one
        round trip where a build used two at its start and two at its end.
        Returns whether the event was recorded (False when the request has
        no action for the instance, as for internal requests: the changes
        are saved all the same).
        """
        return self._save_with(
            expected_vm_state, expected_task_state,
            lambda session: _record_event(session, self._context, self.uuid,
                                          event_name, phase, host))

    def save_and_record_action(self, action_name, expected_vm_state=None,
                               expected_task_state=None):
        """``save()`` and start the instance action ``action_name`` for
        the context's request, in one transaction: nova-api does both for
        every server action and every delete (one commit instead of two;
        when the expected states no longer hold, nothing is recorded).
        Runs where the database is (nova-api), never remotely."""
        from nova.objects import instance_action
        self._save_with(
            expected_vm_state, expected_task_state,
            lambda session: instance_action.start_action_in(
                session, self._context, self.uuid, action_name))

    def _save_with(self, expected_vm_state, expected_task_state, also=None):
        """The writes of ``save()``, then ``also(session)`` when given, in
        one transaction; returns what ``also`` returned."""
        with db.main_session(self._context) as session:
            values = self._save_in(session, expected_vm_state,
                                   expected_task_state)
            result = also(session) if also is not None else None
        self._saved(values)
        return result

    def _saved(self, values):
        if 'updated_at' in values:
            self.updated_at = values['updated_at'].replace(tzinfo=_UTC)
        self.obj_reset_changes(recursive=True)

    def _save_in(self, session, expected_vm_state, expected_task_state):
        """The writes of ``save()`` in the caller's transaction; returns
        the column values written."""
        models = _models()
        Inst = models.Instance
        changes = self.obj_what_changed()
        values = self._column_values(changes)
        values.pop('uuid', None)
        values.pop('created_at', None)
        params = {'target_uuid': self.uuid}
        task_shape = vm_shape = None
        if expected_task_state is not None:
            exp_task, params['task_states'], task_shape = (
                self._expected_states(expected_task_state))
        if expected_vm_state is not None:
            exp_vm, params['vm_states'], vm_shape = (
                self._expected_states(expected_vm_state))
        if values or task_shape or vm_shape:
            values.setdefault('updated_at', timeutils.utcnow())
            params.update(('set_' + name, value)
                          for name, value in values.items())
            statement = _save_statement(tuple(sorted(values)), task_shape,
                                        vm_shape)
            result = session.execute(statement, params)
            if result.rowcount != 1:
                current = session.execute(
                    sa.select(Inst.vm_state, Inst.task_state)
                    .filter_by(uuid=self.uuid, deleted=0)).first()
                if current is None:
                    raise exception.InstanceNotFound(
                        instance_id=self.uuid)
                if (expected_task_state is not None and
                        current.task_state not in exp_task):
                    error = exception.UnexpectedTaskStateError
                    if current.task_state == 'deleting':
                        error = exception.UnexpectedDeletingTaskStateError
                    raise error(instance_uuid=self.uuid,
                                expected=exp_task,
                                actual=current.task_state)
                if expected_vm_state is not None:
                    raise exception.UnexpectedVMStateError(
                        instance_uuid=self.uuid, expected=exp_vm,
                        actual=current.vm_state)
                raise exception.InstanceNotFound(instance_id=self.uuid)
        if 'metadata' in changes:
            self._write_kv(session, models.InstanceMetadata, self.uuid,
                           dict(self.metadata), self._orig_metadata)
        if 'system_metadata' in changes:
            self._write_kv(session, models.InstanceSystemMetadata,
                           self.uuid, dict(self.system_metadata),
                           self._orig_system_metadata)
        if changes & set(_FLAVOR_ATTRS):
            self._save_flavors(session)
        if ('info_cache' in changes and self.info_cache is not None and
                'network_info' in self.info_cache.obj_what_changed()):
            instance_info_cache.InstanceInfoCache._upsert(
                session, self.uuid, self.info_cache.network_info)
            self.info_cache.obj_reset_changes()
        if 'tags' in changes and self.tags is not None:
            tag_obj.write_tags(session, self.uuid,
                               [t.tag for t in self.tags])
        return values

    def _save_flavors(self, session):
        models = _models()
        Extra = models.InstanceExtra
        row = session.execute(
            sa.select(Extra).filter_by(instance_uuid=self.uuid)
        ).scalars().first()
        current = (_flavors_from_json(self._context, row.flavor)
                   if row is not None else {a: None for a in _FLAVOR_ATTRS})
        for attr in _FLAVOR_ATTRS:
            if attr in self:
                current[attr] = getattr(self, attr)
        text = _flavors_to_json(current)
        if row is None:
            session.add(Extra(instance_uuid=self.uuid, deleted=0,
                              flavor=text))
        else:
            row.flavor = text
            row.updated_at = timeutils.utcnow()
        session.flush()

    @base.remotable
    def destroy(self):
        """Soft-delete the instance and what hangs off it.

        Refuses (ObjectActionError) when the row's host is no longer the
        host this object knows: someone else moved it meanwhile.
        """
        if not self.obj_attr_is_set('uuid'):
            raise exception.ObjectActionError(action='destroy',
                                              reason='no uuid')
        now = timeutils.utcnow()
        with db.main_session(self._context) as session:
            instance_id = self._destroy_in(session, now)
        self._destroyed(instance_id, now)

    @base.remotable
    def destroy_and_record_event(self, event_name):
        """Write the pending changes (the final states of a delete), then
        ``destroy()``, and finish the action event ``event_name`` as a
        success, in one transaction; finally mark the instance mapping
        queued for delete (API database).

        One conductor round trip where a compute's delete used four (save,
        destroy, event finish, mapping).  Returns whether the event was
        recorded (False when the request has no action).
        """
        now = timeutils.utcnow()
        with db.main_session(self._context) as session:
            self._save_in(session, None, None)
            instance_id = self._destroy_in(session, now)
            recorded = _record_event(session, self._context, self.uuid,
                                     event_name, 'finish')
        self._destroyed(instance_id, now)
        # Whatever else was pending has just been written.
        self.obj_reset_changes(recursive=True)
        from nova.objects import instance_mapping
        try:
            instance_mapping.InstanceMapping.mark_queued_for_delete(
                self._context, self.uuid)
        except exception.NovaException as e:
            # Not found, or a cell conductor without the API database.
            LOG.debug('No instance mapping marked for %s: %s', self.uuid, e)
        return recorded

    def _destroyed(self, instance_id, now):
        self.id = instance_id
        self.deleted = True
        self.deleted_at = now.replace(tzinfo=_UTC)
        self.obj_reset_changes(['id', 'deleted', 'deleted_at'])

    def _destroy_in(self, session, now):
        """The writes of ``destroy()`` in the caller's transaction;
        returns the instance's id."""
        if not self.obj_attr_is_set('host'):
            host_check, params = 'none', {}
        elif self.host is None:
            host_check, params = 'null', {}
        else:
            host_check, params = 'value', {'expected_host': self.host}
        params.update(target_uuid=self.uuid, stamp=now)
        destroy, host_now, others, id_of = _destroy_statements(host_check)
        result = session.execute(destroy, params)
        if result.rowcount != 1:
            current = session.execute(host_now, params).first()
            if current is None:
                raise exception.InstanceNotFound(instance_id=self.uuid)
            raise exception.ObjectActionError(
                action='destroy',
                reason='host changed from %s to %s' % (self.host,
                                                      current.host))
        for statement in others:
            session.execute(statement, params)
        if self.obj_attr_is_set('id'):
            # A row's id never changes: no need to read it back.
            return self.id
        return session.execute(id_of, params).scalar_one()

    @base.remotable
    def refresh(self, use_slave=False):
        loaded = [a for a in INSTANCE_OPTIONAL_ATTRS
                  if self.obj_attr_is_set(a)]
        current = self.__class__.get_by_uuid(
            self._context.elevated(read_deleted='yes'), self.uuid,
            expected_attrs=loaded)
        for name in self.fields:
            if current.obj_attr_is_set(name):
                setattr(self, name, getattr(current, name))
        self.obj_reset_changes(recursive=True)


def _state_check(column, shape, name):
    """The WHERE clause "``column`` is one of :``name`` (or NULL)" for a
    shape of :meth:`Instance._expected_states`."""
    real, none = shape
    parts = []
    if real:
        parts.append(column.in_(sa.bindparam(name, expanding=True)))
    if none:
        parts.append(column.is_(None))
    return sa.or_(*parts) if parts else sa.false()


@functools.lru_cache(maxsize=256)
def _save_statement(columns, task_shape, vm_shape):
    """The UPDATE of ``save()`` writing ``columns`` (each from the
    parameter ``set_<column>``) of the live instance ``:target_uuid``,
    checking the task and VM states when their shapes are given
    (parameters ``task_states`` and ``vm_states``): built once per process
    and shape, as compute's saves repeat a few shapes all the time.
    On the table, not the mapped class: a Core UPDATE skips the ORM's
    bulk-update machinery (nothing here is in the session)."""
    table = _models().Instance.__table__
    statement = (sa.update(table)
                 .where(table.c.uuid == sa.bindparam('target_uuid'),
                        table.c.deleted == 0)
                 .values({name: sa.bindparam('set_' + name)
                          for name in columns}))
    if task_shape is not None:
        statement = statement.where(
            _state_check(table.c.task_state, task_shape, 'task_states'))
    if vm_shape is not None:
        statement = statement.where(
            _state_check(table.c.vm_state, vm_shape, 'vm_states'))
    return statement


@functools.cache
def _destroy_statements(host_check):
    """(the instance's soft delete, its current host, the soft deletes and
    deletes of what hangs off it, its id) for ``destroy()``, built once per
    process and host check ('none', 'null' or 'value' of ``:host``):
    every server deleted runs the thirteen of them, and building them
    cost conductor more CPU than running them.  Parameters: target_uuid,
    stamp, expected_host."""
    models = _models()
    Inst = models.Instance.__table__.c
    # Parameter names no table here has as a column (an UPDATE would
    # take such a parameter as one more column to set).
    uuid = sa.bindparam('target_uuid')
    now = sa.bindparam('stamp')
    criteria = [Inst.uuid == uuid, Inst.deleted == 0]
    if host_check == 'null':
        criteria.append(Inst.host.is_(None))
    elif host_check == 'value':
        criteria.append(Inst.host == sa.bindparam('expected_host'))
    # Core statements on the tables (see _save_in).
    destroy = (sa.update(models.Instance.__table__).where(*criteria)
               .values(deleted=Inst.id, deleted_at=now, updated_at=now))
    host_now = sa.select(Inst.host).where(Inst.uuid == uuid,
                                          Inst.deleted == 0)
    others = []
    for model in (models.InstanceMetadata, models.InstanceSystemMetadata,
                  models.InstanceInfoCache, models.InstanceExtra,
                  models.InstanceFault, models.BlockDeviceMapping,
                  models.SecurityGroupInstanceAssociation,
                  models.Migration):
        table = model.__table__
        others.append(sa.update(table)
                      .where(table.c.instance_uuid == uuid,
                             table.c.deleted == 0)
                      .values(deleted=table.c.id, deleted_at=now))
    others.append(sa.delete(models.Tag.__table__).where(
        models.Tag.__table__.c.resource_id == uuid))
    tokens = models.ConsoleAuthToken.__table__
    others.append(sa.delete(tokens).where(tokens.c.instance_uuid == uuid))
    id_of = sa.select(Inst.id).where(Inst.uuid == uuid)
    return destroy, host_now, tuple(others), id_of


def _record_event(session, context, instance_uuid, event_name, phase,
                  host=None):
    """Start or finish (``phase``) an action event in ``session``; False,
    having written nothing, when the request has no action (or, to
    finish, no such event) for the instance."""
    from nova.objects import instance_action
    try:
        if phase == 'start':
            instance_action.start_event_in(session, context, instance_uuid,
                                           event_name, host=host)
        elif phase == 'finish':
            instance_action.finish_event_in(session, context, instance_uuid,
                                            event_name)
        else:
            raise ValueError('phase must be start or finish, not %r'
                             % phase)
    except (exception.InstanceActionNotFound,
            exception.InstanceActionEventNotFound):
        return False
    return True


def _as_list(value):
    if isinstance(value, str):
        return [v for v in value.split(',') if v]
    if isinstance(value, (list, tuple, set, frozenset)):
        return list(value)
    return [value]


def _match(column, value):
    if isinstance(value, (list, tuple, set, frozenset)):
        values = list(value)
        real = [v for v in values if v is not None]
        parts = [column.in_(real)] if real else []
        if None in values:
            parts.append(column.is_(None))
        return sa.or_(*parts) if parts else sa.false()
    if value is None:
        return column.is_(None)
    return column == value


def _apply_filters(query, context, filters):
    models = _models()
    Inst = models.Instance
    Tag = models.Tag
    filters = dict(filters or {})
    for alias, name in _FILTER_ALIASES.items():
        if alias in filters and name not in filters:
            filters[name] = filters.pop(alias)
        else:
            filters.pop(alias, None)

    if 'deleted' in filters:
        deleted = filters.pop('deleted')
        if isinstance(deleted, str):
            deleted = strutils.bool_from_string(deleted)
        soft = filters.pop('soft_deleted', None)
        if deleted:
            if soft is None or soft:
                query = query.where(sa.or_(
                    Inst.deleted != 0,
                    Inst.vm_state == vm_states.SOFT_DELETED))
            else:
                query = query.where(Inst.deleted != 0)
        else:
            query = query.where(Inst.deleted == 0)
            if not soft:
                query = query.where(sa.or_(
                    Inst.vm_state != vm_states.SOFT_DELETED,
                    Inst.vm_state.is_(None)))
    else:
        filters.pop('soft_deleted', None)
        query = _deleted_clause(query, context.read_deleted, Inst)

    since = filters.pop('changes-since', None)
    if since is not None:
        query = query.where(Inst.updated_at >= _naive_utc(since))
    before = filters.pop('changes-before', None)
    if before is not None:
        query = query.where(Inst.updated_at <= _naive_utc(before))

    for key, column_name in _REGEXP_FILTERS.items():
        if key in filters and filters[key] is not None:
            pattern = str(filters.pop(key))
            query = query.where(
                getattr(Inst, column_name).regexp_match(pattern))

    if 'locked' in filters and isinstance(filters['locked'], str):
        filters['locked'] = strutils.bool_from_string(filters['locked'])
    if isinstance(filters.get('cleaned'), (bool, str)):
        filters['cleaned'] = int(strutils.bool_from_string(
            filters['cleaned']))

    for key in _EXACT_FILTERS:
        if key in filters:
            query = query.where(_match(getattr(Inst, key), filters.pop(key)))

    tags = filters.pop('tags', None)
    if tags:
        for tag in _as_list(tags):
            query = query.where(Inst.uuid.in_(
                sa.select(Tag.resource_id).where(Tag.tag == tag)))
    tags_any = filters.pop('tags-any', None)
    if tags_any:
        query = query.where(Inst.uuid.in_(
            sa.select(Tag.resource_id).where(
                Tag.tag.in_(_as_list(tags_any)))))
    not_tags = filters.pop('not-tags', None)
    if not_tags:
        names = sorted(set(_as_list(not_tags)))
        having_all = (sa.select(Tag.resource_id)
                      .where(Tag.tag.in_(names))
                      .group_by(Tag.resource_id)
                      .having(sa.func.count(Tag.tag) == len(names)))
        query = query.where(Inst.uuid.not_in(having_all))
    not_tags_any = filters.pop('not-tags-any', None)
    if not_tags_any:
        query = query.where(Inst.uuid.not_in(
            sa.select(Tag.resource_id).where(
                Tag.tag.in_(_as_list(not_tags_any)))))
    # Anything else (ip, ip6, all_tenants, ...) is not filtered here.
    return query


def _sort_params(sort_key, sort_dir, sort_keys, sort_dirs):
    """Normalized ([keys], [dirs]) ending with the unique 'id'."""
    if sort_keys:
        keys = list(sort_keys)
        dirs = list(sort_dirs or [])
    else:
        keys = [sort_key or 'created_at']
        dirs = [sort_dir or 'desc']
    default_dir = dirs[0] if dirs else 'desc'
    while len(dirs) < len(keys):
        dirs.append(default_dir)
    dirs = dirs[:len(keys)]
    columns = set(_column_names())
    for key in keys:
        if key not in columns:
            raise exception.InvalidSortKey(sort_key=key)
    for direction in dirs:
        if direction not in ('asc', 'desc'):
            raise exception.Invalid('Unknown sort direction %s, must be '
                                    "'asc' or 'desc'" % direction)
    if 'id' not in keys:
        keys.append('id')
        dirs.append(default_dir)
    return keys, dirs


def _after_marker(model, keys, dirs, marker_row):
    """WHERE clause selecting rows strictly after ``marker_row`` in the
    order (keys, dirs), with NULL sorting before every value (as SQLite and
    MySQL/MariaDB order them)."""
    alternatives = []
    for i, key in enumerate(keys):
        column = getattr(model, key)
        marker_value = getattr(marker_row, key)
        equal_before = [
            (getattr(model, k).is_(None)
             if getattr(marker_row, k) is None
             else getattr(model, k) == getattr(marker_row, k))
            for k in keys[:i]]
        if dirs[i] == 'asc':
            after = (column.is_not(None) if marker_value is None
                     else column > marker_value)
        else:
            if marker_value is None:
                continue
            after = sa.or_(column < marker_value, column.is_(None))
        alternatives.append(sa.and_(*equal_before, after))
    return sa.or_(*alternatives) if alternatives else sa.false()


def _order_by(model, keys, dirs):
    return [getattr(model, k).asc() if d == 'asc' else getattr(model, k).desc()
            for k, d in zip(keys, dirs)]


@base.NovaObjectRegistry.register
class InstanceList(base.ObjectListBase, base.NovaObject):
    # Version 2.2: first version of this implementation.
    VERSION = '2.2'

    fields = {
        'objects': fields.ListOfObjectsField('Instance'),
    }

    @classmethod
    def _from_tuples(cls, context, session, rows, expected_attrs):
        """The list for rows of ``select_for_listing(joins_for(
        expected_attrs))`` (the fast path of listing: plain tuples, no ORM
        entities, no field coercion)."""
        expected_attrs = [a for a in (expected_attrs or [])
                          if a in INSTANCE_OPTIONAL_ATTRS]
        uuid_index = [n for n, _c, _col in _field_columns()].index(
            '_obj_uuid')
        joins = joins_for(expected_attrs)
        apart = [a for a in expected_attrs
                 if a != 'info_cache' and a not in _FLAVOR_ATTRS]
        extras = (_load_extras(session, context,
                               [row[uuid_index] for row in rows], apart)
                  if apart else {})
        if joins != (False, False):
            _joined_extras(context, rows, uuid_index, expected_attrs,
                           joins, extras)
        no_extras = {}
        from_tuple = Instance._from_tuple
        result = cls(context)
        result.__dict__['_obj_objects'] = base.obj_trusted_collection(
            result, 'objects',
            [from_tuple(context, row, expected_attrs,
                        extras.get(row[uuid_index], no_extras))
             for row in rows])
        return result

    @base.remotable_classmethod
    def get_by_filters(cls, context, filters, sort_key='created_at',
                       sort_dir='desc', limit=None, marker=None,
                       expected_attrs=None, use_slave=False, sort_keys=None,
                       sort_dirs=None):
        models = _models()
        Inst = models.Instance
        keys, dirs = _sort_params(sort_key, sort_dir, sort_keys, sort_dirs)
        if limit is not None and int(limit) <= 0:
            return cls._from_tuples(context, None, [], [])
        joins = joins_for(expected_attrs)
        query = _apply_filters(select_for_listing(joins), context, filters)
        with db.main_session(context) as session:
            if marker is not None:
                marker_row = session.execute(
                    sa.select(Inst).filter_by(uuid=marker)).scalars().first()
                if marker_row is None:
                    raise exception.MarkerNotFound(marker=marker)
                query = query.where(_after_marker(Inst, keys, dirs,
                                                  marker_row))
            query = query.order_by(*_order_by(Inst, keys, dirs))
            if limit is not None:
                query = query.limit(int(limit))
            rows = db.core_rows(session, query).all()
            return cls._from_tuples(context, session, rows, expected_attrs)

    @base.remotable_classmethod
    def get_by_host(cls, context, host, expected_attrs=None,
                    use_slave=False):
        return cls.get_by_filters(context, {'host': host},
                                  sort_keys=['id'], sort_dirs=['asc'],
                                  expected_attrs=expected_attrs)

    @base.remotable_classmethod
    def get_by_host_and_node(cls, context, host, node, expected_attrs=None):
        return cls.get_by_filters(context, {'host': host, 'node': node},
                                  sort_keys=['id'], sort_dirs=['asc'],
                                  expected_attrs=expected_attrs)

    @base.remotable_classmethod
    def get_uuids_by_host(cls, context, host):
        models = _models()
        with db.main_session(context) as session:
            return list(session.execute(
                sa.select(models.Instance.uuid)
                .filter_by(host=host, deleted=0)).scalars())

    @base.remotable_classmethod
    def get_counts(cls, context, project_id, user_id=None):
        """{'project': {'instances', 'cores', 'ram'}, 'user': {...}} of the
        live (not soft-deleted) instances in the context's cell."""
        models = _models()
        Inst = models.Instance
        query = (sa.select(sa.func.count(Inst.id),
                           sa.func.coalesce(sa.func.sum(Inst.vcpus), 0),
                           sa.func.coalesce(sa.func.sum(Inst.memory_mb), 0))
                 .where(Inst.deleted == 0)
                 .where(sa.or_(Inst.vm_state != vm_states.SOFT_DELETED,
                               Inst.vm_state.is_(None)))
                 .where(Inst.project_id == project_id))
        result = {}
        with db.main_session(context) as session:
            count, cores, ram = session.execute(query).one()
            result['project'] = {'instances': int(count),
                                 'cores': int(cores), 'ram': int(ram)}
            if user_id is not None:
                count, cores, ram = session.execute(
                    query.where(Inst.user_id == user_id)).one()
                result['user'] = {'instances': int(count),
                                  'cores': int(cores), 'ram': int(ram)}
        return result

    def fill_faults(self):
        """Set ``fault`` on every instance (one query); return the uuids
        that have one."""
        uuids = [inst.uuid for inst in self.objects]
        with db.main_session(self._context) as session:
            rows = instance_fault.latest_rows(session, uuids)
        for inst in self.objects:
            row = rows.get(inst.uuid)
            inst.fault = (instance_fault.InstanceFault._from_db_object(
                self._context, instance_fault.InstanceFault(), row)
                if row is not None else None)
            inst.obj_reset_changes(['fault'])
        return [u for u in uuids if u in rows]
