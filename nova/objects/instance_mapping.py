"""InstanceMapping: which cell an instance lives in.

Rows live in the API database (``instance_mappings``).  ``cell_mapping`` is
None while the instance is still a build request (not yet scheduled).
"""

import functools

import sqlalchemy as sa
from sqlalchemy import orm

from nova.db.api import models as api_models
from nova.db import engine as db_engine
from nova import exception
from nova.objects import base
from nova.objects import cell_mapping as cell_mapping_obj
from nova.objects import fields


def _instance_mapping_query():
    return sa.select(api_models.InstanceMapping).options(
        orm.joinedload(api_models.InstanceMapping.cell_mapping))


@functools.cache
def _by_uuid_statement():
    """The mapping (and its cell) of the instance bound as ``of_uuid``,
    built once per process: nova-api reads one for every GET, DELETE and
    action on a server, and building a statement with a joined load cost
    about as much as running it."""
    return _instance_mapping_query().where(
        api_models.InstanceMapping.instance_uuid == sa.bindparam('of_uuid'))


@base.NovaObjectRegistry.register
class InstanceMapping(base.NovaTimestampObject, base.NovaObject):
    # Version 1.0: Initial version
    # Version 1.1: Add queued_for_delete
    # Version 1.2: Add user_id
    VERSION = '1.2'

    fields = {
        'id': fields.IntegerField(read_only=True),
        'instance_uuid': fields.UUIDField(),
        'cell_mapping': fields.ObjectField('CellMapping', nullable=True),
        'project_id': fields.StringField(),
        'user_id': fields.StringField(nullable=True),
        'queued_for_delete': fields.BooleanField(default=False),
    }

    # Used only without a version manifest (conductor sends one).
    obj_relationships = {
        'cell_mapping': [('1.0', '1.0'), ('1.1', '1.1')],
    }

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        if target_version in ('1.0', '1.1'):
            primitive.pop('user_id', None)
        if target_version == '1.0':
            primitive.pop('queued_for_delete', None)

    @staticmethod
    def _from_db_object(context, obj, db_im):
        for key in obj.fields:
            if key == 'cell_mapping':
                cell = None
                if db_im.cell_mapping is not None:
                    cell = cell_mapping_obj.CellMapping._from_db_object(
                        context, cell_mapping_obj.CellMapping(),
                        db_im.cell_mapping)
                obj.cell_mapping = cell
            elif key == 'queued_for_delete':
                obj.queued_for_delete = bool(db_im.queued_for_delete)
            else:
                setattr(obj, key, db_im[key])
        obj._context = context
        obj.obj_reset_changes()
        return obj

    def _values_from_changes(self):
        changes = self.obj_get_changes()
        values = {}
        for key, value in changes.items():
            if key == 'cell_mapping':
                if value is None:
                    values['cell_id'] = None
                elif 'id' in value:
                    values['cell_id'] = value.id
                else:
                    values['cell_id'] = cell_mapping_obj.CellMapping\
                        .get_by_uuid(self._context, value.uuid).id
            elif key != 'id':
                values[key] = value
        return values

    def _reload(self, session, db_id):
        db_im = session.execute(
            _instance_mapping_query().where(
                api_models.InstanceMapping.id == db_id)
        ).unique().scalar_one()
        self._from_db_object(self._context, self, db_im)

    @base.remotable_classmethod
    def get_by_instance_uuid(cls, context, instance_uuid):
        with db_engine.api_session() as session:
            db_im = session.execute(
                _by_uuid_statement(), {'of_uuid': instance_uuid}
            ).unique().scalar_one_or_none()
            if db_im is None:
                raise exception.InstanceMappingNotFound(uuid=instance_uuid)
            return cls._from_db_object(context, cls(), db_im)

    @base.remotable
    def create(self):
        with db_engine.api_session() as session:
            self.create_in_session(session)

    def create_in_session(self, session):
        """Insert the row in the caller's API database transaction (the
        API writes a server's records in one)."""
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        values = self._values_from_changes()
        values.setdefault('queued_for_delete', False)
        db_im = db_engine.insert_row(session, api_models.InstanceMapping,
                                     values)
        # Every column is known now: nothing to read back (POST /servers
        # writes one mapping per server).
        self.id = db_im.id
        self.created_at = db_im.created_at
        self.updated_at = None
        self.queued_for_delete = bool(values['queued_for_delete'])
        for key in ('cell_mapping', 'user_id'):
            if not self.obj_attr_is_set(key):
                setattr(self, key, None)
        self.obj_reset_changes()

    @base.remotable
    def save(self):
        values = self._values_from_changes()
        values.pop('instance_uuid', None)
        with db_engine.api_session() as session:
            db_im = session.execute(
                sa.select(api_models.InstanceMapping).where(
                    api_models.InstanceMapping.instance_uuid ==
                    self.instance_uuid)
            ).scalar_one_or_none()
            if db_im is None:
                raise exception.InstanceMappingNotFound(
                    uuid=self.instance_uuid)
            db_im.update(values)
            session.flush()
            session.expire(db_im)
            self._reload(session, db_im.id)

    @base.remotable_classmethod
    def mark_queued_for_delete(cls, context, instance_uuid):
        """Set ``queued_for_delete`` with one UPDATE (what compute does
        once an instance is deleted); InstanceMappingNotFound without a
        mapping."""
        with db_engine.api_session() as session:
            result = session.execute(_queue_for_delete_statement(),
                                     {'of_uuid': instance_uuid})
            if not result.rowcount:
                raise exception.InstanceMappingNotFound(uuid=instance_uuid)

    @base.remotable
    def destroy(self):
        with db_engine.api_session() as session:
            result = session.execute(
                sa.delete(api_models.InstanceMapping).where(
                    api_models.InstanceMapping.instance_uuid ==
                    self.instance_uuid))
            if not result.rowcount:
                raise exception.InstanceMappingNotFound(
                    uuid=self.instance_uuid)


def set_cell_in_session(session, instance_uuid, cell_mapping):
    """Point ``instance_uuid``'s mapping at ``cell_mapping`` (a CellMapping
    object) in the caller's API database transaction."""
    if 'id' in cell_mapping:
        cell_id = cell_mapping.id
    else:
        cell_id = session.execute(
            sa.select(api_models.CellMapping.id).where(
                api_models.CellMapping.uuid == cell_mapping.uuid)
        ).scalar_one_or_none()
        if cell_id is None:
            raise exception.CellMappingNotFound(uuid=cell_mapping.uuid)
    result = session.execute(_set_cell_statement(),
                             {'of_uuid': instance_uuid, 'to_cell': cell_id})
    if not result.rowcount:
        raise exception.InstanceMappingNotFound(uuid=instance_uuid)


# The two UPDATEs conductor runs for every server (mapped to its cell at
# the build, queued for delete at the delete), on the table and built once
# per process.  Parameter names are none of the table's columns.

@functools.cache
def _set_cell_statement():
    table = api_models.InstanceMapping.__table__
    return (sa.update(table)
            .where(table.c.instance_uuid == sa.bindparam('of_uuid'))
            .values(cell_id=sa.bindparam('to_cell')))


@functools.cache
def _queue_for_delete_statement():
    table = api_models.InstanceMapping.__table__
    return (sa.update(table)
            .where(table.c.instance_uuid == sa.bindparam('of_uuid'))
            .values(queued_for_delete=True))


@base.NovaObjectRegistry.register
class InstanceMappingList(base.ObjectListBase, base.NovaObject):
    # Version 1.0: Initial version
    # Version 1.1: Added get_by_cell_id method.
    # Version 1.2: Added get_by_instance_uuids method
    VERSION = '1.2'

    fields = {
        'objects': fields.ListOfObjectsField('InstanceMapping'),
    }

    @classmethod
    def _query_all(cls, context, *criteria):
        with db_engine.api_session() as session:
            rows = session.execute(
                _instance_mapping_query().where(*criteria).order_by(
                    api_models.InstanceMapping.id)
            ).unique().scalars().all()
            return base.obj_make_list(context, cls(), InstanceMapping, rows)

    @base.remotable_classmethod
    def get_by_project_id(cls, context, project_id):
        return cls._query_all(
            context, api_models.InstanceMapping.project_id == project_id)

    @base.remotable_classmethod
    def get_by_cell_id(cls, context, cell_id):
        return cls._query_all(
            context, api_models.InstanceMapping.cell_id == cell_id)

    @base.remotable_classmethod
    def get_by_instance_uuids(cls, context, uuids):
        if not uuids:
            return cls(context, objects=[])
        return cls._query_all(
            context, api_models.InstanceMapping.instance_uuid.in_(uuids))
