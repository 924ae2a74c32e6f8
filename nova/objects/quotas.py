"""Quotas: per-project/per-user limits and quota classes (API database),
plus the remotable entry points of the quota engine (nova.quota).

Rows exist only for limits set through os-quota-sets /
os-quota-class-sets; everything else falls back to the defaults (see
nova.quota for the order).
"""

import functools

import sqlalchemy as sa
from oslo_utils import timeutils

from nova.db.api import models as api_models
from nova.db import engine as db
from nova import exception
from nova.objects import base
from nova.objects import fields

QuotaModel = api_models.Quota
UserQuotaModel = api_models.ProjectUserQuota
ClassModel = api_models.QuotaClass


def _engine():
    from nova import quota
    return quota.QUOTAS


# Where a row of _all_limits_statement() comes from.
_CLASS_ROW, _PROJECT_ROW, _USER_ROW = 0, 1, 2


@functools.cache
def _all_limits_statement():
    """The quota classes', the project's and the user's limit rows as one
    UNION ALL (every server create reads them: one round trip instead of
    three), each part in id order; built once per process.  A None
    ``user_id`` matches no user row."""
    classes = ClassModel.__table__
    project = QuotaModel.__table__
    user = UserQuotaModel.__table__
    no_class = sa.cast(sa.null(), classes.c.class_name.type)

    def part(kind, table, class_name, *where):
        return (sa.select(sa.literal(kind, sa.Integer).label('kind'),
                          class_name.label('class_name'),
                          table.c.resource, table.c.hard_limit,
                          table.c.id.label('row_id'))
                .where(*where))

    union = sa.union_all(
        part(_CLASS_ROW, classes, classes.c.class_name,
             classes.c.class_name.in_(
                 sa.bindparam('class_names', expanding=True))),
        part(_PROJECT_ROW, project, no_class,
             project.c.project_id == sa.bindparam('project_id')),
        part(_USER_ROW, user, no_class,
             user.c.project_id == sa.bindparam('project_id'),
             user.c.user_id == sa.bindparam('user_id'))).subquery()
    return (sa.select(union.c.kind, union.c.class_name, union.c.resource,
                      union.c.hard_limit)
            .order_by(union.c.kind, union.c.row_id))


@base.NovaObjectRegistry.register
class Quotas(base.NovaObject):
    # Version 1.3: first version of this implementation (counting quotas,
    #              no reservations).
    VERSION = '1.3'

    fields = {
        'reservations': fields.ListOfStringsField(nullable=True,
                                                  default=None),
        'project_id': fields.StringField(nullable=True, default=None),
        'user_id': fields.StringField(nullable=True, default=None),
    }

    # --- per-project and per-user limits ------------------------------

    @base.remotable_classmethod
    def create_limit(cls, context, project_id, resource, limit,
                     user_id=None):
        _engine()._check_known([resource])
        try:
            with db.api_session() as session:
                if user_id:
                    session.add(UserQuotaModel(
                        project_id=project_id, user_id=user_id,
                        resource=resource, hard_limit=limit))
                else:
                    session.add(QuotaModel(project_id=project_id,
                                           resource=resource,
                                           hard_limit=limit))
                session.flush()
        except exception.DBDuplicateEntry:
            raise exception.QuotaExists(project_id=project_id,
                                        resource=resource)

    @base.remotable_classmethod
    def update_limit(cls, context, project_id, resource, limit,
                     user_id=None):
        _engine()._check_known([resource])
        now = timeutils.utcnow()
        with db.api_session() as session:
            if user_id:
                result = session.execute(
                    sa.update(UserQuotaModel)
                    .where(UserQuotaModel.project_id == project_id)
                    .where(UserQuotaModel.user_id == user_id)
                    .where(UserQuotaModel.resource == resource)
                    .values(hard_limit=limit, updated_at=now))
                if result.rowcount == 0:
                    raise exception.ProjectUserQuotaNotFound(
                        project_id=project_id, user_id=user_id)
            else:
                result = session.execute(
                    sa.update(QuotaModel)
                    .where(QuotaModel.project_id == project_id)
                    .where(QuotaModel.resource == resource)
                    .values(hard_limit=limit, updated_at=now))
                if result.rowcount == 0:
                    raise exception.ProjectQuotaNotFound(
                        project_id=project_id)

    @base.remotable_classmethod
    def set_limit(cls, context, project_id, resource, limit, user_id=None):
        """Create or update (what os-quota-sets PUT does)."""
        try:
            cls.create_limit(context, project_id, resource, limit, user_id)
        except exception.QuotaExists:
            cls.update_limit(context, project_id, resource, limit, user_id)

    @base.remotable_classmethod
    def get(cls, context, project_id, resource, user_id=None):
        with db.api_session() as session:
            if user_id:
                value = session.execute(
                    sa.select(UserQuotaModel.hard_limit).filter_by(
                        project_id=project_id, user_id=user_id,
                        resource=resource)).first()
                if value is None:
                    raise exception.ProjectUserQuotaNotFound(
                        project_id=project_id, user_id=user_id)
            else:
                value = session.execute(
                    sa.select(QuotaModel.hard_limit).filter_by(
                        project_id=project_id, resource=resource)).first()
                if value is None:
                    raise exception.ProjectQuotaNotFound(
                        project_id=project_id)
        return value[0]

    @base.remotable_classmethod
    def get_all_by_project(cls, context, project_id):
        """{resource: limit} set for the project (no 'project_id' key)."""
        with db.api_session() as session:
            rows = session.execute(
                sa.select(QuotaModel.resource, QuotaModel.hard_limit)
                .filter_by(project_id=project_id)).all()
        return {resource: limit for resource, limit in rows}

    @base.remotable_classmethod
    def get_all_by_project_and_user(cls, context, project_id, user_id):
        with db.api_session() as session:
            rows = session.execute(
                sa.select(UserQuotaModel.resource, UserQuotaModel.hard_limit)
                .filter_by(project_id=project_id, user_id=user_id)).all()
        return {resource: limit for resource, limit in rows}

    @base.remotable_classmethod
    def destroy_all_by_project(cls, context, project_id):
        """Drop the project's limits and those of all its users."""
        with db.api_session() as session:
            session.execute(sa.delete(QuotaModel).where(
                QuotaModel.project_id == project_id))
            session.execute(sa.delete(UserQuotaModel).where(
                UserQuotaModel.project_id == project_id))

    @base.remotable_classmethod
    def destroy_all_by_project_and_user(cls, context, project_id, user_id):
        with db.api_session() as session:
            session.execute(
                sa.delete(UserQuotaModel)
                .where(UserQuotaModel.project_id == project_id)
                .where(UserQuotaModel.user_id == user_id))

    @base.remotable_classmethod
    def get_all_limits(cls, context, project_id, user_id=None,
                       class_names=('default',)):
        """Every limit row that can apply to ``project_id``/``user_id``, in
        one statement: {'classes': {class name: {resource: limit}},
        'project': {...}, 'user': {...}}."""
        class_names = [c for c in class_names if c]
        result = {'classes': {name: {} for name in class_names},
                  'project': {}, 'user': {}}
        with db.api_session() as session:
            rows = session.execute(_all_limits_statement(), {
                'class_names': class_names, 'project_id': project_id,
                'user_id': user_id or None}).all()
        for kind, class_name, resource, limit in rows:
            if kind == _CLASS_ROW:
                result['classes'][class_name][resource] = limit
            else:
                result['project' if kind == _PROJECT_ROW
                       else 'user'][resource] = limit
        return result

    # --- quota classes -------------------------------------------------------

    @base.remotable_classmethod
    def get_class(cls, context, class_name, resource):
        with db.api_session() as session:
            value = session.execute(
                sa.select(ClassModel.hard_limit).filter_by(
                    class_name=class_name, resource=resource)).first()
        if value is None:
            raise exception.QuotaClassNotFound(class_name=class_name)
        return value[0]

    @base.remotable_classmethod
    def get_all_class_by_name(cls, context, class_name):
        with db.api_session() as session:
            rows = session.execute(
                sa.select(ClassModel.resource, ClassModel.hard_limit)
                .filter_by(class_name=class_name)
                .order_by(ClassModel.id)).all()
        return {resource: limit for resource, limit in rows}

    @base.remotable_classmethod
    def get_default_class(cls, context):
        """The effective defaults: config overridden by the 'default'
        class rows."""
        return _engine().get_defaults(context)

    @base.remotable_classmethod
    def create_class(cls, context, class_name, resource, limit):
        _engine()._check_known([resource])
        with db.api_session() as session:
            session.add(ClassModel(class_name=class_name, resource=resource,
                                   hard_limit=limit))

    @base.remotable_classmethod
    def update_class(cls, context, class_name, resource, limit):
        with db.api_session() as session:
            result = session.execute(
                sa.update(ClassModel)
                .where(ClassModel.class_name == class_name)
                .where(ClassModel.resource == resource)
                .values(hard_limit=limit, updated_at=timeutils.utcnow()))
        if result.rowcount == 0:
            raise exception.QuotaClassNotFound(class_name=class_name)

    @base.remotable_classmethod
    def set_class(cls, context, class_name, resource, limit):
        """Create or update a class limit (os-quota-class-sets PUT)."""
        try:
            cls.update_class(context, class_name, resource, limit)
        except exception.QuotaClassNotFound:
            cls.create_class(context, class_name, resource, limit)

    # --- checks (the engine in nova.quota does the work) -----------------

    @classmethod
    def check_deltas(cls, context, deltas, *count_args, **kwargs):
        return _engine().check_deltas(context, deltas, *count_args,
                                      **kwargs)

    @classmethod
    def recheck(cls, context, resources, *count_args, **kwargs):
        return _engine().recheck(context, resources, *count_args, **kwargs)

    @classmethod
    def limit_check(cls, context, project_id=None, user_id=None, **values):
        return _engine().limit_check(context, project_id, user_id, **values)

    @classmethod
    def limit_check_project_and_user(cls, context, project_values=None,
                                     user_values=None, project_id=None,
                                     user_id=None):
        return _engine().limit_check_project_and_user(
            context, project_values, user_values, project_id, user_id)

    @classmethod
    def count_as_dict(cls, context, resource, *args):
        return _engine().count_as_dict(context, resource, *args)
