"""Migration: one move of an instance (resize, cold/live migration,
evacuation), with its source and destination and its progress."""

import sqlalchemy as sa
from oslo_utils import timeutils

from nova.db import engine as db
from nova import exception
from nova.objects import base
from nova.objects import fields

# Statuses after which a migration no longer holds resources.
FINISHED_STATUSES = ('confirmed', 'reverted', 'error', 'failed',
                     'completed', 'cancelled', 'done')
MIGRATION_TYPES = ('migration', 'resize', 'live-migration', 'evacuation')


def _models():
    from nova.db.main import models
    return models


def _query(context):
    models = _models()
    Mig = models.Migration
    query = sa.select(Mig)
    if context.read_deleted == 'no':
        query = query.where(Mig.deleted == 0)
    elif context.read_deleted == 'only':
        query = query.where(Mig.deleted != 0)
    return query


@base.NovaObjectRegistry.register
class Migration(base.NovaPersistentObject, base.NovaObject):
    # Version 1.4: first version of this implementation (Pike's fields).
    VERSION = '1.4'

    fields = {
        'id': fields.IntegerField(),
        'source_compute': fields.StringField(nullable=True),
        'dest_compute': fields.StringField(nullable=True),
        'source_node': fields.StringField(nullable=True),
        'dest_node': fields.StringField(nullable=True),
        'dest_host': fields.StringField(nullable=True),
        'old_instance_type_id': fields.IntegerField(nullable=True),
        'new_instance_type_id': fields.IntegerField(nullable=True),
        'instance_uuid': fields.StringField(nullable=True),
        'status': fields.StringField(nullable=True),
        'migration_type': fields.EnumField(MIGRATION_TYPES, nullable=False),
        'hidden': fields.BooleanField(nullable=False, default=False),
        'memory_total': fields.IntegerField(nullable=True),
        'memory_processed': fields.IntegerField(nullable=True),
        'memory_remaining': fields.IntegerField(nullable=True),
        'disk_total': fields.IntegerField(nullable=True),
        'disk_processed': fields.IntegerField(nullable=True),
        'disk_remaining': fields.IntegerField(nullable=True),
    }

    @staticmethod
    def _from_db_object(context, migration, db_migration):
        for key in migration.fields:
            value = getattr(db_migration, key)
            if key in ('deleted', 'hidden'):
                value = bool(value)
            elif key == 'migration_type' and value is None:
                # Old rows: a change of flavor means resize.
                value = ('resize' if db_migration.old_instance_type_id !=
                         db_migration.new_instance_type_id else 'migration')
            setattr(migration, key, value)
        migration._context = context
        migration.obj_reset_changes()
        return migration

    def obj_load_attr(self, attrname):
        if attrname == 'migration_type':
            self.migration_type = (
                'resize' if self.old_instance_type_id !=
                self.new_instance_type_id else 'migration')
        elif attrname == 'hidden':
            self.hidden = False
        else:
            raise exception.ObjectActionError(
                action='obj_load_attr',
                reason='attribute %s not lazy-loadable' % attrname)

    @property
    def instance(self):
        from nova.objects import instance as instance_obj
        return instance_obj.Instance.get_by_uuid(self._context,
                                                 self.instance_uuid)

    @base.remotable_classmethod
    def get_by_id(cls, context, migration_id):
        models = _models()
        with db.main_session(context) as session:
            row = session.execute(_query(context).where(
                models.Migration.id == migration_id)).scalars().first()
        if row is None:
            raise exception.MigrationNotFound(migration_id=migration_id)
        return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def get_by_id_and_instance(cls, context, migration_id, instance_uuid):
        models = _models()
        with db.main_session(context) as session:
            row = session.execute(_query(context).where(
                models.Migration.id == migration_id).where(
                models.Migration.instance_uuid == instance_uuid)
            ).scalars().first()
        if row is None:
            raise exception.MigrationNotFoundForInstance(
                migration_id=migration_id, instance_id=instance_uuid)
        return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def get_by_instance_and_status(cls, context, instance_uuid, status):
        models = _models()
        Mig = models.Migration
        with db.main_session(context) as session:
            row = session.execute(
                _query(context).where(Mig.instance_uuid == instance_uuid)
                .where(Mig.status == status)
                .order_by(Mig.created_at.desc(), Mig.id.desc())
            ).scalars().first()
        if row is None:
            raise exception.MigrationNotFoundByStatus(
                instance_id=instance_uuid, status=status)
        return cls._from_db_object(context, cls(), row)

    def _values(self, changes):
        values = {}
        for key, value in changes.items():
            if key in ('id', 'deleted'):
                continue
            if (key in ('created_at', 'updated_at', 'deleted_at') and
                    value is not None):
                value = timeutils.normalize_time(value)
            values[key] = value
        return values

    @base.remotable
    def create(self):
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        values = self._values(self.obj_get_changes())
        if 'migration_type' not in values:
            values['migration_type'] = (
                'resize' if values.get('old_instance_type_id') !=
                values.get('new_instance_type_id') else 'migration')
        values.setdefault('hidden', False)
        values['deleted'] = 0
        models = _models()
        with db.main_session(self._context) as session:
            row = models.Migration(**values)
            session.add(row)
            session.flush()
        self._from_db_object(self._context, self, row)

    @base.remotable
    def save(self):
        values = self._values(self.obj_get_changes())
        if not values:
            return
        values.setdefault('updated_at', timeutils.utcnow())
        models = _models()
        with db.main_session(self._context) as session:
            row = session.execute(
                sa.select(models.Migration).filter_by(id=self.id, deleted=0)
            ).scalars().first()
            if row is None:
                raise exception.MigrationNotFound(migration_id=self.id)
            row.update(values)
            session.flush()
        self._from_db_object(self._context, self, row)


@base.NovaObjectRegistry.register
class MigrationList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.3'

    fields = {
        'objects': fields.ListOfObjectsField('Migration'),
    }

    @classmethod
    def _list(cls, context, query):
        models = _models()
        Mig = models.Migration
        with db.main_session(context) as session:
            rows = session.execute(query.order_by(
                Mig.created_at.desc(), Mig.id.desc())).scalars().all()
        return base.obj_make_list(context, cls(context), Migration, rows)

    @base.remotable_classmethod
    def get_by_filters(cls, context, filters):
        """Filters: status (one or a list), host (source or destination),
        source_compute, dest_compute, node (source or destination node),
        instance_uuid, migration_type, hidden."""
        models = _models()
        Mig = models.Migration
        query = _query(context)
        filters = dict(filters or {})
        if 'status' in filters:
            status = filters['status']
            status = [status] if isinstance(status, str) else list(status)
            query = query.where(Mig.status.in_(status))
        if 'host' in filters:
            host = filters['host']
            query = query.where(sa.or_(Mig.source_compute == host,
                                       Mig.dest_compute == host))
        elif 'source_compute' in filters:
            query = query.where(
                Mig.source_compute == filters['source_compute'])
        if 'dest_compute' in filters:
            query = query.where(Mig.dest_compute == filters['dest_compute'])
        if 'node' in filters:
            node = filters['node']
            query = query.where(sa.or_(Mig.source_node == node,
                                       Mig.dest_node == node))
        for key in ('instance_uuid', 'migration_type'):
            if key in filters:
                value = filters[key]
                query = query.where(
                    getattr(Mig, key).in_(list(value))
                    if isinstance(value, (list, tuple, set))
                    else getattr(Mig, key) == value)
        if 'hidden' in filters:
            query = query.where(Mig.hidden == bool(filters['hidden']))
        return cls._list(context, query)

    @base.remotable_classmethod
    def get_in_progress_by_host_and_node(cls, context, host, node):
        models = _models()
        Mig = models.Migration
        query = (_query(context)
                 .where(sa.or_(
                     sa.and_(Mig.source_compute == host,
                             Mig.source_node == node),
                     sa.and_(Mig.dest_compute == host,
                             Mig.dest_node == node)))
                 .where(Mig.status.not_in(FINISHED_STATUSES)))
        return cls._list(context, query)

    @base.remotable_classmethod
    def get_in_progress_by_instance(cls, context, instance_uuid,
                                    migration_type=None):
        models = _models()
        Mig = models.Migration
        query = (_query(context).where(Mig.instance_uuid == instance_uuid)
                 .where(Mig.status.not_in(FINISHED_STATUSES)))
        if migration_type is not None:
            query = query.where(Mig.migration_type == migration_type)
        return cls._list(context, query)

    @base.remotable_classmethod
    def get_unconfirmed_by_dest_compute(cls, context, confirm_window,
                                        dest_compute):
        import datetime
        models = _models()
        Mig = models.Migration
        cutoff = timeutils.utcnow() - datetime.timedelta(
            seconds=confirm_window)
        query = (_query(context).where(Mig.updated_at <= cutoff)
                 .where(Mig.status == 'finished')
                 .where(Mig.dest_compute == dest_compute))
        return cls._list(context, query)
