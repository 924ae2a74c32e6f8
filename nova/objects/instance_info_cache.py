"""InstanceInfoCache: the network information of an instance, cached.

One row per instance in ``instance_info_caches`` (cell database).  The
network service is the source of truth; this copy is what the API shows
(addresses) without asking it.  ``network_info`` is a list of VIF dicts,
stored as JSON text.
"""

import datetime

import sqlalchemy as sa
from oslo_serialization import jsonutils
from oslo_utils import timeutils
from oslo_versionedobjects import fields as ovo_fields

from nova.db import engine as db
from nova import exception
from nova.objects import base
from nova.objects import fields


_UTC = datetime.timezone.utc


def _models():
    from nova.db.main import models
    return models


class NetworkInfo(fields.FieldType):
    """A list of VIF dicts; travels over RPC as a JSON string."""

    def coerce(self, obj, attr, value):
        if isinstance(value, str):
            value = jsonutils.loads(value) if value else []
        if value is None:
            return []
        if not isinstance(value, (list, tuple)):
            raise ValueError('network_info must be a list, not %s'
                             % type(value).__name__)
        return list(value)

    def to_primitive(self, obj, attr, value):
        return jsonutils.dumps(value)

    def from_primitive(self, obj, attr, value):
        return jsonutils.loads(value) if value else []

    def stringify(self, value):
        return 'NetworkInfo(%d vifs)' % len(value or [])


class NetworkInfoField(ovo_fields.AutoTypedField):
    AUTO_TYPE = NetworkInfo()


def load_network_info(text):
    return jsonutils.loads(text) if text else []


@base.NovaObjectRegistry.register
class InstanceInfoCache(base.NovaPersistentObject, base.NovaObject):
    # Version 1.5: first version of this implementation (Pike's fields).
    VERSION = '1.5'

    fields = {
        'instance_uuid': fields.UUIDField(),
        'network_info': NetworkInfoField(nullable=True),
    }

    @staticmethod
    def _from_db_object(context, info_cache, db_row):
        info_cache.instance_uuid = db_row.instance_uuid
        info_cache.network_info = load_network_info(db_row.network_info)
        info_cache.created_at = db_row.created_at
        info_cache.updated_at = db_row.updated_at
        info_cache.deleted_at = db_row.deleted_at
        info_cache.deleted = bool(db_row.deleted)
        info_cache._context = context
        info_cache.obj_reset_changes()
        return info_cache

    @classmethod
    def _from_values(cls, context, instance_uuid, network_info, created_at,
                     updated_at, deleted_at, deleted):
        """A loaded cache from trusted column values (no coercion; the
        datetimes are made tz-aware UTC as coercion would)."""
        info_cache = cls(context)
        info_cache.__dict__.update({
            '_obj_instance_uuid': instance_uuid,
            '_obj_network_info': load_network_info(network_info),
            '_obj_created_at': (created_at.replace(tzinfo=_UTC)
                                if created_at is not None else None),
            '_obj_updated_at': (updated_at.replace(tzinfo=_UTC)
                                if updated_at is not None else None),
            '_obj_deleted_at': (deleted_at.replace(tzinfo=_UTC)
                                if deleted_at is not None else None),
            '_obj_deleted': bool(deleted),
        })
        return info_cache

    @classmethod
    def new(cls, context, instance_uuid):
        """An empty cache for ``instance_uuid``, not yet saved."""
        info_cache = cls(context)
        info_cache.instance_uuid = instance_uuid
        info_cache.network_info = None
        info_cache._context = context
        # network_info stays "changed" so the first save() writes it.
        return info_cache

    @base.remotable_classmethod
    def get_by_instance_uuid(cls, context, instance_uuid):
        models = _models()
        with db.main_session(context) as session:
            row = session.execute(
                sa.select(models.InstanceInfoCache)
                .filter_by(instance_uuid=instance_uuid, deleted=0)
            ).scalars().first()
        if row is None:
            raise exception.InstanceInfoCacheNotFound(
                instance_uuid=instance_uuid)
        return cls._from_db_object(context, cls(context), row)

    @staticmethod
    def _insert_new(session, instance_uuid, network_info):
        """Write the cache row of an instance made in this transaction (no
        cache row can exist yet: the cache's instance_uuid refers to it);
        the row is returned as a namespace of its columns."""
        return db.insert_row(session, _models().InstanceInfoCache, {
            'instance_uuid': instance_uuid,
            'network_info': jsonutils.dumps(network_info or []),
            'deleted': 0})

    @staticmethod
    def _upsert(session, instance_uuid, network_info):
        """Write the cache row of an instance (create it when missing)."""
        models = _models()
        text = jsonutils.dumps(network_info or [])
        now = timeutils.utcnow()
        row = session.execute(
            sa.select(models.InstanceInfoCache)
            .filter_by(instance_uuid=instance_uuid)).scalars().first()
        if row is None:
            row = models.InstanceInfoCache(instance_uuid=instance_uuid,
                                           network_info=text, deleted=0)
            session.add(row)
        else:
            row.network_info = text
            row.updated_at = now
            # A cache written again for a live instance is live again.
            row.deleted = 0
            row.deleted_at = None
        session.flush()
        return row

    @base.remotable
    def save(self, update_cells=True):
        if 'network_info' not in self.obj_what_changed():
            return
        with db.main_session(self._context) as session:
            row = self._upsert(session, self.instance_uuid,
                               self.network_info)
        self._from_db_object(self._context, self, row)

    @base.remotable
    def delete(self):
        models = _models()
        with db.main_session(self._context) as session:
            session.execute(
                sa.update(models.InstanceInfoCache)
                .where(models.InstanceInfoCache.instance_uuid ==
                       self.instance_uuid)
                .where(models.InstanceInfoCache.deleted == 0)
                .values(deleted=models.InstanceInfoCache.id,
                        deleted_at=timeutils.utcnow()))

    @base.remotable
    def refresh(self):
        current = self.__class__.get_by_instance_uuid(self._context,
                                                      self.instance_uuid)
        current._context = None
        for name in self.fields:
            if current.obj_attr_is_set(name):
                setattr(self, name, getattr(current, name))
        self.obj_reset_changes()
