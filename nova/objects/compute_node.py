"""The ComputeNode object: one hypervisor's resources, in the cell database.

nova-compute owns these records but writes them through conductor (remotable
methods), never through a database connection of its own.
"""

import sqlalchemy as sa
from oslo_serialization import jsonutils
from oslo_utils import timeutils
from oslo_utils import uuidutils

from nova.db import engine as db
from nova import exception
from nova.objects import base
from nova.objects import fields

# Fields stored as JSON text in the table but exposed as structures.
_JSON_FIELDS = ('stats', 'supported_hv_specs')


def _models():
    from nova.db.main import models
    return models


@base.NovaObjectRegistry.register
class ComputeNode(base.NovaPersistentObject, base.NovaObject):
    # Version 1.18: first version of this implementation (Pike's fields).
    VERSION = '1.18'

    fields = {
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.UUIDField(read_only=True),
        'service_id': fields.IntegerField(nullable=True),
        'host': fields.StringField(nullable=True),
        'vcpus': fields.IntegerField(),
        'memory_mb': fields.IntegerField(),
        'local_gb': fields.IntegerField(),
        'vcpus_used': fields.IntegerField(),
        'memory_mb_used': fields.IntegerField(),
        'local_gb_used': fields.IntegerField(),
        'hypervisor_type': fields.StringField(),
        'hypervisor_version': fields.IntegerField(),
        'hypervisor_hostname': fields.StringField(nullable=True),
        'free_ram_mb': fields.IntegerField(nullable=True),
        'free_disk_gb': fields.IntegerField(nullable=True),
        'current_workload': fields.IntegerField(nullable=True),
        'running_vms': fields.IntegerField(nullable=True),
        'cpu_info': fields.StringField(nullable=True),
        'disk_available_least': fields.IntegerField(nullable=True),
        'metrics': fields.StringField(nullable=True),
        'stats': fields.DictOfNullableStringsField(nullable=True),
        'host_ip': fields.IPAddressField(nullable=True),
        'numa_topology': fields.StringField(nullable=True),
        'supported_hv_specs': fields.ListOfDictOfNullableStringsField(
            nullable=True),
        'cpu_allocation_ratio': fields.FloatField(),
        'ram_allocation_ratio': fields.FloatField(),
        'disk_allocation_ratio': fields.FloatField(),
        'mapped': fields.IntegerField(),
    }

    # Column in the table -> field name, where they differ.
    _COLUMN_FOR = {'supported_hv_specs': 'supported_instances'}

    @staticmethod
    def _from_db_object(context, compute, db_compute):
        for key in compute.fields:
            column = ComputeNode._COLUMN_FOR.get(key, key)
            value = getattr(db_compute, column)
            if key in _JSON_FIELDS:
                value = jsonutils.loads(value) if value else (
                    {} if key == 'stats' else [])
                if key == 'stats':
                    value = {k: None if v is None else str(v)
                             for k, v in value.items()}
            elif key == 'deleted':
                value = bool(value)
            elif key == 'host_ip' and value is not None:
                value = str(value)
            setattr(compute, key, value)
        compute._context = context
        compute.obj_reset_changes()
        return compute

    def _db_values(self, updates):
        values = {}
        for key, value in updates.items():
            if key in _JSON_FIELDS:
                value = jsonutils.dumps(value)
            elif key == 'host_ip' and value is not None:
                value = str(value)
            values[self._COLUMN_FOR.get(key, key)] = value
        return values

    @classmethod
    def _query(cls, context, **filters):
        models = _models()
        return sa.select(models.ComputeNode).filter_by(deleted=0, **filters)

    @classmethod
    def _get_one(cls, context, error, **filters):
        with db.main_session(context) as session:
            row = session.execute(cls._query(context, **filters)
                                  ).scalars().first()
        if row is None:
            raise error
        return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def get_by_id(cls, context, compute_id):
        return cls._get_one(context, exception.ComputeHostNotFound(
            host=compute_id), id=compute_id)

    @base.remotable_classmethod
    def get_by_uuid(cls, context, compute_uuid):
        return cls._get_one(context, exception.ComputeHostNotFound(
            host=compute_uuid), uuid=compute_uuid)

    @base.remotable_classmethod
    def get_by_host_and_nodename(cls, context, host, nodename):
        return cls._get_one(context, exception.ComputeHostNotFound(
            host=host), host=host, hypervisor_hostname=nodename)

    @base.remotable
    def create(self):
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        values = self._db_values(self.obj_get_changes())
        values.setdefault('uuid', uuidutils.generate_uuid())
        values.setdefault('mapped', 0)
        models = _models()
        with db.main_session(self._context) as session:
            row = models.ComputeNode(**values)
            session.add(row)
            session.flush()
        self._from_db_object(self._context, self, row)

    @base.remotable
    def save(self, prune_stats=False):
        values = self._db_values(self.obj_get_changes())
        values.pop('id', None)
        values.pop('uuid', None)
        if not values:
            return
        values['updated_at'] = timeutils.utcnow()
        models = _models()
        with db.main_session(self._context) as session:
            row = session.execute(
                sa.select(models.ComputeNode).filter_by(id=self.id, deleted=0)
            ).scalars().first()
            if row is None:
                raise exception.ComputeHostNotFound(host=self.id)
            for key, value in values.items():
                setattr(row, key, value)
            session.flush()
        self._from_db_object(self._context, self, row)

    @base.remotable
    def destroy(self):
        models = _models()
        now = timeutils.utcnow()
        with db.main_session(self._context) as session:
            session.execute(
                sa.update(models.ComputeNode)
                .where(models.ComputeNode.id == self.id)
                .values(deleted=models.ComputeNode.id, deleted_at=now))
        self.deleted = True
        self.obj_reset_changes(['deleted'])


@base.NovaObjectRegistry.register
class ComputeNodeList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.17'

    fields = {
        'objects': fields.ListOfObjectsField('ComputeNode'),
    }

    @classmethod
    def _list(cls, context, query):
        models = _models()
        with db.main_session(context) as session:
            rows = session.execute(
                query.order_by(models.ComputeNode.id)).scalars().all()
        return base.obj_make_list(context, cls(context), ComputeNode, rows)

    @base.remotable_classmethod
    def get_all(cls, context):
        return cls._list(context, ComputeNode._query(context))

    @base.remotable_classmethod
    def get_all_by_host(cls, context, host):
        result = cls._list(context, ComputeNode._query(context, host=host))
        if not result:
            raise exception.ComputeHostNotFound(host=host)
        return result

    @base.remotable_classmethod
    def get_by_hypervisor(cls, context, hypervisor_match):
        models = _models()
        query = ComputeNode._query(context).where(
            models.ComputeNode.hypervisor_hostname.like(
                '%%%s%%' % hypervisor_match))
        return cls._list(context, query)

    @base.remotable_classmethod
    def get_all_by_not_mapped(cls, context, mapped_less_than):
        models = _models()
        query = ComputeNode._query(context).where(
            models.ComputeNode.mapped < mapped_less_than)
        return cls._list(context, query)
