"""The Service object: one row per (host, binary) in the cell database.

Every daemon creates or updates its row at start-up and bumps
``report_count`` on each heartbeat.  ``SERVICE_VERSION`` is this code's
service version; RPC clients with ``[upgrade_levels] X = auto`` cap
themselves by the lowest version any live service of that binary reports.
"""

import functools

import sqlalchemy as sa
from oslo_utils import timeutils
from oslo_utils import uuidutils

from nova.db import engine as db
from nova import exception
from nova.objects import base
from nova.objects import fields

# One entry per service version, newest last.  Bump when a service's RPC or
# object behaviour changes in a way others must know about.
SERVICE_VERSION_HISTORY = (
    # 0-21: versions of upstream services before this implementation.
    # 22: the first version of this implementation (Pike-compatible RPC:
    #     compute 5.0, conductor 3.0, scheduler 4.0).
    {'compute_rpc': '5.0'},
    # 23: compute RPC 5.1 (live_migration_force_complete, _abort).
    {'compute_rpc': '5.1'},
)
SERVICE_VERSION = 23

# Columns a caller may change through save().
_UPDATABLE = ('host', 'binary', 'topic', 'report_count', 'disabled',
              'disabled_reason', 'last_seen_up', 'forced_down', 'version',
              'uuid')
# The columns a heartbeat writes: a save of only these leaves changed_at.
_HEARTBEAT = frozenset(('report_count', 'last_seen_up'))


def _models():
    from nova.db.main import models
    return models


@functools.cache
def _one_statement(names):
    """The SELECT of a live service by the columns ``names`` (bound as
    ``by_<name>``), built once per process: nova-api looks a compute's
    service up on every delete, and building the statement cost more than
    running it."""
    Service = _models().Service
    return sa.select(Service).where(
        Service.deleted == 0,
        *[getattr(Service, name) == sa.bindparam('by_' + name)
          for name in names])


@base.NovaObjectRegistry.register
class Service(base.NovaPersistentObject, base.NovaObject):
    # Version 1.22: first version of this implementation (Pike's fields).
    VERSION = '1.22'

    fields = {
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.UUIDField(),
        'host': fields.StringField(nullable=True),
        'binary': fields.StringField(nullable=True),
        'topic': fields.StringField(nullable=True),
        'report_count': fields.IntegerField(),
        'disabled': fields.BooleanField(),
        'disabled_reason': fields.StringField(nullable=True),
        'availability_zone': fields.StringField(nullable=True),
        'last_seen_up': fields.DateTimeField(nullable=True),
        'forced_down': fields.BooleanField(),
        'version': fields.IntegerField(),
    }

    def __init__(self, *args, **kwargs):
        # A new object reports this code's version unless told otherwise.
        super().__init__(*args, **kwargs)
        self.version = SERVICE_VERSION

    def obj_load_attr(self, attrname):
        if attrname == 'availability_zone':
            self.availability_zone = None
            return
        raise exception.ObjectActionError(
            action='obj_load_attr',
            reason='attribute %s not lazy-loadable' % attrname)

    @staticmethod
    def _from_db_object(context, service, db_service):
        for key in service.fields:
            if key == 'availability_zone':
                continue
            value = getattr(db_service, key)
            if key == 'deleted':
                value = bool(value)
            setattr(service, key, value)
        service._context = context
        service.obj_reset_changes()
        return service

    @classmethod
    def _query_one(cls, context, **filters):
        names = tuple(sorted(filters))
        params = {'by_' + name: value for name, value in filters.items()}
        with db.main_session(context) as session:
            return session.execute(_one_statement(names),
                                   params).scalars().first()

    @base.remotable_classmethod
    def get_by_id(cls, context, service_id):
        db_service = cls._query_one(context, id=service_id)
        if db_service is None:
            raise exception.ServiceNotFound(service_id=service_id)
        return cls._from_db_object(context, cls(), db_service)

    @base.remotable_classmethod
    def get_by_uuid(cls, context, service_uuid):
        db_service = cls._query_one(context, uuid=service_uuid)
        if db_service is None:
            raise exception.ServiceNotFound(service_id=service_uuid)
        return cls._from_db_object(context, cls(), db_service)

    @base.remotable_classmethod
    def get_by_host_and_topic(cls, context, host, topic):
        db_service = cls._query_one(context, host=host, topic=topic)
        if db_service is None:
            return None
        return cls._from_db_object(context, cls(), db_service)

    @base.remotable_classmethod
    def get_by_host_and_binary(cls, context, host, binary):
        db_service = cls._query_one(context, host=host, binary=binary)
        if db_service is None:
            return None
        return cls._from_db_object(context, cls(), db_service)

    @base.remotable_classmethod
    def get_by_compute_host(cls, context, host):
        db_service = cls._query_one(context, host=host,
                                    binary='nova-compute')
        if db_service is None:
            raise exception.ComputeHostNotFound(host=host)
        return cls._from_db_object(context, cls(), db_service)

    @base.remotable
    def create(self):
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        updates = self.obj_get_changes()
        updates.pop('availability_zone', None)
        updates.setdefault('uuid', uuidutils.generate_uuid())
        updates['changed_at'] = timeutils.utcnow()
        models = _models()
        with db.main_session(self._context) as session:
            db_service = models.Service(**updates)
            session.add(db_service)
            try:
                session.flush()
            except Exception:
                session.rollback()
                if self.binary and self._query_one(
                        self._context, host=self.host, binary=self.binary):
                    raise exception.ServiceBinaryExists(host=self.host,
                                                        binary=self.binary)
                raise
        self._from_db_object(self._context, self, db_service)

    @base.remotable
    def save(self):
        updates = {k: v for k, v in self.obj_get_changes().items()
                   if k in _UPDATABLE}
        if 'report_count' in updates:
            # A heartbeat: record when this service was last seen alive.
            updates['last_seen_up'] = timeutils.utcnow()
        if not updates:
            return
        if set(updates) - _HEARTBEAT:
            # What the scheduler reloads a service for (see the column).
            updates['changed_at'] = timeutils.utcnow()
        models = _models()
        with db.main_session(self._context) as session:
            db_service = session.execute(
                sa.select(models.Service).filter_by(id=self.id, deleted=0)
            ).scalars().first()
            if db_service is None:
                raise exception.ServiceNotFound(service_id=self.id)
            for key, value in updates.items():
                setattr(db_service, key, value)
            db_service.updated_at = timeutils.utcnow()
            session.flush()
        self._from_db_object(self._context, self, db_service)

    @base.remotable
    def destroy(self):
        models = _models()
        now = timeutils.utcnow()
        with db.main_session(self._context) as session:
            session.execute(
                sa.update(models.Service)
                .where(models.Service.id == self.id)
                .where(models.Service.deleted == 0)
                .values(deleted=models.Service.id, deleted_at=now))
            # A deleted compute service takes its compute nodes with it.
            session.execute(
                sa.update(models.ComputeNode)
                .where(models.ComputeNode.host == self.host)
                .where(models.ComputeNode.deleted == 0)
                .where(sa.literal(self.binary) == 'nova-compute')
                .values(deleted=models.ComputeNode.id, deleted_at=now))
        self.deleted = True
        self.deleted_at = now
        self.obj_reset_changes(['deleted', 'deleted_at'])

    @base.remotable_classmethod
    def get_minimum_version(cls, context, binary):
        """Lowest version among live services of ``binary`` (0 if none)."""
        models = _models()
        with db.main_session(context) as session:
            value = session.execute(
                sa.select(sa.func.min(models.Service.version))
                .filter_by(binary=binary, deleted=0, forced_down=False)
            ).scalar()
        return value or 0


@base.NovaObjectRegistry.register
class ServiceList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.19'

    fields = {
        'objects': fields.ListOfObjectsField('Service'),
    }

    @classmethod
    def _select(cls, context, **filters):
        models = _models()
        query = sa.select(models.Service).filter_by(**filters)
        if context.read_deleted == 'no':
            query = query.filter_by(deleted=0)
        elif context.read_deleted == 'only':
            query = query.filter(models.Service.deleted != 0)
        with db.main_session(context) as session:
            rows = session.execute(
                query.order_by(models.Service.id)).scalars().all()
        return base.obj_make_list(context, cls(context), Service, rows)

    @base.remotable_classmethod
    def get_all(cls, context, disabled=None, set_zones=False):
        filters = {}
        if disabled is not None:
            filters['disabled'] = disabled
        return cls._select(context, **filters)

    @base.remotable_classmethod
    def get_by_topic(cls, context, topic):
        return cls._select(context, topic=topic, disabled=False)

    @base.remotable_classmethod
    def get_by_binary(cls, context, binary, include_disabled=False):
        if include_disabled:
            return cls._select(context, binary=binary)
        return cls._select(context, binary=binary, disabled=False)

    @base.remotable_classmethod
    def get_by_host(cls, context, host):
        return cls._select(context, host=host)
