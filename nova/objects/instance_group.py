"""Server groups (os-server-groups), in the API database.

A group has policies (affinity, anti-affinity, soft-*) and members
(instance uuids).  Hosts of the members are looked up in the cell database
the group's context points at.
"""

import sqlalchemy as sa
from oslo_utils import timeutils
from oslo_utils import uuidutils
from sqlalchemy import orm

from nova.db.api import models as api_models
from nova.db import engine as db
from nova import exception
from nova.objects import base
from nova.objects import fields

GroupModel = api_models.InstanceGroup
GroupMember = api_models.InstanceGroupMember
GroupPolicy = api_models.InstanceGroupPolicy


def _select():
    return sa.select(GroupModel).options(
        orm.selectinload(GroupModel._policies),
        orm.selectinload(GroupModel._members))


@base.NovaObjectRegistry.register
class InstanceGroup(base.NovaPersistentObject, base.NovaObject):
    # Version 1.10: first version of this implementation (Pike's fields).
    VERSION = '1.10'

    fields = {
        'id': fields.IntegerField(),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'uuid': fields.UUIDField(),
        'name': fields.StringField(nullable=True),
        'policies': fields.ListOfStringsField(nullable=True),
        'members': fields.ListOfStringsField(nullable=True),
        'hosts': fields.ListOfStringsField(nullable=True),
    }

    @staticmethod
    def _from_db_object(context, group, db_group):
        for key in ('id', 'user_id', 'project_id', 'uuid', 'name',
                    'created_at', 'updated_at'):
            setattr(group, key, getattr(db_group, key))
        group.policies = db_group.policies
        group.members = db_group.members
        group.deleted = False
        group.deleted_at = None
        group._context = context
        group.obj_reset_changes()
        return group

    def obj_load_attr(self, attrname):
        if attrname != 'hosts':
            raise exception.ObjectActionError(
                action='obj_load_attr',
                reason='attribute %s not lazy-loadable' % attrname)
        if self._context is None:
            raise exception.OrphanedObjectError(method='obj_load_attr',
                                                objtype=self.obj_name())
        self.hosts = self.get_hosts()
        self.obj_reset_changes(['hosts'])

    @classmethod
    def _get(cls, context, *criteria, error):
        with db.api_session() as session:
            row = session.execute(_select().where(*criteria)
                                  ).scalars().first()
        if row is None:
            raise error
        return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def get_by_uuid(cls, context, uuid):
        return cls._get(context, GroupModel.uuid == uuid,
                        error=exception.InstanceGroupNotFound(
                            group_uuid=uuid))

    @base.remotable_classmethod
    def get_by_name(cls, context, name):
        """The group named ``name`` in the context's project."""
        return cls._get(context, GroupModel.name == name,
                        GroupModel.project_id == context.project_id,
                        error=exception.InstanceGroupNotFound(
                            group_uuid=name))

    @base.remotable_classmethod
    def get_by_instance_uuid(cls, context, instance_uuid):
        return cls._get(context, GroupModel.id.in_(
            sa.select(GroupMember.group_id)
            .where(GroupMember.instance_uuid == instance_uuid)),
            error=exception.InstanceGroupNotFound(group_uuid=instance_uuid))

    @classmethod
    def get_by_hint(cls, context, hint):
        if uuidutils.is_uuid_like(hint):
            return cls.get_by_uuid(context, hint)
        return cls.get_by_name(context, hint)

    @base.remotable
    def create(self):
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        changes = self.obj_get_changes()
        policies = changes.pop('policies', None) or []
        members = changes.pop('members', None) or []
        changes.pop('hosts', None)
        values = {k: v for k, v in changes.items()
                  if k in ('user_id', 'project_id', 'uuid', 'name')}
        values.setdefault('uuid', uuidutils.generate_uuid())
        try:
            with db.api_session() as session:
                row = GroupModel(**values)
                row._policies = [GroupPolicy(policy=p) for p in policies]
                row._members = [GroupMember(instance_uuid=m)
                                for m in members]
                session.add(row)
                session.flush()
        except exception.DBDuplicateEntry:
            raise exception.InstanceGroupIdExists(group_uuid=values['uuid'])
        self._from_db_object(self._context, self, row)

    @base.remotable
    def save(self):
        changes = self.obj_get_changes()
        changes.pop('hosts', None)
        if not changes:
            return
        with db.api_session() as session:
            row = session.execute(_select().where(
                GroupModel.uuid == self.uuid)).scalars().first()
            if row is None:
                raise exception.InstanceGroupNotFound(group_uuid=self.uuid)
            if 'policies' in changes:
                row._policies = [GroupPolicy(policy=p)
                                 for p in changes.pop('policies') or []]
            if 'members' in changes:
                row._members = [GroupMember(instance_uuid=m)
                                for m in changes.pop('members') or []]
            for key in ('user_id', 'project_id', 'name'):
                if key in changes:
                    setattr(row, key, changes[key])
            row.updated_at = timeutils.utcnow()
            session.flush()
        self._from_db_object(self._context, self, row)

    @base.remotable
    def destroy(self):
        with db.api_session() as session:
            row = session.execute(sa.select(GroupModel).where(
                GroupModel.uuid == self.uuid)).scalars().first()
            if row is None:
                raise exception.InstanceGroupNotFound(group_uuid=self.uuid)
            session.execute(sa.delete(GroupMember).where(
                GroupMember.group_id == row.id))
            session.execute(sa.delete(GroupPolicy).where(
                GroupPolicy.group_id == row.id))
            session.execute(sa.delete(GroupModel).where(
                GroupModel.id == row.id))

    @base.remotable_classmethod
    def add_members(cls, context, group_uuid, instance_uuids):
        """Add members (those already in are kept once); return the ones
        added."""
        with db.api_session() as session:
            row = session.execute(sa.select(GroupModel).where(
                GroupModel.uuid == group_uuid)).scalars().first()
            if row is None:
                raise exception.InstanceGroupNotFound(group_uuid=group_uuid)
            existing = set(session.execute(
                sa.select(GroupMember.instance_uuid)
                .where(GroupMember.group_id == row.id)).scalars())
            added = [u for u in dict.fromkeys(instance_uuids)
                     if u not in existing]
            for member in added:
                session.add(GroupMember(group_id=row.id,
                                        instance_uuid=member))
        return added

    def _member_instances(self, exclude=None):
        from nova.objects import instance as instance_obj
        members = [m for m in (self.members or [])
                   if m not in set(exclude or [])]
        if not members:
            return []
        return instance_obj.InstanceList.get_by_filters(
            self._context, {'uuid': members, 'deleted': False})

    @base.remotable
    def get_hosts(self, exclude=None):
        """Hosts of the live members (in the context's cell database)."""
        hosts = {inst.host for inst in self._member_instances(exclude)
                 if inst.host}
        return sorted(hosts)

    @base.remotable
    def count_members_by_user(self, user_id):
        return len([i for i in self._member_instances()
                    if i.user_id == user_id])


@base.NovaObjectRegistry.register
class InstanceGroupList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.7'

    fields = {
        'objects': fields.ListOfObjectsField('InstanceGroup'),
    }

    @classmethod
    def _list(cls, context, *criteria):
        with db.api_session() as session:
            rows = session.execute(_select().where(*criteria).order_by(
                GroupModel.id)).scalars().all()
        return base.obj_make_list(context, cls(context), InstanceGroup, rows)

    @base.remotable_classmethod
    def get_by_project_id(cls, context, project_id):
        return cls._list(context, GroupModel.project_id == project_id)

    @base.remotable_classmethod
    def get_all(cls, context):
        return cls._list(context)

    @base.remotable_classmethod
    def get_counts(cls, context, project_id, user_id=None):
        """{'project': {'server_groups': n}, 'user': {...}}."""
        count = sa.select(sa.func.count(GroupModel.id)).where(
            GroupModel.project_id == project_id)
        with db.api_session() as session:
            result = {'project': {'server_groups':
                                  session.execute(count).scalar()}}
            if user_id is not None:
                result['user'] = {'server_groups': session.execute(
                    count.where(GroupModel.user_id == user_id)).scalar()}
        return result
