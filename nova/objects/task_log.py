"""Records of periodic tasks per host and period (``task_log``, cell
database): the instance usage audit writes one per compute host and
period; os-instance_usage_audit_log reads them.

Plain functions, not a versioned object: only the API reads them, with a
database of its own, and only the compute periodic task (through
conductor, later) writes them.
"""

import sqlalchemy as sa

from nova.db import engine as db


def _model():
    from nova.db.main import models
    return models.TaskLog


def get_all(context, task_name, period_beginning, period_ending,
            host=None, state=None):
    """Live rows of ``task_name`` for exactly that period, as dicts."""
    TaskLog = _model()
    query = (sa.select(TaskLog)
             .where(TaskLog.task_name == task_name)
             .where(TaskLog.period_beginning == period_beginning)
             .where(TaskLog.period_ending == period_ending)
             .where(TaskLog.deleted == 0)
             .order_by(TaskLog.host))
    if host is not None:
        query = query.where(TaskLog.host == host)
    if state is not None:
        query = query.where(TaskLog.state == state)
    with db.main_session(context) as session:
        return [{'host': row.host, 'state': row.state,
                 'task_items': row.task_items or 0,
                 'errors': row.errors or 0, 'message': row.message}
                for row in session.execute(query).scalars()]


def create(context, task_name, host, period_beginning, period_ending,
           state='RUNNING', message='', task_items=0, errors=0):
    """Record a run (the periodic task's begin)."""
    TaskLog = _model()
    with db.main_session(context) as session:
        session.add(TaskLog(
            task_name=task_name, host=host, state=state,
            period_beginning=period_beginning, period_ending=period_ending,
            message=message, task_items=task_items, errors=errors,
            deleted=0))
