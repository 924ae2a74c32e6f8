"""Tags: simple strings attached to a server (``tags`` table, cell DB).

Rules (as the servers API enforces them): a tag is 1 to 60 characters,
contains neither ',' nor '/', and a server carries at most 50 tags.
"""

import sqlalchemy as sa

from nova.db import engine as db
from nova import exception
from nova.objects import base
from nova.objects import fields

MAX_TAG_LENGTH = 60
MAX_TAG_COUNT = 50
_FORBIDDEN = (',', '/')


def _models():
    from nova.db.main import models
    return models


def validate_tag(tag):
    """Raise InvalidInstanceTag unless ``tag`` is acceptable."""
    if not isinstance(tag, str):
        raise exception.InvalidInstanceTag(tag=tag, reason='not a string')
    if not tag:
        raise exception.InvalidInstanceTag(tag=tag, reason='empty')
    if len(tag) > MAX_TAG_LENGTH:
        raise exception.InvalidInstanceTag(
            tag=tag, reason='longer than %d characters' % MAX_TAG_LENGTH)
    for char in _FORBIDDEN:
        if char in tag:
            raise exception.InvalidInstanceTag(
                tag=tag, reason="contains '%s'" % char)


def _check_instance(session, instance_uuid):
    models = _models()
    found = session.execute(
        sa.select(models.Instance.id)
        .filter_by(uuid=instance_uuid, deleted=0)).first()
    if found is None:
        raise exception.InstanceNotFound(instance_id=instance_uuid)


def tags_by_resource(session, resource_ids):
    """{resource_id: [tag, ...]} (sorted) in one query."""
    models = _models()
    result = {rid: [] for rid in resource_ids}
    if not resource_ids:
        return result
    rows = db.core_rows(
        session,
        sa.select(models.Tag.resource_id, models.Tag.tag)
        .where(models.Tag.resource_id.in_(list(resource_ids)))
        .order_by(models.Tag.resource_id, models.Tag.tag)).all()
    for rid, tag in rows:
        result.setdefault(rid, []).append(tag)
    return result


def write_tags(session, resource_id, tags, replace=True):
    """Replace the tags of ``resource_id`` with ``tags`` (validated);
    ``replace=False`` for a resource made in this transaction, which has
    none to remove."""
    models = _models()
    tags = list(dict.fromkeys(tags))
    for tag in tags:
        validate_tag(tag)
    if len(tags) > MAX_TAG_COUNT:
        raise exception.InstanceTagsLimitExceeded(limit=MAX_TAG_COUNT)
    if replace:
        session.execute(sa.delete(models.Tag).where(
            models.Tag.resource_id == resource_id))
    if tags:
        session.execute(sa.insert(models.Tag), [
            {'resource_id': resource_id, 'tag': tag} for tag in tags])
    return tags


@base.NovaObjectRegistry.register
class Tag(base.NovaObject):
    # Version 1.1: first version of this implementation (Pike's fields).
    VERSION = '1.1'

    fields = {
        'resource_id': fields.StringField(),
        'tag': fields.StringField(),
    }

    @staticmethod
    def _from_db_object(context, tag, db_tag):
        tag.resource_id = db_tag['resource_id']
        tag.tag = db_tag['tag']
        tag._context = context
        tag.obj_reset_changes()
        return tag

    @base.remotable
    def create(self):
        validate_tag(self.tag)
        models = _models()
        with db.main_session(self._context) as session:
            _check_instance(session, self.resource_id)
            existing = session.execute(
                sa.select(models.Tag.tag)
                .where(models.Tag.resource_id == self.resource_id)
            ).scalars().all()
            if self.tag not in existing:
                if len(existing) >= MAX_TAG_COUNT:
                    raise exception.InstanceTagsLimitExceeded(
                        limit=MAX_TAG_COUNT)
                session.execute(sa.insert(models.Tag).values(
                    resource_id=self.resource_id, tag=self.tag))
        self.obj_reset_changes()

    @base.remotable_classmethod
    def destroy(cls, context, resource_id, name):
        models = _models()
        with db.main_session(context) as session:
            _check_instance(session, resource_id)
            result = session.execute(
                sa.delete(models.Tag)
                .where(models.Tag.resource_id == resource_id)
                .where(models.Tag.tag == name))
            if result.rowcount == 0:
                raise exception.InstanceTagNotFound(instance_id=resource_id,
                                                    tag=name)

    @base.remotable_classmethod
    def exists(cls, context, resource_id, tag):
        models = _models()
        with db.main_session(context) as session:
            _check_instance(session, resource_id)
            found = session.execute(
                sa.select(models.Tag.tag)
                .where(models.Tag.resource_id == resource_id)
                .where(models.Tag.tag == tag)).first()
        return found is not None


@base.NovaObjectRegistry.register
class TagList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.1'

    fields = {
        'objects': fields.ListOfObjectsField('Tag'),
    }

    @classmethod
    def from_names(cls, context, resource_id, names):
        """A list object for tag names already known (no query).

        The names come from the database (or were just validated), so
        they are stored without field coercion."""
        objs = []
        for name in names:
            tag = Tag(context)
            tag.__dict__.update({'_obj_resource_id': resource_id,
                                 '_obj_tag': name})
            objs.append(tag)
        result = cls(context)
        result.__dict__['_obj_objects'] = base.obj_trusted_collection(
            result, 'objects', objs)
        return result

    @base.remotable_classmethod
    def get_by_resource_id(cls, context, resource_id):
        with db.main_session(context) as session:
            names = tags_by_resource(session, [resource_id])[resource_id]
        return cls.from_names(context, resource_id, names)

    @base.remotable_classmethod
    def create(cls, context, resource_id, tags):
        """Replace every tag of ``resource_id`` with ``tags``."""
        with db.main_session(context) as session:
            _check_instance(session, resource_id)
            names = write_tags(session, resource_id, tags)
        return cls.from_names(context, resource_id, sorted(names))

    @base.remotable_classmethod
    def destroy(cls, context, resource_id):
        models = _models()
        with db.main_session(context) as session:
            _check_instance(session, resource_id)
            session.execute(sa.delete(models.Tag).where(
                models.Tag.resource_id == resource_id))
