"""BuildRequest: a server accepted by the API but not yet in a cell.

Lives in the API database until conductor has scheduled the instance and
created it in its cell.  ``instance`` is the Instance object serialized as
its versioned primitive (JSON); the servers API lists build requests
alongside cell instances, so BuildRequestList.get_by_filters understands the
same filters and sort keys as InstanceList (evaluated in Python: the
instance is an opaque blob in the database).
"""

import datetime
import functools
import re

import sqlalchemy as sa
from oslo_serialization import jsonutils
from oslo_utils import strutils
from oslo_utils import timeutils

from nova.db.api import models as api_models
from nova.db import engine as db
from nova import exception
from nova.objects import base
from nova.objects import fields
from nova.objects import instance as instance_obj
from nova.objects import tag as tag_obj

BRModel = api_models.BuildRequest

_UTC = datetime.timezone.utc


@base.NovaObjectRegistry.register
class BuildRequest(base.NovaObject):
    # Version 1.3: first version of this implementation (Pike's fields;
    #              block device mappings kept as the raw stored text).
    VERSION = '1.3'

    fields = {
        'id': fields.IntegerField(),
        'instance_uuid': fields.UUIDField(),
        'project_id': fields.StringField(),
        'instance': fields.ObjectField('Instance'),
        'block_device_mappings': fields.StringField(nullable=True),
        'tags': fields.ObjectField('TagList'),
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }

    def obj_load_attr(self, attrname):
        if attrname == 'block_device_mappings':
            self.block_device_mappings = None
            return
        if attrname == 'tags':
            self.tags = tag_obj.TagList.from_names(
                self._context, self.instance_uuid, [])
            return
        raise exception.ObjectActionError(
            action='obj_load_attr',
            reason='attribute %s not lazy-loadable' % attrname)

    @classmethod
    def _load_instance(cls, context, text, db_br):
        instance = instance_obj.Instance.obj_from_primitive(
            jsonutils.loads(text), context=context)
        return cls._complete_instance(context, instance, db_br)

    @staticmethod
    def _complete_instance(context, instance, db_br):
        instance._context = context
        # Not in a cell database yet: nothing to lazy-load from there.
        for name, default in (('deleted', False), ('metadata', {}),
                              ('system_metadata', {}), ('fault', None),
                              ('info_cache', None), ('old_flavor', None),
                              ('new_flavor', None)):
            if not instance.obj_attr_is_set(name):
                setattr(instance, name, default)
        names = jsonutils.loads(db_br.tags) if db_br.tags else []
        if not instance.obj_attr_is_set('tags'):
            instance.tags = tag_obj.TagList.from_names(
                context, db_br.instance_uuid, names)
        if not instance.obj_attr_is_set('created_at'):
            instance.created_at = db_br.created_at
        instance._reset_loaded()
        return instance

    @classmethod
    def _from_db_object(cls, context, req, db_req):
        req.id = db_req.id
        req.instance_uuid = db_req.instance_uuid
        req.project_id = db_req.project_id
        req.block_device_mappings = db_req.block_device_mappings
        req.created_at = db_req.created_at
        req.updated_at = db_req.updated_at
        req.instance = cls._load_instance(context, db_req.instance, db_req)
        req.tags = tag_obj.TagList.from_names(
            context, db_req.instance_uuid,
            jsonutils.loads(db_req.tags) if db_req.tags else [])
        req._context = context
        req.obj_reset_changes(recursive=True)
        return req

    @base.remotable_classmethod
    def get_by_instance_uuid(cls, context, instance_uuid):
        with db.api_session() as session:
            row = session.execute(sa.select(BRModel).filter_by(
                instance_uuid=instance_uuid)).scalars().first()
        if row is None:
            raise exception.BuildRequestNotFound(uuid=instance_uuid)
        return cls._from_db_object(context, cls(), row)

    def _instance_text(self):
        return jsonutils.dumps(self.instance.obj_to_primitive())

    @base.remotable
    def create(self):
        try:
            with db.api_session() as session:
                row = self.create_in_session(session, load=False)
        except exception.DBDuplicateEntry:
            raise exception.BuildRequestAlreadyExists(uuid=self.instance_uuid)
        self._from_db_object(self._context, self, row)

    def create_in_session(self, session, load=True):
        """Insert the row in the caller's API database transaction (the
        API writes a server's records in one); returns the row.  A
        duplicate surfaces as DBDuplicateEntry when the transaction
        ends."""
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        if not self.obj_attr_is_set('instance_uuid'):
            self.instance_uuid = self.instance.uuid
        if not self.obj_attr_is_set('project_id'):
            self.project_id = self.instance.project_id
        tags = ([t.tag for t in self.tags]
                if self.obj_attr_is_set('tags') and self.tags else [])
        row = db.insert_row(session, BRModel, {
            'instance_uuid': self.instance_uuid,
            'project_id': self.project_id,
            'instance': self._instance_text(),
            'block_device_mappings': (
                self.block_device_mappings
                if self.obj_attr_is_set('block_device_mappings')
                else None),
            'tags': jsonutils.dumps(tags), 'created_at': timeutils.utcnow()})
        if load:
            self._from_new_row(row)
        return row

    def _from_new_row(self, row):
        """What ``_from_db_object`` sets, for the row just written from
        this object (the instance is kept, not decoded again)."""
        self.id = row.id
        self.block_device_mappings = row.block_device_mappings
        self.created_at = row.created_at
        self.updated_at = row.updated_at
        self.instance = self._complete_instance(self._context, self.instance,
                                                row)
        self.tags = tag_obj.TagList.from_names(
            self._context, row.instance_uuid,
            jsonutils.loads(row.tags) if row.tags else [])
        self.obj_reset_changes(recursive=True)

    @base.remotable
    def save(self):
        with db.api_session() as session:
            result = session.execute(
                sa.update(BRModel)
                .where(BRModel.instance_uuid == self.instance_uuid)
                .values(instance=self._instance_text(),
                        updated_at=timeutils.utcnow()))
            if result.rowcount == 0:
                raise exception.BuildRequestNotFound(uuid=self.instance_uuid)
        self.obj_reset_changes(recursive=True)

    @base.remotable
    def destroy(self):
        with db.api_session() as session:
            result = session.execute(sa.delete(BRModel).where(
                BRModel.instance_uuid == self.instance_uuid))
        if result.rowcount == 0:
            raise exception.BuildRequestNotFound(uuid=self.instance_uuid)

    @base.remotable
    def destroy_and_map(self, cell_mapping):
        """The instance now lives in ``cell_mapping``'s database: point its
        InstanceMapping there and delete this request, in one API database
        transaction.  BuildRequestNotFound (and no change to the mapping)
        when the request was deleted meanwhile (the server was deleted
        while it was being scheduled)."""
        from nova.objects import instance_mapping
        with db.api_session() as session:
            result = session.execute(_delete_statement(),
                                     {'of_uuid': self.instance_uuid})
            if result.rowcount == 0:
                raise exception.BuildRequestNotFound(uuid=self.instance_uuid)
            instance_mapping.set_cell_in_session(
                session, self.instance_uuid, cell_mapping)


@functools.cache
def _delete_statement():
    """The DELETE of the build request bound as ``of_uuid``, on the table
    and built once per process (conductor runs it for every server)."""
    table = BRModel.__table__
    return sa.delete(table).where(
        table.c.instance_uuid == sa.bindparam('of_uuid'))


# --- quota usage of pending build requests ------------------------------------

_USAGE_FIELDS = ('user_id', 'vcpus', 'memory_mb')


@functools.lru_cache(maxsize=8)
def _usage_statement(dialect):
    """The SELECT of a project's build requests' uuids and sizes (the
    project a parameter), read with the backend's JSON functions out of
    the stored instance (its versioned primitive), built once per
    process: every server create runs it twice.  None when the backend
    has no JSON functions we know."""
    table = BRModel.__table__
    # MySQL returns JSON text ('"abc"', '1', 'null'): decoded in Python.
    fields_sql = [db.primitive_member(table.c.instance, dialect, name)
                  for name in _USAGE_FIELDS]
    if any(field is None for field in fields_sql):
        return None
    return (sa.select(table.c.instance_uuid, *fields_sql)
            .where(table.c.project_id == sa.bindparam('of_project')))


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def pending_usage(context, project_id):
    """{instance uuid: (user_id, vcpus, memory_mb)} of ``project_id``'s
    build requests.

    The quota counters call this on every create, so it reads the three
    values with the database's JSON functions instead of loading every
    instance blob and building Instance objects (a row whose blob lacks
    the sizes, or a backend without JSON functions, falls back to that).
    """
    result = {}
    with db.api_session() as session:
        dialect = session.get_bind().dialect.name
        statement = _usage_statement(dialect)
        if statement is not None:
            rows = session.execute(statement,
                                   {'of_project': project_id}).all()
        else:
            rows = [(uuid, None, None, None) for uuid in session.execute(
                sa.select(BRModel.instance_uuid)
                .where(BRModel.project_id == project_id)).scalars()]
        incomplete = []
        for uuid, user_id, vcpus, memory_mb in rows:
            if dialect == 'mysql':
                user_id, vcpus, memory_mb = (
                    None if v is None else jsonutils.loads(v)
                    for v in (user_id, vcpus, memory_mb))
            vcpus, memory_mb = _as_int(vcpus), _as_int(memory_mb)
            if vcpus is None or memory_mb is None:
                incomplete.append(uuid)
                continue
            result[uuid] = (user_id, vcpus, memory_mb)
        if incomplete:
            full = session.execute(
                sa.select(BRModel)
                .where(BRModel.instance_uuid.in_(incomplete))
            ).scalars().all()
            for row in full:
                try:
                    inst = BuildRequest._load_instance(context, row.instance,
                                                       row)
                except Exception:
                    continue
                result[row.instance_uuid] = _sizes_of(inst)
    return result


def _sizes_of(inst):
    vcpus = inst.vcpus if 'vcpus' in inst else None
    ram = inst.memory_mb if 'memory_mb' in inst else None
    if (vcpus is None or ram is None) and 'flavor' in inst and \
            inst.flavor is not None:
        vcpus = inst.flavor.vcpus if vcpus is None else vcpus
        ram = inst.flavor.memory_mb if ram is None else ram
    return (inst.user_id if 'user_id' in inst else None, vcpus or 0,
            ram or 0)


# --- filtering and sorting in Python -----------------------------------------

_REGEXP = {'name': 'display_name', 'display_name': 'display_name',
           'display_description': 'display_description'}
_ALIASES = {'image': 'image_ref', 'flavor': 'instance_type_id'}


def _as_list(value):
    if isinstance(value, str):
        return [v for v in value.split(',') if v]
    if isinstance(value, (list, tuple, set, frozenset)):
        return list(value)
    return [value]


def _value(instance, name):
    return getattr(instance, name) if instance.obj_attr_is_set(name) else None


def _matches(instance, tags, filters):
    for key, wanted in filters.items():
        key = _ALIASES.get(key, key)
        if key == 'deleted':
            if isinstance(wanted, str):
                wanted = strutils.bool_from_string(wanted)
            if wanted:  # build requests are never deleted
                return False
        elif key in _REGEXP:
            actual = _value(instance, _REGEXP[key])
            if actual is None or not re.search(str(wanted), actual):
                return False
        elif key == 'changes-since':
            since = wanted
            if isinstance(since, str):
                since = timeutils.parse_isotime(since)
            if since.tzinfo is None:
                since = since.replace(tzinfo=_UTC)
            updated = (_value(instance, 'updated_at') or
                       _value(instance, 'created_at'))
            if updated is None or updated < since:
                return False
        elif key == 'tags':
            if not set(_as_list(wanted)) <= tags:
                return False
        elif key == 'tags-any':
            if not set(_as_list(wanted)) & tags:
                return False
        elif key == 'not-tags':
            if set(_as_list(wanted)) <= tags:
                return False
        elif key == 'not-tags-any':
            if set(_as_list(wanted)) & tags:
                return False
        elif key in instance.fields and key not in (
                'metadata', 'system_metadata', 'info_cache', 'flavor',
                'old_flavor', 'new_flavor', 'fault', 'tags'):
            actual = _value(instance, key)
            if key == 'locked' and isinstance(wanted, str):
                wanted = strutils.bool_from_string(wanted)
            if isinstance(wanted, (list, tuple, set, frozenset)):
                if actual not in wanted and str(actual) not in [
                        str(w) for w in wanted]:
                    return False
            elif actual != wanted and str(actual) != str(wanted):
                return False
        # anything else (ip, ip6, all_tenants, soft_deleted...) ignored
    return True


def _sort_key(instance, keys, dirs):
    """A tuple sorting None first; descending keys are inverted."""
    parts = []
    for key, direction in zip(keys, dirs):
        value = _value(instance, key)
        present = value is not None
        if direction == 'desc':
            parts.append(_Reversed((present, value)))
        else:
            parts.append((present, value))
    return tuple(parts)


class _Reversed:
    __slots__ = ('value',)

    def __init__(self, value):
        self.value = value

    def __lt__(self, other):
        return _lt(other.value, self.value)

    def __eq__(self, other):
        return self.value == other.value


def _lt(a, b):
    try:
        return a < b
    except TypeError:
        return str(a) < str(b)


@base.NovaObjectRegistry.register
class BuildRequestList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.0'

    fields = {
        'objects': fields.ListOfObjectsField('BuildRequest'),
    }

    @base.remotable_classmethod
    def get_all(cls, context):
        query = sa.select(BRModel).order_by(BRModel.id)
        if not context.is_admin and context.project_id:
            query = query.where(BRModel.project_id == context.project_id)
        with db.api_session() as session:
            rows = session.execute(query).scalars().all()
        return base.obj_make_list(context, cls(context), BuildRequest, rows)

    @base.remotable_classmethod
    def get_by_filters(cls, context, filters, limit=None, marker=None,
                       sort_keys=None, sort_dirs=None):
        """Build requests matching InstanceList-style filters, sorted, then
        paged with an instance uuid ``marker`` (MarkerNotFound when the
        marker is not a build request: the caller then looks in cells)."""
        filters = dict(filters or {})
        if limit is not None and int(limit) == 0:
            return cls(context, objects=[])
        query = sa.select(BRModel)
        project_id = filters.get('project_id')
        if project_id is not None and not isinstance(project_id,
                                                     (list, tuple)):
            query = query.where(BRModel.project_id == project_id)
        with db.api_session() as session:
            rows = session.execute(query).scalars().all()
        requests = []
        for row in rows:
            try:
                req = BuildRequest._from_db_object(context, BuildRequest(),
                                                   row)
            except Exception:
                # A blob this code cannot read: skip rather than fail the
                # whole listing.
                continue
            tags = {t.tag for t in req.tags}
            if _matches(req.instance, tags, filters):
                requests.append(req)
        keys = list(sort_keys or ['created_at'])
        dirs = list(sort_dirs or ['desc'])
        while len(dirs) < len(keys):
            dirs.append(dirs[0])
        for key in keys:
            if key not in req_instance_fields():
                raise exception.InvalidSortKey(sort_key=key)
        if 'uuid' not in keys:
            keys.append('uuid')
            dirs.append(dirs[0])
        requests.sort(key=lambda r: _sort_key(r.instance, keys, dirs))
        if marker is not None:
            positions = [i for i, r in enumerate(requests)
                         if r.instance_uuid == marker]
            if not positions:
                raise exception.MarkerNotFound(marker=marker)
            requests = requests[positions[0] + 1:]
        if limit is not None:
            requests = requests[:int(limit)]
        result = cls(context, objects=requests)
        result.obj_reset_changes()
        return result


def req_instance_fields():
    return instance_obj.Instance.fields
