"""Instance actions and their events (os-instance-actions).

An action is one user request on a server (create, reboot, resize, ...),
keyed by the request id; events are the steps services performed for it,
each with a start/finish time and a result ('Success' or 'Error', with the
traceback for admins).
"""

import functools
import traceback

import sqlalchemy as sa
from oslo_utils import timeutils

from nova.db import engine as db
from nova import exception
from nova.objects import base
from nova.objects import fields

SUCCESS = 'Success'
ERROR = 'Error'


def _models():
    from nova.db.main import models
    return models


def _from_row(context, obj, row):
    for key in obj.fields:
        value = getattr(row, key)
        if key == 'deleted':
            value = bool(value)
        setattr(obj, key, value)
    obj._context = context
    obj.obj_reset_changes()
    return obj


def _action_row(session, instance_uuid, request_id):
    models = _models()
    Action = models.InstanceAction
    return session.execute(
        sa.select(Action)
        .filter_by(instance_uuid=instance_uuid, request_id=request_id,
                   deleted=0)
        .order_by(Action.created_at.desc(), Action.id.desc())
    ).scalars().first()


@base.NovaObjectRegistry.register
class InstanceAction(base.NovaPersistentObject, base.NovaObject):
    # Version 1.1: first version of this implementation (Pike's fields).
    VERSION = '1.1'

    fields = {
        'id': fields.IntegerField(),
        'action': fields.StringField(nullable=True),
        'instance_uuid': fields.UUIDField(nullable=True),
        'request_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'start_time': fields.DateTimeField(nullable=True),
        'finish_time': fields.DateTimeField(nullable=True),
        'message': fields.StringField(nullable=True),
    }

    @staticmethod
    def _from_db_object(context, action, db_action):
        return _from_row(context, action, db_action)

    @base.remotable_classmethod
    def get_by_request_id(cls, context, instance_uuid, request_id):
        with db.main_session(context) as session:
            row = _action_row(session, instance_uuid, request_id)
        if row is None:
            return None
        return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def action_start(cls, context, instance_uuid, action_name,
                     want_result=True):
        """Record the start of ``action_name`` for the context's request."""
        with db.main_session(context) as session:
            row = start_action_in(session, context, instance_uuid,
                                  action_name)
        if want_result:
            return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def action_finish(cls, context, instance_uuid, want_result=True):
        with db.main_session(context) as session:
            row = _action_row(session, instance_uuid, context.request_id)
            if row is None:
                raise exception.InstanceActionNotFound(
                    request_id=context.request_id,
                    instance_uuid=instance_uuid)
            row.finish_time = timeutils.utcnow()
            row.updated_at = row.finish_time
            session.flush()
        if want_result:
            return cls._from_db_object(context, cls(), row)

    @base.remotable
    def finish(self):
        action = self.action_finish(self._context, self.instance_uuid)
        for key in ('finish_time', 'updated_at'):
            setattr(self, key, getattr(action, key))
        self.obj_reset_changes()


@base.NovaObjectRegistry.register
class InstanceActionList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.1'

    fields = {
        'objects': fields.ListOfObjectsField('InstanceAction'),
    }

    @base.remotable_classmethod
    def get_by_instance_uuid(cls, context, instance_uuid, limit=None,
                             marker=None, filters=None):
        """Actions of an instance, newest first; ``marker`` is a request
        id; ``filters`` may hold 'changes-since' (updated_at >=)."""
        models = _models()
        Action = models.InstanceAction
        order = (Action.created_at.desc(), Action.id.desc())
        query = sa.select(Action).filter_by(instance_uuid=instance_uuid,
                                            deleted=0)
        since = (filters or {}).get('changes-since')
        if since is not None:
            if getattr(since, 'tzinfo', None) is not None:
                since = timeutils.normalize_time(since)
            query = query.where(Action.updated_at >= since)
        with db.main_session(context) as session:
            if marker is not None:
                mrow = _action_row(session, instance_uuid, marker)
                if mrow is None:
                    raise exception.MarkerNotFound(marker=marker)
                query = query.where(sa.or_(
                    Action.created_at < mrow.created_at,
                    sa.and_(Action.created_at == mrow.created_at,
                            Action.id < mrow.id)))
            query = query.order_by(*order)
            if limit is not None:
                query = query.limit(limit)
            rows = session.execute(query).scalars().all()
        return base.obj_make_list(context, cls(context), InstanceAction,
                                  rows)


@base.NovaObjectRegistry.register
class InstanceActionEvent(base.NovaPersistentObject, base.NovaObject):
    # Version 1.1: first version of this implementation (Pike's fields).
    VERSION = '1.1'

    fields = {
        'id': fields.IntegerField(),
        'event': fields.StringField(nullable=True),
        'action_id': fields.IntegerField(nullable=True),
        'start_time': fields.DateTimeField(nullable=True),
        'finish_time': fields.DateTimeField(nullable=True),
        'result': fields.StringField(nullable=True),
        'traceback': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'details': fields.StringField(nullable=True),
    }

    @staticmethod
    def _from_db_object(context, event, db_event):
        return _from_row(context, event, db_event)

    @base.remotable_classmethod
    def get_by_id(cls, context, action_id, event_id):
        models = _models()
        with db.main_session(context) as session:
            row = session.execute(
                sa.select(models.InstanceActionEvent)
                .filter_by(id=event_id, action_id=action_id, deleted=0)
            ).scalars().first()
        if row is None:
            raise exception.InstanceActionEventNotFound(
                event=event_id, action_id=action_id)
        return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def event_start(cls, context, instance_uuid, event_name,
                    want_result=True, host=None):
        with db.main_session(context) as session:
            event_id = start_event_in(session, context, instance_uuid,
                                      event_name, host=host)
            row = _event_row(session, event_id) if want_result else None
        if want_result:
            return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def event_finish_with_failure(cls, context, instance_uuid, event_name,
                                  exc_val=None, exc_tb=None,
                                  want_result=None):
        """Finish the newest ``event_name`` event of the context's action:
        'Error' (with the traceback) when ``exc_val`` is given, else
        'Success'.  A failed event marks its action's message 'Error'."""
        with db.main_session(context) as session:
            event_id = finish_event_in(session, context, instance_uuid,
                                       event_name, exc_val=exc_val,
                                       exc_tb=exc_tb)
            row = _event_row(session, event_id) if want_result else None
        if want_result:
            return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def event_finish(cls, context, instance_uuid, event_name,
                     want_result=True):
        return cls.event_finish_with_failure(context, instance_uuid,
                                             event_name,
                                             want_result=want_result)


def start_action_in(session, context, instance_uuid, action_name):
    """Record the start of ``action_name`` for the context's request in
    the caller's transaction; the new row is returned (a namespace of its
    columns)."""
    now = timeutils.utcnow()
    return db.insert_row(session, _models().InstanceAction, {
        'action': action_name, 'instance_uuid': instance_uuid,
        'request_id': context.request_id, 'user_id': context.user_id,
        'project_id': context.project_id, 'start_time': now,
        'created_at': now, 'deleted': 0})


def _event_row(session, event_id):
    Event = _models().InstanceActionEvent
    return session.execute(
        sa.select(Event).where(Event.id == event_id)).scalars().one()


# Events are written with Core statements on the tables, built once per
# process (every build and delete records two events through conductor, and
# building the statements cost more CPU than running them).  Parameter names
# are none of the tables' columns: an INSERT or UPDATE would take such a
# parameter as one more column to write.

@functools.cache
def _event_statements():
    models = _models()
    Action = models.InstanceAction.__table__
    Event = models.InstanceActionEvent.__table__
    action_id = sa.bindparam('of_action')
    now = sa.bindparam('stamp')
    find_action = (
        sa.select(Action.c.id)
        .where(Action.c.instance_uuid == sa.bindparam('target_uuid'),
               Action.c.request_id == sa.bindparam('of_request'),
               Action.c.deleted == 0)
        .order_by(Action.c.created_at.desc(), Action.c.id.desc())
        .limit(1))
    touch_action = (sa.update(Action).where(Action.c.id == action_id)
                    .values(updated_at=now))
    fail_action = (sa.update(Action).where(Action.c.id == action_id)
                   .values(updated_at=now, message=ERROR))
    start = sa.insert(Event).values(
        event=sa.bindparam('event_name'), action_id=action_id,
        start_time=now, host=sa.bindparam('on_host'), created_at=now,
        deleted=0)
    # The newest action's newest event of the name, in one read (the
    # event id is None when that action has no such event).
    newest_of_action = (
        sa.select(Action.c.id, Event.c.id)
        .select_from(Action.outerjoin(
            Event, sa.and_(Event.c.action_id == Action.c.id,
                           Event.c.event == sa.bindparam('event_name'),
                           Event.c.deleted == 0)))
        .where(Action.c.instance_uuid == sa.bindparam('target_uuid'),
               Action.c.request_id == sa.bindparam('of_request'),
               Action.c.deleted == 0)
        .order_by(Action.c.created_at.desc(), Action.c.id.desc(),
                  Event.c.id.desc())
        .limit(1))
    event_id = sa.bindparam('of_event')
    succeed = (sa.update(Event).where(Event.c.id == event_id)
               .values(finish_time=now, updated_at=now, result=SUCCESS))
    fail = (sa.update(Event).where(Event.c.id == event_id)
            .values(finish_time=now, updated_at=now, result=ERROR,
                    traceback=sa.bindparam('error_tb')))
    return {'find_action': find_action, 'touch_action': touch_action,
            'fail_action': fail_action, 'start': start,
            'newest_of_action': newest_of_action,
            'succeed': succeed, 'fail': fail}


def _action_id(session, context, instance_uuid):
    """Id of the context's action on the instance (the newest one);
    InstanceActionNotFound when there is none."""
    action_id = session.execute(
        _event_statements()['find_action'],
        {'target_uuid': instance_uuid,
         'of_request': context.request_id}).scalar()
    if action_id is None:
        raise exception.InstanceActionNotFound(
            request_id=context.request_id, instance_uuid=instance_uuid)
    return action_id


def start_event_in(session, context, instance_uuid, event_name, host=None):
    """Record the start of ``event_name`` on the context's action, in the
    caller's transaction (``session``); the new event's id is returned.
    InstanceActionNotFound, before anything is written, when the request
    has no action for the instance."""
    statements = _event_statements()
    action_id = _action_id(session, context, instance_uuid)
    params = {'of_action': action_id, 'stamp': timeutils.utcnow(),
              'event_name': event_name, 'on_host': host}
    result = session.execute(statements['start'], params)
    session.execute(statements['touch_action'], params)
    return result.inserted_primary_key[0]


def finish_event_in(session, context, instance_uuid, event_name,
                    exc_val=None, exc_tb=None):
    """Finish the newest ``event_name`` event of the context's action in
    the caller's transaction: 'Error' (with the traceback) when
    ``exc_val`` is given, else 'Success'.  A failed event marks its
    action's message 'Error'.  Returns the event's id."""
    statements = _event_statements()
    if exc_tb is not None and not isinstance(exc_tb, str):
        exc_tb = ''.join(traceback.format_tb(exc_tb))
    found = session.execute(
        statements['newest_of_action'],
        {'target_uuid': instance_uuid, 'of_request': context.request_id,
         'event_name': event_name}).first()
    if found is None:
        raise exception.InstanceActionNotFound(
            request_id=context.request_id, instance_uuid=instance_uuid)
    action_id, event_id = found
    if event_id is None:
        raise exception.InstanceActionEventNotFound(
            event=event_name, action_id=action_id)
    params = {'of_action': action_id, 'of_event': event_id,
              'stamp': timeutils.utcnow(), 'error_tb': exc_tb}
    failed = exc_val is not None
    session.execute(statements['fail' if failed else 'succeed'], params)
    session.execute(
        statements['fail_action' if failed else 'touch_action'], params)
    return event_id


@base.NovaObjectRegistry.register
class InstanceActionEventList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.1'

    fields = {
        'objects': fields.ListOfObjectsField('InstanceActionEvent'),
    }

    @base.remotable_classmethod
    def get_by_action(cls, context, action_id):
        models = _models()
        Event = models.InstanceActionEvent
        with db.main_session(context) as session:
            rows = session.execute(
                sa.select(Event).filter_by(action_id=action_id, deleted=0)
                .order_by(Event.created_at.desc(), Event.id.desc())
            ).scalars().all()
        return base.obj_make_list(context, cls(context),
                                  InstanceActionEvent, rows)
