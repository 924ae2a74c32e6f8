"""Key pairs (os-keypairs), stored per user in the API database.

The fingerprint is computed by the caller (nova.crypto) and only stored
here.  The legacy copies in cell databases are not read.
"""

import sqlalchemy as sa

from nova.db.api import models as api_models
from nova.db import engine as db
from nova import exception
from nova.objects import base
from nova.objects import fields

KEYPAIR_TYPE_SSH = 'ssh'
KEYPAIR_TYPE_X509 = 'x509'
KEYPAIR_TYPES = (KEYPAIR_TYPE_SSH, KEYPAIR_TYPE_X509)

KeyPairModel = api_models.KeyPair


@base.NovaObjectRegistry.register
class KeyPair(base.NovaPersistentObject, base.NovaObject):
    # Version 1.4: first version of this implementation (Pike's fields).
    VERSION = '1.4'

    fields = {
        'id': fields.IntegerField(),
        'name': fields.StringField(nullable=False),
        'user_id': fields.StringField(nullable=True),
        'fingerprint': fields.StringField(nullable=True),
        'public_key': fields.StringField(nullable=True),
        'type': fields.EnumField(KEYPAIR_TYPES, nullable=False),
    }

    @staticmethod
    def _from_db_object(context, keypair, db_keypair):
        for key in keypair.fields:
            if key in ('deleted', 'deleted_at'):
                continue
            setattr(keypair, key, getattr(db_keypair, key))
        # The API database never soft-deletes.
        keypair.deleted = False
        keypair.deleted_at = None
        keypair._context = context
        keypair.obj_reset_changes()
        return keypair

    def obj_load_attr(self, attrname):
        if attrname == 'type':
            self.type = KEYPAIR_TYPE_SSH
            return
        raise exception.ObjectActionError(
            action='obj_load_attr',
            reason='attribute %s not lazy-loadable' % attrname)

    @base.remotable_classmethod
    def get_by_name(cls, context, user_id, name):
        with db.api_session() as session:
            row = session.execute(
                sa.select(KeyPairModel).filter_by(user_id=user_id, name=name)
            ).scalars().first()
        if row is None:
            raise exception.KeypairNotFound(user_id=user_id, name=name)
        return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def destroy_by_name(cls, context, user_id, name):
        with db.api_session() as session:
            result = session.execute(
                sa.delete(KeyPairModel)
                .where(KeyPairModel.user_id == user_id)
                .where(KeyPairModel.name == name))
        if result.rowcount == 0:
            raise exception.KeypairNotFound(user_id=user_id, name=name)

    @base.remotable
    def create(self):
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        values = {k: v for k, v in self.obj_get_changes().items()
                  if k in ('name', 'user_id', 'fingerprint', 'public_key',
                           'type')}
        values.setdefault('type', KEYPAIR_TYPE_SSH)
        try:
            with db.api_session() as session:
                row = KeyPairModel(**values)
                session.add(row)
                session.flush()
        except exception.DBDuplicateEntry:
            raise exception.KeyPairExists(key_name=values.get('name'))
        self._from_db_object(self._context, self, row)

    @base.remotable
    def destroy(self):
        self.destroy_by_name(self._context, self.user_id, self.name)


@base.NovaObjectRegistry.register
class KeyPairList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.3'

    fields = {
        'objects': fields.ListOfObjectsField('KeyPair'),
    }

    @base.remotable_classmethod
    def get_by_user(cls, context, user_id, limit=None, marker=None):
        """Key pairs of a user sorted by name; ``marker`` is a key name."""
        query = sa.select(KeyPairModel).filter_by(user_id=user_id)
        with db.api_session() as session:
            if marker is not None:
                exists = session.execute(
                    sa.select(KeyPairModel.id)
                    .filter_by(user_id=user_id, name=marker)).first()
                if exists is None:
                    raise exception.MarkerNotFound(marker=marker)
                query = query.where(KeyPairModel.name > marker)
            query = query.order_by(KeyPairModel.name.asc(),
                                   KeyPairModel.id.asc())
            if limit is not None:
                query = query.limit(int(limit))
            rows = session.execute(query).scalars().all()
        return base.obj_make_list(context, cls(context), KeyPair, rows)

    @base.remotable_classmethod
    def get_count_by_user(cls, context, user_id):
        with db.api_session() as session:
            return session.execute(
                sa.select(sa.func.count(KeyPairModel.id))
                .filter_by(user_id=user_id)).scalar()
