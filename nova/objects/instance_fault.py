"""InstanceFault: an error recorded against an instance.

The API shows the newest fault of an instance in ERROR state as the server's
``fault`` (message, code, details for admins, created).
"""

import traceback

import sqlalchemy as sa

from nova.db import engine as db
from nova import exception
from nova.objects import base
from nova.objects import fields

# The message column is VARCHAR(255).
_MAX_MESSAGE = 255


def _models():
    from nova.db.main import models
    return models


def latest_rows(session, instance_uuids):
    """{instance_uuid: newest live fault row} in one query."""
    models = _models()
    Fault = models.InstanceFault
    if not instance_uuids:
        return {}
    newest = (sa.select(sa.func.max(Fault.id))
              .where(Fault.instance_uuid.in_(list(instance_uuids)))
              .where(Fault.deleted == 0)
              .group_by(Fault.instance_uuid))
    # Core rows (named by column) rather than ORM entities: a listing
    # asks this for every server it shows.
    rows = db.core_rows(
        session, sa.select(Fault.__table__).where(Fault.id.in_(newest)))
    return {row.instance_uuid: row for row in rows}


@base.NovaObjectRegistry.register
class InstanceFault(base.NovaPersistentObject, base.NovaObject):
    # Version 1.2: first version of this implementation (Pike's fields).
    VERSION = '1.2'

    fields = {
        'id': fields.IntegerField(),
        'instance_uuid': fields.UUIDField(),
        'code': fields.IntegerField(),
        'message': fields.StringField(nullable=True),
        'details': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
    }

    @staticmethod
    def _from_db_object(context, fault, db_fault):
        for key in fault.fields:
            value = getattr(db_fault, key)
            if key == 'deleted':
                value = bool(value)
            setattr(fault, key, value)
        fault._context = context
        fault.obj_reset_changes()
        return fault

    @base.remotable_classmethod
    def get_latest_for_instance(cls, context, instance_uuid):
        """The newest fault of an instance, or None."""
        with db.main_session(context) as session:
            row = latest_rows(session, [instance_uuid]).get(instance_uuid)
        if row is None:
            return None
        return cls._from_db_object(context, cls(context), row)

    @base.remotable
    def create(self):
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        values = {k: v for k, v in self.obj_get_changes().items()
                  if k in ('instance_uuid', 'code', 'message', 'details',
                           'host')}
        if values.get('message'):
            values['message'] = values['message'][:_MAX_MESSAGE]
        models = _models()
        with db.main_session(self._context) as session:
            row = models.InstanceFault(deleted=0, **values)
            session.add(row)
            session.flush()
        self._from_db_object(self._context, self, row)

    @classmethod
    def from_exception(cls, context, instance_uuid, error, host=None,
                       with_traceback=True):
        """A fault (not yet created) describing ``error``."""
        code = getattr(error, 'code', 500)
        if not isinstance(code, int):
            code = 500
        message = (error.format_message()
                   if hasattr(error, 'format_message') else str(error))
        message = message or error.__class__.__name__
        details = ''
        if with_traceback and error.__traceback__ is not None:
            details = ''.join(traceback.format_exception(
                type(error), error, error.__traceback__))
        return cls(context, instance_uuid=instance_uuid, code=code,
                   message=message[:_MAX_MESSAGE], details=details,
                   host=host)


@base.NovaObjectRegistry.register
class InstanceFaultList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.2'

    fields = {
        'objects': fields.ListOfObjectsField('InstanceFault'),
    }

    @base.remotable_classmethod
    def get_by_instance_uuids(cls, context, instance_uuids, latest=False):
        """Faults of these instances, newest first (one per instance when
        ``latest``)."""
        models = _models()
        Fault = models.InstanceFault
        with db.main_session(context) as session:
            if latest:
                rows = sorted(latest_rows(session, instance_uuids).values(),
                              key=lambda r: r.id, reverse=True)
            elif not instance_uuids:
                rows = []
            else:
                rows = session.execute(
                    sa.select(Fault)
                    .where(Fault.instance_uuid.in_(list(instance_uuids)))
                    .where(Fault.deleted == 0)
                    .order_by(Fault.created_at.desc(), Fault.id.desc())
                ).scalars().all()
        return base.obj_make_list(context, cls(context), InstanceFault, rows)

    @base.remotable_classmethod
    def get_latest_for_instances(cls, context, instance_uuids):
        return cls.get_by_instance_uuids(context, instance_uuids, latest=True)
