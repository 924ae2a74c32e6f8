"""CellMapping: where one cell's database and message queue live.

Rows live in the API database (``cell_mappings``).  cell0 is the special cell
that holds instances which failed to schedule; it has a fixed uuid, no hosts
and a ``none:///`` transport URL.
"""

import threading
import time

import sqlalchemy as sa

from nova.db.api import models as api_models
from nova.db import engine as db_engine
from nova import exception
from nova.objects import base
from nova.objects import fields


def _cell_mapping_from_db(context, obj, db_cell):
    for key in obj.fields:
        setattr(obj, key, db_cell[key])
    obj.disabled = bool(db_cell['disabled'])
    obj._context = context
    obj.obj_reset_changes()
    return obj


@base.NovaObjectRegistry.register
class CellMapping(base.NovaTimestampObject, base.NovaObject):
    # Version 1.0: Initial version
    # Version 1.1: Added disabled field
    VERSION = '1.1'

    CELL0_UUID = '00000000-0000-0000-0000-000000000000'

    fields = {
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.UUIDField(),
        'name': fields.StringField(nullable=True),
        'transport_url': fields.StringField(),
        'database_connection': fields.StringField(),
        'disabled': fields.BooleanField(default=False),
    }

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        if target_version == '1.0':
            primitive.pop('disabled', None)

    @property
    def identity(self):
        """``uuid(name)`` when the cell has a name, else the uuid."""
        if 'name' in self and self.name:
            return '%s(%s)' % (self.uuid, self.name)
        return self.uuid

    def is_cell0(self):
        return 'uuid' in self and self.uuid == self.CELL0_UUID

    @staticmethod
    def _from_db_object(context, obj, db_cell):
        return _cell_mapping_from_db(context, obj, db_cell)

    @base.remotable_classmethod
    def get_by_uuid(cls, context, uuid):
        with db_engine.api_session() as session:
            db_cell = session.execute(
                sa.select(api_models.CellMapping).where(
                    api_models.CellMapping.uuid == uuid)
            ).scalar_one_or_none()
            if db_cell is None:
                raise exception.CellMappingNotFound(uuid=uuid)
            return cls._from_db_object(context, cls(), db_cell)

    @base.remotable
    def create(self):
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        values = self.obj_get_changes()
        values.setdefault('disabled', False)
        with db_engine.api_session() as session:
            db_cell = api_models.CellMapping()
            db_cell.update(values)
            session.add(db_cell)
            session.flush()
            self._from_db_object(self._context, self, db_cell)

    @base.remotable
    def save(self):
        changes = self.obj_get_changes()
        changes.pop('id', None)
        changes.pop('uuid', None)
        with db_engine.api_session() as session:
            db_cell = session.execute(
                sa.select(api_models.CellMapping).where(
                    api_models.CellMapping.uuid == self.uuid)
            ).scalar_one_or_none()
            if db_cell is None:
                raise exception.CellMappingNotFound(uuid=self.uuid)
            db_cell.update(changes)
            session.flush()
            self._from_db_object(self._context, self, db_cell)

    @base.remotable
    def destroy(self):
        with db_engine.api_session() as session:
            result = session.execute(
                sa.delete(api_models.CellMapping).where(
                    api_models.CellMapping.uuid == self.uuid))
            if not result.rowcount:
                raise exception.CellMappingNotFound(uuid=self.uuid)


@base.NovaObjectRegistry.register
class CellMappingList(base.ObjectListBase, base.NovaObject):
    # Version 1.0: Initial version
    # Version 1.1: Add get_by_disabled()
    VERSION = '1.1'

    fields = {
        'objects': fields.ListOfObjectsField('CellMapping'),
    }

    @classmethod
    def _query_all(cls, context, *criteria):
        with db_engine.api_session() as session:
            rows = session.execute(
                sa.select(api_models.CellMapping).where(*criteria).order_by(
                    api_models.CellMapping.id)
            ).scalars().all()
            return base.obj_make_list(context, cls(), CellMapping, rows)

    @base.remotable_classmethod
    def get_all(cls, context):
        return cls._query_all(context)

    @base.remotable_classmethod
    def get_by_disabled(cls, context, disabled):
        return cls._query_all(
            context, api_models.CellMapping.disabled == bool(disabled))


# Seconds a process reuses the list of cells for its hot paths.  Upstream
# Nova reads the cells once per process (a new cell needs a restart of
# nova-api); here a new or changed cell is seen within this time.
CELL_LIST_MAX_AGE = 10.0
_CELL_LIST_CACHE = {}
_CELL_LIST_LOCK = threading.Lock()


def cached_cells(context):
    """Every cell mapping (a new list, of shared objects: read them, never
    save them), read from the API database at most every
    ``CELL_LIST_MAX_AGE`` seconds per API database engine.

    For the paths that read the cells on every request: a quota check on
    POST /servers read them twice, a listing once, and each read is a
    transaction on the API database.  Keyed by the engine, so a process
    whose API database changes (tests) never sees the old list.
    """
    engine = db_engine.get_engine(db_engine.api_url())
    now = time.monotonic()
    cached = _CELL_LIST_CACHE.get(engine)
    if cached is not None and now - cached[0] < CELL_LIST_MAX_AGE:
        return list(cached[1])
    cells = list(CellMappingList.get_all(context))
    with _CELL_LIST_LOCK:
        # Engines disposed of (tests) are dropped with their lists.
        if len(_CELL_LIST_CACHE) > 8:
            _CELL_LIST_CACHE.clear()
        _CELL_LIST_CACHE[engine] = (now, cells)
    return list(cells)
