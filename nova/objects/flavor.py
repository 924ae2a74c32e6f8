"""Flavors (instance types), stored in the API database.

Visibility: an admin context sees every flavor; any other context sees the
public ones plus the private ones its project was given access to.  That
rule lives in :func:`_visibility` and every read goes through it.
"""

import functools
import uuid

import sqlalchemy as sa
from sqlalchemy import orm

from nova.db.api import models as api_models
from nova.db import engine
from nova import exception
from nova.i18n import _
from nova.objects import base
from nova.objects import fields

OPTIONAL_FIELDS = ['extra_specs', 'projects']
SORT_KEYS = ('created_at', 'description', 'disabled', 'ephemeral_gb',
             'flavorid', 'id', 'is_public', 'memory_mb', 'name',
             'root_gb', 'rxtx_factor', 'swap', 'updated_at', 'vcpu_weight',
             'vcpus')

Flavors = api_models.Flavors
FlavorExtraSpecs = api_models.FlavorExtraSpecs
FlavorProjects = api_models.FlavorProjects


def _visibility(is_admin, project_id):
    """The WHERE clause of what a context may see (None: everything);
    ``project_id`` a value or a bind parameter."""
    if is_admin:
        return None
    visible = [Flavors.is_public.is_(True)]
    if project_id is not None:
        visible.append(Flavors.projects.any(
            FlavorProjects.project_id == project_id))
    return sa.or_(*visible)


def _visible_query(context):
    """SELECT flavors (with extra specs, in a second SELECT) that
    ``context`` may see."""
    query = sa.select(Flavors).options(orm.selectinload(Flavors.extra_specs))
    visible = _visibility(context.is_admin, context.project_id or None)
    return query if visible is None else query.where(visible)


@functools.lru_cache(maxsize=16)
def _one_statement(column, is_admin, with_project):
    """SELECT of the flavor whose ``column`` is the parameter ``value``,
    with its extra specs joined, as a context (admin or not, with a
    project or not: the parameter ``project_id``) may see it.  Built once
    per shape: every server create reads one flavor, and SQLAlchemy
    works out a new statement's cache key on each run, which cost more
    than a third of the read."""
    query = (sa.select(Flavors)
             .options(orm.joinedload(Flavors.extra_specs))
             .where(getattr(Flavors, column) == sa.bindparam('value')))
    visible = _visibility(is_admin, sa.bindparam('project_id')
                          if with_project else None)
    return query if visible is None else query.where(visible)


def _get_one(context, column, value):
    project_id = None if context.is_admin else context.project_id or None
    params = {'value': value}
    if project_id is not None:
        params['project_id'] = project_id
    statement = _one_statement(column, bool(context.is_admin),
                               project_id is not None)
    with engine.api_session() as session:
        return session.execute(statement, params).unique().scalars().first()


def _projects_of(session, flavor_db_id):
    return list(session.execute(
        sa.select(FlavorProjects.project_id)
        .where(FlavorProjects.flavor_id == flavor_db_id)
        .order_by(FlavorProjects.id)).scalars())


@base.NovaObjectRegistry.register
class Flavor(base.NovaObject, base.NovaPersistentObject):
    # Version 1.0: Initial version
    # Version 1.1: save_extra_specs() and add/remove_access() write at once
    VERSION = '1.1'

    fields = {
        'id': fields.IntegerField(),
        'name': fields.StringField(nullable=True),
        'memory_mb': fields.IntegerField(),
        'vcpus': fields.IntegerField(),
        'root_gb': fields.NonNegativeIntegerField(),
        'ephemeral_gb': fields.NonNegativeIntegerField(),
        'flavorid': fields.StringField(),
        'swap': fields.NonNegativeIntegerField(),
        'rxtx_factor': fields.NonNegativeFloatField(nullable=True,
                                                    default=1.0),
        'vcpu_weight': fields.IntegerField(nullable=True),
        'disabled': fields.BooleanField(),
        'is_public': fields.BooleanField(),
        'extra_specs': fields.DictOfStringsField(),
        'projects': fields.ListOfStringsField(),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._orig_extra_specs = {}
        self._orig_projects = []

    def obj_reset_changes(self, fields=None, recursive=False):
        super().obj_reset_changes(fields=fields, recursive=recursive)
        if fields is None or 'extra_specs' in fields:
            self._orig_extra_specs = (dict(self.extra_specs)
                                      if self.obj_attr_is_set('extra_specs')
                                      else {})
        if fields is None or 'projects' in fields:
            self._orig_projects = (list(self.projects)
                                   if self.obj_attr_is_set('projects')
                                   else [])

    @classmethod
    def _obj_from_primitive(cls, context, objver, primitive):
        # A received flavor (most often inside an instance, over RPC)
        # starts from what it was sent with, so that its extra specs and
        # projects do not look changed (and its instance's flavor with
        # them) unless the sender changed them.
        self = super()._obj_from_primitive(context, objver, primitive)
        for name, copy in (('extra_specs', dict), ('projects', list)):
            if (self.obj_attr_is_set(name) and
                    name not in self._changed_fields):
                setattr(self, '_orig_' + name, copy(getattr(self, name)))
        return self

    def obj_what_changed(self):
        changes = super().obj_what_changed()
        if (self.obj_attr_is_set('extra_specs')
                and self.extra_specs != self._orig_extra_specs):
            changes.add('extra_specs')
        if (self.obj_attr_is_set('projects')
                and self.projects != self._orig_projects):
            changes.add('projects')
        return changes

    @staticmethod
    def _from_db_object(context, flavor, db_flavor, expected_attrs=None):
        expected_attrs = expected_attrs or []
        flavor._context = context
        for name in flavor.fields:
            if name in OPTIONAL_FIELDS or name in ('deleted', 'deleted_at'):
                continue
            value = getattr(db_flavor, name)
            if name == 'rxtx_factor' and value is None:
                value = 1.0
            if name in ('root_gb', 'ephemeral_gb', 'swap') and value is None:
                value = 0
            if name in ('disabled', 'is_public'):
                value = bool(value)
            setattr(flavor, name, value)
        flavor.deleted = False
        flavor.deleted_at = None
        flavor.extra_specs = {spec.key: spec.value
                              for spec in db_flavor.extra_specs}
        if 'projects' in expected_attrs:
            flavor.projects = [p.project_id for p in db_flavor.projects]
        flavor.obj_reset_changes()
        return flavor

    def obj_load_attr(self, attrname):
        if attrname not in OPTIONAL_FIELDS:
            raise exception.ObjectActionError(
                action='obj_load_attr',
                reason='attribute %s not lazy-loadable' % attrname)
        if not self._context:
            raise exception.OrphanedObjectError(method='obj_load_attr',
                                                objtype=self.obj_name())
        with engine.api_session() as session:
            if attrname == 'projects':
                self.projects = _projects_of(session, self.id)
            else:
                self.extra_specs = {
                    spec.key: spec.value for spec in session.execute(
                        sa.select(FlavorExtraSpecs).where(
                            FlavorExtraSpecs.flavor_id == self.id)).scalars()}
        self.obj_reset_changes([attrname])

    # --- reads -------------------------------------------------------------

    @base.remotable_classmethod
    def get_by_id(cls, context, id):
        db_flavor = _get_one(context, 'id', id)
        if db_flavor is None:
            raise exception.FlavorNotFound(flavor_id=id)
        return cls._from_db_object(context, cls(context), db_flavor)

    @base.remotable_classmethod
    def get_by_name(cls, context, name):
        db_flavor = _get_one(context, 'name', name)
        if db_flavor is None:
            raise exception.FlavorNotFoundByName(flavor_name=name)
        return cls._from_db_object(context, cls(context), db_flavor)

    @base.remotable_classmethod
    def get_by_flavor_id(cls, context, flavor_id, read_deleted=None):
        # read_deleted is accepted for compatibility: the API database
        # deletes flavors for real.
        db_flavor = _get_one(context, 'flavorid', str(flavor_id))
        if db_flavor is None:
            raise exception.FlavorNotFound(flavor_id=flavor_id)
        return cls._from_db_object(context, cls(context), db_flavor)

    # --- writes ------------------------------------------------------------

    @base.remotable
    def create(self):
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        updates = self.obj_get_changes()
        extra_specs = updates.pop('extra_specs', {})
        projects = updates.pop('projects', [])
        for name in ('deleted', 'deleted_at', 'created_at', 'updated_at'):
            updates.pop(name, None)
        if not updates.get('flavorid'):
            updates['flavorid'] = str(uuid.uuid4())
        updates.setdefault('swap', 0)
        updates.setdefault('rxtx_factor', 1.0)
        updates.setdefault('disabled', False)
        updates.setdefault('is_public', True)
        try:
            with engine.api_session() as session:
                self._check_unique(session, updates)
                db_flavor = Flavors()
                db_flavor.update(updates)
                db_flavor.extra_specs = [
                    FlavorExtraSpecs(key=k, value=v)
                    for k, v in extra_specs.items()]
                db_flavor.projects = [FlavorProjects(project_id=p)
                                      for p in projects]
                session.add(db_flavor)
                session.flush()
                session.refresh(db_flavor)
                self._from_db_object(self._context, self, db_flavor,
                                     expected_attrs=['projects'])
        except exception.DBDuplicateEntry as e:
            # Lost a race with a concurrent create.
            if 'flavorid' in str(e):
                raise exception.FlavorIdExists(
                    flavor_id=updates['flavorid'])
            raise exception.FlavorExists(name=updates.get('name'))

    @staticmethod
    def _check_unique(session, values):
        if session.execute(sa.select(Flavors.id).where(
                Flavors.flavorid == values['flavorid'])).first():
            raise exception.FlavorIdExists(flavor_id=values['flavorid'])
        if session.execute(sa.select(Flavors.id).where(
                Flavors.name == values.get('name'))).first():
            raise exception.FlavorExists(name=values.get('name'))

    def _db_id(self, session):
        """The row id of this flavor (by id, else by flavorid)."""
        if self.obj_attr_is_set('id'):
            row = session.get(Flavors, self.id)
        else:
            row = session.execute(sa.select(Flavors).where(
                Flavors.flavorid == self.flavorid)).scalars().first()
        if row is None:
            raise exception.FlavorNotFound(
                flavor_id=self.flavorid if self.obj_attr_is_set('flavorid')
                else self.id)
        return row.id

    @base.remotable
    def save_extra_specs(self, to_add=None, to_delete=None):
        """Write extra spec changes now (keys to set, keys to remove)."""
        to_add = to_add or {}
        to_delete = to_delete or []
        with engine.api_session() as session:
            db_id = self._db_id(session)
            for key in to_delete:
                result = session.execute(sa.delete(FlavorExtraSpecs).where(
                    FlavorExtraSpecs.flavor_id == db_id,
                    FlavorExtraSpecs.key == key))
                if not result.rowcount:
                    raise exception.FlavorExtraSpecsNotFound(
                        flavor_id=self.flavorid, extra_specs_key=key)
            existing = {spec.key: spec for spec in session.execute(
                sa.select(FlavorExtraSpecs).where(
                    FlavorExtraSpecs.flavor_id == db_id)).scalars()}
            for key, value in to_add.items():
                if key in existing:
                    existing[key].value = value
                else:
                    session.add(FlavorExtraSpecs(flavor_id=db_id, key=key,
                                                 value=value))

    @base.remotable
    def add_access(self, project_id):
        if 'projects' in self.obj_what_changed():
            raise exception.ObjectActionError(action='add_access',
                                              reason='projects modified')
        with engine.api_session() as session:
            db_id = self._db_id(session)
            if session.execute(sa.select(FlavorProjects.id).where(
                    FlavorProjects.flavor_id == db_id,
                    FlavorProjects.project_id == project_id)).first():
                raise exception.FlavorAccessExists(flavor_id=self.flavorid,
                                                   project_id=project_id)
            session.add(FlavorProjects(flavor_id=db_id,
                                       project_id=project_id))
            session.flush()
            self.projects = _projects_of(session, db_id)
        self.obj_reset_changes(['projects'])

    @base.remotable
    def remove_access(self, project_id):
        if 'projects' in self.obj_what_changed():
            raise exception.ObjectActionError(action='remove_access',
                                              reason='projects modified')
        with engine.api_session() as session:
            db_id = self._db_id(session)
            result = session.execute(sa.delete(FlavorProjects).where(
                FlavorProjects.flavor_id == db_id,
                FlavorProjects.project_id == project_id))
            if not result.rowcount:
                raise exception.FlavorAccessNotFound(
                    flavor_id=self.flavorid, project_id=project_id)
            self.projects = _projects_of(session, db_id)
        self.obj_reset_changes(['projects'])

    @base.remotable
    def save(self):
        """Persist extra_specs/projects changes; flavors are otherwise
        immutable once created."""
        updates = self.obj_get_changes()
        other = set(updates) - {'extra_specs', 'projects'}
        if other:
            raise exception.ObjectActionError(
                action='save',
                reason=_('read-only fields were changed: %s') %
                ', '.join(sorted(other)))
        if 'extra_specs' in updates:
            new = self.extra_specs
            old = self._orig_extra_specs
            to_delete = [k for k in old if k not in new]
            to_add = {k: v for k, v in new.items() if old.get(k) != v}
            self.save_extra_specs(to_add, to_delete)
        if 'projects' in updates:
            new = set(self.projects)
            old = set(self._orig_projects)
            self.obj_reset_changes(['projects'])
            self.projects = list(self._orig_projects)
            self.obj_reset_changes(['projects'])
            for project in sorted(old - new):
                self.remove_access(project)
            for project in sorted(new - old):
                self.add_access(project)
        self.obj_reset_changes()

    @base.remotable
    def destroy(self):
        with engine.api_session() as session:
            if self.obj_attr_is_set('id'):
                row = session.get(Flavors, self.id)
            else:
                row = session.execute(sa.select(Flavors).where(
                    Flavors.flavorid == self.flavorid)).scalars().first()
            if row is None:
                raise exception.FlavorNotFound(
                    flavor_id=self.flavorid
                    if self.obj_attr_is_set('flavorid') else self.id)
            session.execute(sa.delete(FlavorExtraSpecs).where(
                FlavorExtraSpecs.flavor_id == row.id))
            session.execute(sa.delete(FlavorProjects).where(
                FlavorProjects.flavor_id == row.id))
            session.delete(row)


def _apply_filters(context, query, filters):
    if 'min_memory_mb' in filters:
        query = query.where(Flavors.memory_mb >= filters['min_memory_mb'])
    if 'min_root_gb' in filters:
        query = query.where(Flavors.root_gb >= filters['min_root_gb'])
    if 'disabled' in filters:
        query = query.where(Flavors.disabled.is_(bool(filters['disabled'])))
    is_public = filters.get('is_public')
    if is_public is not None:
        wanted = [Flavors.is_public.is_(bool(is_public))]
        if is_public and context.project_id is not None:
            # "Public" to a project includes the private flavors it may use.
            wanted.append(Flavors.projects.any(
                FlavorProjects.project_id == context.project_id))
        query = query.where(sa.or_(*wanted))
    return query


def _paginate(query, sort_key, sort_dir, marker_row, limit):
    if sort_key not in SORT_KEYS or not hasattr(Flavors, sort_key):
        raise exception.InvalidSortKey(sort_key=sort_key)
    if sort_dir not in ('asc', 'desc'):
        raise exception.InvalidSortKey(sort_key=sort_dir)
    column = getattr(Flavors, sort_key)
    order = sa.asc if sort_dir == 'asc' else sa.desc
    query = query.order_by(order(column), order(Flavors.id))
    if marker_row is not None:
        value = getattr(marker_row, sort_key)
        after = (lambda col, val: col > val) if sort_dir == 'asc' else (
            lambda col, val: col < val)
        query = query.where(sa.or_(
            after(column, value),
            sa.and_(column == value, after(Flavors.id, marker_row.id))))
    if limit is not None:
        query = query.limit(limit)
    return query


@base.NovaObjectRegistry.register
class FlavorList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.1'

    fields = {
        'objects': fields.ListOfObjectsField('Flavor'),
    }

    @base.remotable_classmethod
    def get_all(cls, context, inactive=False, filters=None,
                sort_key='flavorid', sort_dir='asc', limit=None,
                marker=None):
        filters = filters or {}
        with engine.api_session() as session:
            marker_row = None
            if marker is not None:
                marker_row = session.execute(_visible_query(context).where(
                    Flavors.flavorid == marker)).scalars().first()
                if marker_row is None:
                    raise exception.MarkerNotFound(marker=marker)
            query = _apply_filters(context, _visible_query(context),
                                   filters)
            query = _paginate(query, sort_key, sort_dir, marker_row, limit)
            rows = session.execute(query).scalars().all()
            return base.obj_make_list(context, cls(context), Flavor, rows)
