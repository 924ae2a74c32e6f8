"""Models of the API database (``nova_api``).

Global data lives here: cell/host/instance mappings, build requests and
request specs, flavors, key pairs, aggregates, server groups, quotas and the
placement tables.  Every table has ``created_at``/``updated_at``; nothing in
this database is soft-deleted.

The schema itself is created by the alembic migrations in
``nova/db/api/migrations``; a test checks that these models and the
migrations agree.
"""

import sqlalchemy as sa
from sqlalchemy import orm

from nova.db import models_base
from nova.db.models_base import MediumText

Column = sa.Column
Integer = sa.Integer
String = sa.String
Text = sa.Text
Boolean = sa.Boolean
Float = sa.Float
DateTime = sa.DateTime
ForeignKey = sa.ForeignKey
Index = sa.Index
UniqueConstraint = sa.UniqueConstraint


class _NovaAPIBase(models_base.ModelBase, models_base.TimestampMixin):
    pass


BASE = orm.declarative_base(cls=_NovaAPIBase)


# --- cells ----------------------------------------------------------------

class CellMapping(BASE):
    """Where a cell's database and message queue are."""

    __tablename__ = 'cell_mappings'
    __table_args__ = (
        Index('uuid_idx', 'uuid'),
        UniqueConstraint('uuid', name='uniq_cell_mappings0uuid'),
    )

    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=False)
    name = Column(String(255))
    transport_url = Column(Text())
    database_connection = Column(Text())
    disabled = Column(Boolean, default=False)

    host_mappings = orm.relationship('HostMapping',
                                     back_populates='cell_mapping')


class HostMapping(BASE):
    """Which cell a compute host belongs to."""

    __tablename__ = 'host_mappings'
    __table_args__ = (
        Index('host_idx', 'host'),
        UniqueConstraint('host', name='uniq_host_mappings0host'),
    )

    id = Column(Integer, primary_key=True)
    cell_id = Column(Integer, ForeignKey('cell_mappings.id'), nullable=False)
    host = Column(String(255), nullable=False)

    cell_mapping = orm.relationship('CellMapping',
                                    back_populates='host_mappings')


class InstanceMapping(BASE):
    """Which cell an instance lives in (cell_id NULL while building)."""

    __tablename__ = 'instance_mappings'
    __table_args__ = (
        Index('instance_uuid_idx', 'instance_uuid'),
        Index('project_id_idx', 'project_id'),
        Index('instance_mappings_user_id_project_id_idx',
              'user_id', 'project_id'),
        UniqueConstraint('instance_uuid',
                         name='uniq_instance_mappings0instance_uuid'),
    )

    id = Column(Integer, primary_key=True)
    instance_uuid = Column(String(36), nullable=False)
    cell_id = Column(Integer, ForeignKey('cell_mappings.id'), nullable=True)
    project_id = Column(String(255), nullable=False)
    queued_for_delete = Column(Boolean, default=False)
    user_id = Column(String(255), nullable=True)

    cell_mapping = orm.relationship('CellMapping')


# --- boot requests ----------------------------------------------------------

class RequestSpec(BASE):
    """The serialized scheduling request of an instance."""

    __tablename__ = 'request_specs'
    __table_args__ = (
        Index('request_spec_instance_uuid_idx', 'instance_uuid'),
        UniqueConstraint('instance_uuid',
                         name='uniq_request_specs0instance_uuid'),
    )

    id = Column(Integer, primary_key=True)
    instance_uuid = Column(String(36), nullable=False)
    spec = Column(MediumText(), nullable=False)


class BuildRequest(BASE):
    """An instance that exists only in the API DB until it is scheduled."""

    __tablename__ = 'build_requests'
    __table_args__ = (
        Index('build_requests_instance_uuid_idx', 'instance_uuid'),
        Index('build_requests_project_id_idx', 'project_id'),
        UniqueConstraint('instance_uuid',
                         name='uniq_build_requests0instance_uuid'),
    )

    id = Column(Integer, primary_key=True)
    instance_uuid = Column(String(36))
    project_id = Column(String(255), nullable=False)
    instance = Column(MediumText())
    block_device_mappings = Column(MediumText())
    tags = Column(Text())


# --- flavors ----------------------------------------------------------------

class Flavors(BASE):
    __tablename__ = 'flavors'
    __table_args__ = (
        UniqueConstraint('flavorid', name='uniq_flavors0flavorid'),
        UniqueConstraint('name', name='uniq_flavors0name'),
    )

    id = Column(Integer, primary_key=True)
    name = Column(String(255), nullable=False)
    memory_mb = Column(Integer, nullable=False)
    vcpus = Column(Integer, nullable=False)
    root_gb = Column(Integer)
    ephemeral_gb = Column(Integer)
    flavorid = Column(String(255), nullable=False)
    swap = Column(Integer, nullable=False, default=0)
    rxtx_factor = Column(Float, default=1)
    vcpu_weight = Column(Integer)
    disabled = Column(Boolean, default=False)
    is_public = Column(Boolean, default=True)

    extra_specs = orm.relationship('FlavorExtraSpecs',
                                   back_populates='flavor',
                                   cascade='all, delete-orphan')
    projects = orm.relationship('FlavorProjects',
                                back_populates='flavor',
                                cascade='all, delete-orphan')


class FlavorExtraSpecs(BASE):
    __tablename__ = 'flavor_extra_specs'
    __table_args__ = (
        Index('flavor_extra_specs_flavor_id_key_idx', 'flavor_id', 'key'),
        UniqueConstraint('flavor_id', 'key',
                         name='uniq_flavor_extra_specs0flavor_id0key'),
    )

    id = Column(Integer, primary_key=True)
    key = Column(String(255), nullable=False)
    value = Column(String(255))
    flavor_id = Column(Integer, ForeignKey('flavors.id'), nullable=False)

    flavor = orm.relationship('Flavors', back_populates='extra_specs')


class FlavorProjects(BASE):
    __tablename__ = 'flavor_projects'
    __table_args__ = (
        UniqueConstraint('flavor_id', 'project_id',
                         name='uniq_flavor_projects0flavor_id0project_id'),
    )

    id = Column(Integer, primary_key=True)
    flavor_id = Column(Integer, ForeignKey('flavors.id'), nullable=False)
    project_id = Column(String(255), nullable=False)

    flavor = orm.relationship('Flavors', back_populates='projects')


# --- key pairs --------------------------------------------------------------

class KeyPair(BASE):
    __tablename__ = 'key_pairs'
    __table_args__ = (
        UniqueConstraint('user_id', 'name',
                         name='uniq_key_pairs0user_id0name'),
    )

    id = Column(Integer, primary_key=True, nullable=False)
    name = Column(String(255), nullable=False)
    user_id = Column(String(255), nullable=False)
    fingerprint = Column(String(255))
    public_key = Column(Text())
    type = Column(sa.Enum('ssh', 'x509', name='keypair_types'),
                  nullable=False, server_default='ssh')


# --- aggregates --------------------

class AggregateHost(BASE):
    __tablename__ = 'aggregate_hosts'
    __table_args__ = (
        UniqueConstraint('host', 'aggregate_id',
                         name='uniq_aggregate_hosts0host0aggregate_id'),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    host = Column(String(255))
    aggregate_id = Column(Integer, ForeignKey('aggregates.id'),
                          nullable=False)


class AggregateMetadata(BASE):
    __tablename__ = 'aggregate_metadata'
    __table_args__ = (
        UniqueConstraint('aggregate_id', 'key',
                         name='uniq_aggregate_metadata0aggregate_id0key'),
        Index('aggregate_metadata_key_idx', 'key'),
    )

    id = Column(Integer, primary_key=True)
    key = Column(String(255), nullable=False)
    value = Column(String(255), nullable=False)
    aggregate_id = Column(Integer, ForeignKey('aggregates.id'),
                          nullable=False)


class Aggregate(BASE):
    __tablename__ = 'aggregates'
    __table_args__ = (
        Index('aggregate_uuid_idx', 'uuid'),
        UniqueConstraint('name', name='uniq_aggregate0name'),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    uuid = Column(String(36))
    name = Column(String(255))

    _hosts = orm.relationship(AggregateHost, cascade='all, delete-orphan')
    _metadata = orm.relationship(AggregateMetadata,
                                 cascade='all, delete-orphan')

    @property
    def hosts(self):
        return [h.host for h in self._hosts]

    @property
    def metadetails(self):
        return {m.key: m.value for m in self._metadata}

    @property
    def availability_zone(self):
        return self.metadetails.get('availability_zone')


class AggregateGeneration(BASE):
    """One row (id 1): a number every write of an aggregate, its hosts or
    its metadata moves, in the write's own transaction, so a reader that
    keeps the aggregates (nova-scheduler) learns from one narrow read
    whether they changed."""

    __tablename__ = 'aggregate_generation'

    id = Column(Integer, primary_key=True, autoincrement=False)
    generation = Column(sa.BigInteger, nullable=False, server_default='0')


# --- server groups --------------------

class InstanceGroupMember(BASE):
    __tablename__ = 'instance_group_member'
    __table_args__ = (
        Index('instance_group_member_instance_idx', 'instance_uuid'),
    )

    id = Column(Integer, primary_key=True, nullable=False)
    instance_uuid = Column(String(255))
    group_id = Column(Integer, ForeignKey('instance_groups.id'),
                      nullable=False)


class InstanceGroupPolicy(BASE):
    __tablename__ = 'instance_group_policy'
    __table_args__ = (
        Index('instance_group_policy_policy_idx', 'policy'),
    )

    id = Column(Integer, primary_key=True, nullable=False)
    policy = Column(String(255))
    group_id = Column(Integer, ForeignKey('instance_groups.id'),
                      nullable=False)


class InstanceGroup(BASE):
    __tablename__ = 'instance_groups'
    __table_args__ = (
        UniqueConstraint('uuid', name='uniq_instance_groups0uuid'),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    user_id = Column(String(255))
    project_id = Column(String(255))
    uuid = Column(String(36), nullable=False)
    name = Column(String(255))

    _policies = orm.relationship(InstanceGroupPolicy,
                                 cascade='all, delete-orphan')
    _members = orm.relationship(InstanceGroupMember,
                                cascade='all, delete-orphan')

    @property
    def policies(self):
        return [p.policy for p in self._policies]

    @property
    def members(self):
        return [m.instance_uuid for m in self._members]


# --- quotas --------------------

class Quota(BASE):
    __tablename__ = 'quotas'
    __table_args__ = (
        Index('quotas_project_id_idx', 'project_id'),
        UniqueConstraint('project_id', 'resource',
                         name='uniq_quotas0project_id0resource'),
    )

    id = Column(Integer, primary_key=True)
    project_id = Column(String(255))
    resource = Column(String(255), nullable=False)
    hard_limit = Column(Integer)


class ProjectUserQuota(BASE):
    __tablename__ = 'project_user_quotas'
    __table_args__ = (
        Index('project_user_quotas_project_id_idx', 'project_id'),
        Index('project_user_quotas_user_id_idx', 'user_id'),
        UniqueConstraint(
            'user_id', 'project_id', 'resource',
            name='uniq_project_user_quotas0user_id0project_id0resource'),
    )

    id = Column(Integer, primary_key=True, nullable=False)
    project_id = Column(String(255), nullable=False)
    user_id = Column(String(255), nullable=False)
    resource = Column(String(255), nullable=False)
    hard_limit = Column(Integer)


class QuotaClass(BASE):
    __tablename__ = 'quota_classes'
    __table_args__ = (
        Index('quota_classes_class_name_idx', 'class_name'),
    )

    id = Column(Integer, primary_key=True)
    class_name = Column(String(255))
    resource = Column(String(255))
    hard_limit = Column(Integer)


class QuotaUsage(BASE):
    __tablename__ = 'quota_usages'
    __table_args__ = (
        Index('quota_usages_project_id_idx', 'project_id'),
        Index('quota_usages_user_id_idx', 'user_id'),
    )

    id = Column(Integer, primary_key=True)
    project_id = Column(String(255))
    user_id = Column(String(255))
    resource = Column(String(255), nullable=False)
    in_use = Column(Integer, nullable=False)
    reserved = Column(Integer, nullable=False)
    until_refresh = Column(Integer)

    @property
    def total(self):
        return self.in_use + self.reserved


class Reservation(BASE):
    __tablename__ = 'reservations'
    __table_args__ = (
        Index('reservations_project_id_idx', 'project_id'),
        Index('reservations_uuid_idx', 'uuid'),
        Index('reservations_expire_idx', 'expire'),
        Index('reservations_user_id_idx', 'user_id'),
    )

    id = Column(Integer, primary_key=True, nullable=False)
    uuid = Column(String(36), nullable=False)
    usage_id = Column(Integer, ForeignKey('quota_usages.id'), nullable=False)
    project_id = Column(String(255))
    user_id = Column(String(255))
    resource = Column(String(255))
    delta = Column(Integer, nullable=False)
    expire = Column(DateTime)

    usage = orm.relationship('QuotaUsage')


# --- placement --------------------

class ResourceClass(BASE):
    """Custom resource classes (standard ones are hard-coded, ids < 10000)."""

    __tablename__ = 'resource_classes'
    __table_args__ = (
        UniqueConstraint('name', name='uniq_resource_classes0name'),
    )

    id = Column(Integer, primary_key=True, nullable=False)
    name = Column(String(255), nullable=False)


class ResourceProvider(BASE):
    __tablename__ = 'resource_providers'
    __table_args__ = (
        Index('resource_providers_uuid_idx', 'uuid'),
        UniqueConstraint('uuid', name='uniq_resource_providers0uuid'),
        Index('resource_providers_name_idx', 'name'),
        Index('resource_providers_root_provider_id_idx', 'root_provider_id'),
        Index('resource_providers_parent_provider_id_idx',
              'parent_provider_id'),
        UniqueConstraint('name', name='uniq_resource_providers0name'),
    )

    id = Column(Integer, primary_key=True, nullable=False)
    uuid = Column(String(36), nullable=False)
    name = Column(sa.Unicode(200), nullable=True)
    generation = Column(Integer, default=0)
    root_provider_id = Column(Integer, ForeignKey('resource_providers.id'),
                              nullable=True)
    parent_provider_id = Column(Integer, ForeignKey('resource_providers.id'),
                                nullable=True)


class Inventory(BASE):
    __tablename__ = 'inventories'
    __table_args__ = (
        Index('inventories_resource_provider_id_idx',
              'resource_provider_id'),
        Index('inventories_resource_class_id_idx', 'resource_class_id'),
        Index('inventories_resource_provider_resource_class_idx',
              'resource_provider_id', 'resource_class_id'),
        # Every column a capacity check reads, in provider order: the
        # allocation candidates' pass never reads the table itself.
        Index('inventories_fit_idx', 'resource_provider_id',
              'resource_class_id', 'used', 'capacity', 'min_unit',
              'max_unit', 'step_size'),
        UniqueConstraint(
            'resource_provider_id', 'resource_class_id',
            name='uniq_inventories0resource_provider_resource_class'),
    )

    id = Column(Integer, primary_key=True, nullable=False)
    resource_provider_id = Column(Integer, nullable=False)
    resource_class_id = Column(Integer, nullable=False)
    total = Column(Integer, nullable=False)
    reserved = Column(Integer, nullable=False)
    min_unit = Column(Integer, nullable=False)
    max_unit = Column(Integer, nullable=False)
    step_size = Column(Integer, nullable=False)
    allocation_ratio = Column(Float, nullable=False)
    # Units allocated of this inventory: the sum of the allocations of
    # its provider and class, kept by placement's allocation writes.
    used = Column(Integer, nullable=False, server_default='0')
    # Units that may be allocated, ``int((total - reserved) *
    # allocation_ratio)``, computed in Python by the inventory writes
    # (placement.objects.tables.capacity): every capacity check, in SQL
    # or not, compares against this one number.
    capacity = Column(sa.BigInteger, nullable=False)

    resource_provider = orm.relationship(
        'ResourceProvider',
        primaryjoin='and_(Inventory.resource_provider_id == '
                    'ResourceProvider.id)',
        foreign_keys=resource_provider_id)


class Allocation(BASE):
    __tablename__ = 'allocations'
    __table_args__ = (
        Index('allocations_resource_provider_class_used_idx',
              'resource_provider_id', 'resource_class_id', 'used'),
        Index('allocations_resource_class_id_idx', 'resource_class_id'),
        Index('allocations_consumer_id_idx', 'consumer_id'),
    )

    id = Column(Integer, primary_key=True, nullable=False)
    resource_provider_id = Column(Integer, nullable=False)
    consumer_id = Column(String(36), nullable=False)
    resource_class_id = Column(Integer, nullable=False)
    used = Column(Integer, nullable=False)

    resource_provider = orm.relationship(
        'ResourceProvider',
        primaryjoin='and_(Allocation.resource_provider_id == '
                    'ResourceProvider.id)',
        foreign_keys=resource_provider_id)


class ResourceProviderAggregate(BASE):
    __tablename__ = 'resource_provider_aggregates'
    __table_args__ = (
        Index('resource_provider_aggregates_aggregate_id_idx',
              'aggregate_id'),
    )

    resource_provider_id = Column(Integer, primary_key=True, nullable=False)
    aggregate_id = Column(Integer, primary_key=True, nullable=False)


class PlacementAggregate(BASE):
    __tablename__ = 'placement_aggregates'
    __table_args__ = (
        UniqueConstraint('uuid', name='uniq_placement_aggregates0uuid'),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    uuid = Column(String(36), index=True)


class Trait(BASE):
    __tablename__ = 'traits'
    __table_args__ = (
        UniqueConstraint('name', name='uniq_traits0name'),
    )

    id = Column(Integer, primary_key=True, nullable=False,
                autoincrement=True)
    name = Column(sa.Unicode(255), nullable=False)


class ResourceProviderTrait(BASE):
    __tablename__ = 'resource_provider_traits'
    __table_args__ = (
        Index('resource_provider_traits_resource_provider_trait_idx',
              'resource_provider_id', 'trait_id'),
    )

    trait_id = Column(Integer, ForeignKey('traits.id'), primary_key=True,
                      nullable=False)
    resource_provider_id = Column(Integer,
                                  ForeignKey('resource_providers.id'),
                                  primary_key=True, nullable=False)


class Project(BASE):
    __tablename__ = 'projects'
    __table_args__ = (
        UniqueConstraint('external_id', name='uniq_projects0external_id'),
    )

    id = Column(Integer, primary_key=True, nullable=False,
                autoincrement=True)
    external_id = Column(String(255), nullable=False)


class User(BASE):
    __tablename__ = 'users'
    __table_args__ = (
        UniqueConstraint('external_id', name='uniq_users0external_id'),
    )

    id = Column(Integer, primary_key=True, nullable=False,
                autoincrement=True)
    external_id = Column(String(255), nullable=False)


class Consumer(BASE):
    __tablename__ = 'consumers'
    __table_args__ = (
        Index('consumers_project_id_uuid_idx', 'project_id', 'uuid'),
        Index('consumers_project_id_user_id_uuid_idx',
              'project_id', 'user_id', 'uuid'),
        UniqueConstraint('uuid', name='uniq_consumers0uuid'),
    )

    id = Column(Integer, primary_key=True, nullable=False,
                autoincrement=True)
    uuid = Column(String(36), nullable=False)
    project_id = Column(Integer, nullable=False)
    user_id = Column(Integer, nullable=False)
