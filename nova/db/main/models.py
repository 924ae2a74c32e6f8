"""Models of the cell database schema (``nova``, ``nova_cell0``, ...).

Each cell database holds the instances of that cell and everything hanging
off them, plus the services and compute nodes of the cell.  Most tables are
soft-deleted: ``deleted`` is 0 while a row is live and equals the row ``id``
once deleted, which is why unique constraints include ``deleted``.

Also kept for parity with the Pike schema: the legacy nova-network tables,
the cell-level key pairs and quota tables (superseded by the API database
copies but still present in every cell).

The schema is created by the alembic migrations in
``nova/db/main/migrations``; a test checks these models match them.
"""

import sqlalchemy as sa
from sqlalchemy import orm

from nova.db import models_base
from nova.db.models_base import CIDR
from nova.db.models_base import IPAddress
from nova.db.models_base import MediumText
from nova.db.models_base import SoftDeleteMixin
from nova.db.models_base import TimestampMixin
from nova.db.models_base import utcnow

Column = sa.Column
Integer = sa.Integer
BigInteger = sa.BigInteger
String = sa.String
Text = sa.Text
Boolean = sa.Boolean
Float = sa.Float
DateTime = sa.DateTime
ForeignKey = sa.ForeignKey
Index = sa.Index
UniqueConstraint = sa.UniqueConstraint

BASE = orm.declarative_base(cls=models_base.ModelBase)


class NovaBase(TimestampMixin, SoftDeleteMixin):
    """Timestamps and soft delete: what most cell tables carry."""


# --- services and hosts --------------------

class Service(BASE, NovaBase):
    __tablename__ = 'services'
    __table_args__ = (
        UniqueConstraint('host', 'topic', 'deleted',
                         name='uniq_services0host0topic0deleted'),
        UniqueConstraint('host', 'binary', 'deleted',
                         name='uniq_services0host0binary0deleted'),
        Index('services_uuid_idx', 'uuid', unique=True),
        # The scheduler's refresh reads the rows written since a moment.
        Index('services_updated_at_idx', 'updated_at'),
        Index('services_created_at_idx', 'created_at'),
        Index('services_deleted_at_idx', 'deleted_at'),
        # ... and the services whose heartbeat is out of the up window.
        Index('services_changed_at_idx', 'changed_at'),
        Index('services_last_seen_up_idx', 'last_seen_up'),
    )

    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=True)
    host = Column(String(255))
    binary = Column(String(255))
    topic = Column(String(255))
    report_count = Column(Integer, nullable=False, default=0)
    disabled = Column(Boolean, default=False)
    disabled_reason = Column(String(255))
    last_seen_up = Column(DateTime, nullable=True)
    forced_down = Column(Boolean, default=False)
    version = Column(Integer, default=0)
    # When a column other than the heartbeat (report_count, last_seen_up)
    # last changed: updated_at moves at every heartbeat.
    changed_at = Column(DateTime, nullable=True)


class ComputeNode(BASE, NovaBase):
    __tablename__ = 'compute_nodes'
    __table_args__ = (
        Index('compute_nodes_uuid_idx', 'uuid', unique=True),
        # The scheduler's refresh reads the rows written since a moment.
        Index('compute_nodes_updated_at_idx', 'updated_at'),
        Index('compute_nodes_created_at_idx', 'created_at'),
        Index('compute_nodes_deleted_at_idx', 'deleted_at'),
        UniqueConstraint(
            'host', 'hypervisor_hostname', 'deleted',
            name='uniq_compute_nodes0host0hypervisor_hostname0deleted'),
    )

    id = Column(Integer, primary_key=True)
    service_id = Column(Integer, nullable=True)
    host = Column(String(255), nullable=True)
    uuid = Column(String(36), nullable=True)
    vcpus = Column(Integer, nullable=False)
    memory_mb = Column(Integer, nullable=False)
    local_gb = Column(Integer, nullable=False)
    vcpus_used = Column(Integer, nullable=False)
    memory_mb_used = Column(Integer, nullable=False)
    local_gb_used = Column(Integer, nullable=False)
    hypervisor_type = Column(MediumText(), nullable=False)
    hypervisor_version = Column(Integer, nullable=False)
    hypervisor_hostname = Column(String(255))
    free_ram_mb = Column(Integer)
    free_disk_gb = Column(Integer)
    current_workload = Column(Integer)
    running_vms = Column(Integer)
    cpu_info = Column(MediumText(), nullable=False)
    disk_available_least = Column(Integer)
    host_ip = Column(IPAddress())
    supported_instances = Column(Text)
    metrics = Column(Text)
    pci_stats = Column(Text)
    extra_resources = Column(Text)
    stats = Column(Text, default='{}')
    numa_topology = Column(Text)
    ram_allocation_ratio = Column(Float, nullable=True)
    cpu_allocation_ratio = Column(Float, nullable=True)
    disk_allocation_ratio = Column(Float, nullable=True)
    mapped = Column(Integer, nullable=True, default=0)


# --- instances --------------------

class Instance(BASE, NovaBase):
    __tablename__ = 'instances'
    __table_args__ = (
        Index('project_id', 'project_id'),
        Index('uuid', 'uuid', unique=True),
        Index('instances_project_id_deleted_idx', 'project_id', 'deleted'),
        Index('instances_reservation_id_idx', 'reservation_id'),
        Index('instances_terminated_at_launched_at_idx',
              'terminated_at', 'launched_at'),
        Index('instances_uuid_deleted_idx', 'uuid', 'deleted'),
        Index('instances_task_state_updated_at_idx',
              'task_state', 'updated_at'),
        Index('instances_host_node_deleted_idx', 'host', 'node', 'deleted'),
        Index('instances_host_deleted_cleaned_idx',
              'host', 'deleted', 'cleaned'),
        Index('instances_deleted_created_at_idx', 'deleted', 'created_at'),
        Index('instances_updated_at_project_id_idx',
              'updated_at', 'project_id'),
        UniqueConstraint('uuid', name='uniq_instances0uuid'),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    user_id = Column(String(255))
    project_id = Column(String(255))

    image_ref = Column(String(255))
    kernel_id = Column(String(255))
    ramdisk_id = Column(String(255))
    hostname = Column(String(255))

    launch_index = Column(Integer)
    key_name = Column(String(255))
    key_data = Column(MediumText())

    power_state = Column(Integer)
    vm_state = Column(String(255))
    task_state = Column(String(255))

    memory_mb = Column(Integer)
    vcpus = Column(Integer)
    root_gb = Column(Integer)
    ephemeral_gb = Column(Integer)
    ephemeral_key_uuid = Column(String(36))

    # The compute service the instance runs on, and the hypervisor node.
    host = Column(String(255))
    node = Column(String(255))

    instance_type_id = Column(Integer)
    user_data = Column(MediumText())
    reservation_id = Column(String(255))

    launched_at = Column(DateTime)
    terminated_at = Column(DateTime)

    availability_zone = Column(String(255))
    display_name = Column(String(255))
    display_description = Column(String(255))

    launched_on = Column(MediumText())
    locked = Column(Boolean)
    locked_by = Column(sa.Enum('owner', 'admin', name='instances0locked_by'))

    os_type = Column(String(255))
    architecture = Column(String(255))
    vm_mode = Column(String(255))
    uuid = Column(String(36), nullable=False)

    root_device_name = Column(String(255))
    default_ephemeral_device = Column(String(255))
    default_swap_device = Column(String(255))
    config_drive = Column(String(255))

    access_ip_v4 = Column(IPAddress())
    access_ip_v6 = Column(IPAddress())

    auto_disk_config = Column(Boolean)
    progress = Column(Integer)

    shutdown_terminate = Column(Boolean, default=False)
    disable_terminate = Column(Boolean, default=False)

    cell_name = Column(String(255))
    scheduled_at = Column(DateTime)

    # Set to 1 once the virt driver has cleaned up after a deleted instance.
    cleaned = Column(Integer, default=0)

    info_cache = orm.relationship('InstanceInfoCache', uselist=False,
                                  back_populates='instance')
    extra = orm.relationship('InstanceExtra', uselist=False,
                             back_populates='instance')
    metadata_items = orm.relationship(
        'InstanceMetadata',
        primaryjoin='and_(Instance.uuid == InstanceMetadata.instance_uuid, '
                    'InstanceMetadata.deleted == 0)',
        viewonly=True)
    system_metadata = orm.relationship(
        'InstanceSystemMetadata',
        primaryjoin='and_(Instance.uuid == '
                    'InstanceSystemMetadata.instance_uuid)',
        viewonly=True)

    @property
    def name(self):
        return 'instance-%08x' % self.id


class InstanceInfoCache(BASE, NovaBase):
    __tablename__ = 'instance_info_caches'
    __table_args__ = (
        UniqueConstraint('instance_uuid',
                         name='uniq_instance_info_caches0instance_uuid'),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    network_info = Column(MediumText())
    instance_uuid = Column(String(36), ForeignKey('instances.uuid'),
                           nullable=False)

    instance = orm.relationship(Instance, back_populates='info_cache')


class InstanceExtra(BASE, NovaBase):
    __tablename__ = 'instance_extra'
    __table_args__ = (
        Index('instance_extra_idx', 'instance_uuid'),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    instance_uuid = Column(String(36), ForeignKey('instances.uuid'),
                           nullable=False)
    device_metadata = Column(MediumText())
    numa_topology = Column(MediumText())
    pci_requests = Column(MediumText())
    flavor = Column(MediumText())
    vcpu_model = Column(MediumText())
    migration_context = Column(MediumText())
    keypairs = Column(MediumText())

    instance = orm.relationship(Instance, back_populates='extra')


class InstanceMetadata(BASE, NovaBase):
    __tablename__ = 'instance_metadata'
    __table_args__ = (
        Index('instance_metadata_instance_uuid_idx', 'instance_uuid'),
    )

    id = Column(Integer, primary_key=True)
    key = Column(String(255))
    value = Column(String(255))
    instance_uuid = Column(String(36), ForeignKey('instances.uuid'))


class InstanceSystemMetadata(BASE, NovaBase):
    __tablename__ = 'instance_system_metadata'
    __table_args__ = (
        Index('instance_uuid', 'instance_uuid'),
    )

    id = Column(Integer, primary_key=True)
    key = Column(String(255), nullable=False)
    value = Column(String(255))
    instance_uuid = Column(String(36), ForeignKey('instances.uuid'),
                           nullable=False)


class InstanceFault(BASE, NovaBase):
    __tablename__ = 'instance_faults'
    __table_args__ = (
        Index('instance_faults_host_idx', 'host'),
        Index('instance_faults_instance_uuid_deleted_created_at_idx',
              'instance_uuid', 'deleted', 'created_at'),
    )

    id = Column(Integer, primary_key=True)
    instance_uuid = Column(String(36), ForeignKey('instances.uuid'))
    code = Column(Integer(), nullable=False)
    message = Column(String(255))
    details = Column(MediumText())
    host = Column(String(255))


class InstanceAction(BASE, NovaBase):
    """A user-visible operation on an instance (os-instance-actions)."""

    __tablename__ = 'instance_actions'
    __table_args__ = (
        Index('instance_uuid_idx', 'instance_uuid'),
        Index('request_id_idx', 'request_id'),
        Index('instance_actions_instance_uuid_updated_at_idx',
              'instance_uuid', 'updated_at'),
    )

    id = Column(Integer, primary_key=True, nullable=False,
                autoincrement=True)
    action = Column(String(255))
    instance_uuid = Column(String(36), ForeignKey('instances.uuid'))
    request_id = Column(String(255))
    user_id = Column(String(255))
    project_id = Column(String(255))
    start_time = Column(DateTime, default=utcnow)
    finish_time = Column(DateTime)
    message = Column(String(255))


class InstanceActionEvent(BASE, NovaBase):
    __tablename__ = 'instance_actions_events'

    id = Column(Integer, primary_key=True, nullable=False,
                autoincrement=True)
    event = Column(String(255))
    action_id = Column(Integer, ForeignKey('instance_actions.id'))
    start_time = Column(DateTime, default=utcnow)
    finish_time = Column(DateTime)
    result = Column(String(255))
    traceback = Column(Text)
    host = Column(String(255))
    details = Column(Text)


class Tag(BASE):
    """Simple string tags on a resource (servers only, as in Pike)."""

    __tablename__ = 'tags'
    __table_args__ = (
        Index('tags_tag_idx', 'tag'),
    )

    resource_id = Column(String(36), primary_key=True, nullable=False)
    tag = Column(sa.Unicode(80), primary_key=True, nullable=False)


class InstanceIdMapping(BASE, NovaBase):
    """Integer ids for instance uuids (EC2-style ids)."""

    __tablename__ = 'instance_id_mappings'
    __table_args__ = (
        Index('ix_instance_id_mappings_uuid', 'uuid'),
    )

    id = Column(Integer, primary_key=True, nullable=False,
                autoincrement=True)
    uuid = Column(String(36), nullable=False)


# --- migrations and block devices --------------------

class Migration(BASE, NovaBase):
    __tablename__ = 'migrations'
    __table_args__ = (
        Index('migrations_instance_uuid_and_status_idx',
              'deleted', 'instance_uuid', 'status'),
        # Six columns of up to 255 characters exceed InnoDB's 3072-byte key
        # limit in utf8mb4, so MySQL indexes a prefix of the string columns.
        Index('migrations_by_host_nodes_and_status_idx',
              'deleted', 'source_compute', 'dest_compute', 'source_node',
              'dest_node', 'status',
              mysql_length={'source_compute': 100, 'dest_compute': 100,
                            'source_node': 100, 'dest_node': 100,
                            'status': 100}),
    )

    id = Column(Integer, primary_key=True, nullable=False)
    source_compute = Column(String(255))
    dest_compute = Column(String(255))
    dest_host = Column(String(255))
    old_instance_type_id = Column(Integer())
    new_instance_type_id = Column(Integer())
    instance_uuid = Column(String(36), ForeignKey('instances.uuid'))
    status = Column(String(255))
    migration_type = Column(sa.Enum('migration', 'resize', 'live-migration',
                                    'evacuation', name='migration_type'),
                            nullable=True)
    hidden = Column(Boolean, default=False)
    memory_total = Column(BigInteger, nullable=True)
    memory_processed = Column(BigInteger, nullable=True)
    memory_remaining = Column(BigInteger, nullable=True)
    disk_total = Column(BigInteger, nullable=True)
    disk_processed = Column(BigInteger, nullable=True)
    disk_remaining = Column(BigInteger, nullable=True)
    source_node = Column(String(255))
    dest_node = Column(String(255))


class BlockDeviceMapping(BASE, NovaBase):
    __tablename__ = 'block_device_mapping'
    __table_args__ = (
        Index('snapshot_id', 'snapshot_id'),
        Index('volume_id', 'volume_id'),
        Index('block_device_mapping_instance_uuid_device_name_idx',
              'instance_uuid', 'device_name'),
        Index('block_device_mapping_instance_uuid_volume_id_idx',
              'instance_uuid', 'volume_id'),
        Index('block_device_mapping_instance_uuid_idx', 'instance_uuid'),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    instance_uuid = Column(String(36), ForeignKey('instances.uuid'))
    source_type = Column(String(255))
    destination_type = Column(String(255))
    guest_format = Column(String(255))
    device_type = Column(String(255))
    disk_bus = Column(String(255))
    boot_index = Column(Integer)
    device_name = Column(String(255))
    delete_on_termination = Column(Boolean, default=False)
    snapshot_id = Column(String(36))
    volume_id = Column(String(36))
    volume_size = Column(Integer)
    image_id = Column(String(36))
    no_device = Column(Boolean)
    connection_info = Column(MediumText())
    tag = Column(String(255))
    attachment_id = Column(String(36))


# --- legacy nova-network --------------------

class Network(BASE, NovaBase):
    __tablename__ = 'networks'
    __table_args__ = (
        UniqueConstraint('vlan', 'deleted', name='uniq_networks0vlan0deleted'),
        Index('networks_bridge_deleted_idx', 'bridge', 'deleted'),
        Index('networks_host_idx', 'host'),
        Index('networks_project_id_deleted_idx', 'project_id', 'deleted'),
        Index('networks_uuid_project_id_deleted_idx',
              'uuid', 'project_id', 'deleted'),
        Index('networks_vlan_deleted_idx', 'vlan', 'deleted'),
        Index('networks_cidr_v6_idx', 'cidr_v6'),
    )

    id = Column(Integer, primary_key=True, nullable=False)
    label = Column(String(255))
    injected = Column(Boolean, default=False)
    cidr = Column(CIDR())
    cidr_v6 = Column(CIDR())
    multi_host = Column(Boolean, default=False)
    gateway_v6 = Column(IPAddress())
    netmask_v6 = Column(IPAddress())
    netmask = Column(IPAddress())
    bridge = Column(String(255))
    bridge_interface = Column(String(255))
    gateway = Column(IPAddress())
    broadcast = Column(IPAddress())
    dns1 = Column(IPAddress())
    dns2 = Column(IPAddress())
    vlan = Column(Integer)
    vpn_public_address = Column(IPAddress())
    vpn_public_port = Column(Integer)
    vpn_private_address = Column(IPAddress())
    dhcp_start = Column(IPAddress())
    rxtx_base = Column(Integer)
    project_id = Column(String(255))
    priority = Column(Integer)
    host = Column(String(255))
    uuid = Column(String(36))
    mtu = Column(Integer)
    dhcp_server = Column(IPAddress())
    enable_dhcp = Column(Boolean, default=True)
    share_address = Column(Boolean, default=False)


class VirtualInterface(BASE, NovaBase):
    __tablename__ = 'virtual_interfaces'
    __table_args__ = (
        UniqueConstraint('address', 'deleted',
                         name='uniq_virtual_interfaces0address0deleted'),
        Index('virtual_interfaces_network_id_idx', 'network_id'),
        Index('virtual_interfaces_instance_uuid_fkey', 'instance_uuid'),
        Index('virtual_interfaces_uuid_idx', 'uuid'),
    )

    id = Column(Integer, primary_key=True, nullable=False)
    address = Column(String(255))
    network_id = Column(Integer)
    instance_uuid = Column(String(36), ForeignKey('instances.uuid'))
    uuid = Column(String(36))
    tag = Column(String(255))


class FixedIp(BASE, NovaBase):
    __tablename__ = 'fixed_ips'
    __table_args__ = (
        UniqueConstraint('address', 'deleted',
                         name='uniq_fixed_ips0address0deleted'),
        Index('fixed_ips_virtual_interface_id_fkey', 'virtual_interface_id'),
        Index('network_id', 'network_id'),
        Index('address', 'address'),
        Index('fixed_ips_instance_uuid_fkey', 'instance_uuid'),
        Index('fixed_ips_host_idx', 'host'),
        Index('fixed_ips_network_id_host_deleted_idx',
              'network_id', 'host', 'deleted'),
        Index('fixed_ips_address_reserved_network_id_deleted_idx',
              'address', 'reserved', 'network_id', 'deleted'),
        Index('fixed_ips_deleted_allocated_idx',
              'address', 'deleted', 'allocated'),
        Index('fixed_ips_deleted_allocated_updated_at_idx',
              'deleted', 'allocated', 'updated_at'),
    )

    id = Column(Integer, primary_key=True)
    address = Column(IPAddress())
    network_id = Column(Integer)
    virtual_interface_id = Column(Integer)
    instance_uuid = Column(String(36), ForeignKey('instances.uuid'))
    allocated = Column(Boolean, default=False)
    leased = Column(Boolean, default=False)
    reserved = Column(Boolean, default=False)
    host = Column(String(255))


class FloatingIp(BASE, NovaBase):
    __tablename__ = 'floating_ips'
    __table_args__ = (
        UniqueConstraint('address', 'deleted',
                         name='uniq_floating_ips0address0deleted'),
        Index('fixed_ip_id', 'fixed_ip_id'),
        Index('floating_ips_host_idx', 'host'),
        Index('floating_ips_project_id_idx', 'project_id'),
        Index('floating_ips_pool_deleted_fixed_ip_id_project_id_idx',
              'pool', 'deleted', 'fixed_ip_id', 'project_id'),
    )

    id = Column(Integer, primary_key=True)
    address = Column(IPAddress())
    fixed_ip_id = Column(Integer)
    project_id = Column(String(255))
    host = Column(String(255))
    auto_assigned = Column(Boolean, default=False)
    pool = Column(String(255))
    interface = Column(String(255))


# --- security groups --------------------

class SecurityGroupInstanceAssociation(BASE, NovaBase):
    __tablename__ = 'security_group_instance_association'
    __table_args__ = (
        Index('security_group_instance_association_instance_uuid_idx',
              'instance_uuid'),
    )

    id = Column(Integer, primary_key=True, nullable=False)
    security_group_id = Column(Integer, ForeignKey('security_groups.id'))
    instance_uuid = Column(String(36), ForeignKey('instances.uuid'))


class SecurityGroup(BASE, NovaBase):
    __tablename__ = 'security_groups'
    __table_args__ = (
        UniqueConstraint('project_id', 'name', 'deleted',
                         name='uniq_security_groups0project_id0name0deleted'),
    )

    id = Column(Integer, primary_key=True)
    name = Column(String(255))
    description = Column(String(255))
    user_id = Column(String(255))
    project_id = Column(String(255))


class SecurityGroupIngressRule(BASE, NovaBase):
    __tablename__ = 'security_group_rules'

    id = Column(Integer, primary_key=True)
    parent_group_id = Column(Integer, ForeignKey('security_groups.id'))
    protocol = Column(String(255))
    from_port = Column(Integer)
    to_port = Column(Integer)
    cidr = Column(CIDR())
    # The group a rule grants access from, when not a CIDR.
    group_id = Column(Integer, ForeignKey('security_groups.id'))


class SecurityGroupIngressDefaultRule(BASE, NovaBase):
    __tablename__ = 'security_group_default_rules'

    id = Column(Integer, primary_key=True, nullable=False)
    protocol = Column(String(5))
    from_port = Column(Integer)
    to_port = Column(Integer)
    cidr = Column(CIDR())


# --- misc --------------------

class Certificate(BASE, NovaBase):
    __tablename__ = 'certificates'
    __table_args__ = (
        Index('certificates_project_id_deleted_idx', 'project_id', 'deleted'),
        Index('certificates_user_id_deleted_idx', 'user_id', 'deleted'),
    )

    id = Column(Integer, primary_key=True)
    user_id = Column(String(255))
    project_id = Column(String(255))
    file_name = Column(String(255))


class ConsolePool(BASE, NovaBase):
    __tablename__ = 'console_pools'
    __table_args__ = (
        UniqueConstraint(
            'host', 'console_type', 'compute_host', 'deleted',
            name='uniq_console_pools0host0console_type0compute_host0deleted'),
    )

    id = Column(Integer, primary_key=True)
    address = Column(IPAddress())
    username = Column(String(255))
    password = Column(String(255))
    console_type = Column(String(255))
    public_hostname = Column(String(255))
    host = Column(String(255))
    compute_host = Column(String(255))


class Console(BASE, NovaBase):
    __tablename__ = 'consoles'
    __table_args__ = (
        Index('consoles_instance_uuid_idx', 'instance_uuid'),
    )

    id = Column(Integer, primary_key=True)
    instance_name = Column(String(255))
    instance_uuid = Column(String(36), ForeignKey('instances.uuid'))
    password = Column(String(255))
    port = Column(Integer)
    pool_id = Column(Integer, ForeignKey('console_pools.id'))


class ConsoleAuthToken(BASE, TimestampMixin):
    """Hashed console tokens (not soft-deleted; expired rows are purged)."""

    __tablename__ = 'console_auth_tokens'
    __table_args__ = (
        Index('console_auth_tokens_instance_uuid_idx', 'instance_uuid'),
        Index('console_auth_tokens_host_expires_idx', 'host', 'expires'),
        Index('console_auth_tokens_token_hash_idx', 'token_hash'),
        Index('console_auth_tokens_token_hash_instance_uuid_idx',
              'token_hash', 'instance_uuid'),
        UniqueConstraint('token_hash',
                         name='uniq_console_auth_tokens0token_hash'),
    )

    id = Column(Integer, primary_key=True, nullable=False)
    token_hash = Column(String(255), nullable=False)
    console_type = Column(String(255), nullable=False)
    host = Column(String(255), nullable=False)
    port = Column(Integer, nullable=False)
    internal_access_path = Column(String(255))
    instance_uuid = Column(String(36), ForeignKey('instances.uuid'),
                           nullable=False)
    expires = Column(Integer, nullable=False)


# --- legacy cell copies of key pairs and quotas --------------------

class KeyPair(BASE, NovaBase):
    __tablename__ = 'key_pairs'
    __table_args__ = (
        UniqueConstraint('user_id', 'name', 'deleted',
                         name='uniq_key_pairs0user_id0name0deleted'),
    )

    id = Column(Integer, primary_key=True, nullable=False)
    name = Column(String(255), nullable=False)
    user_id = Column(String(255))
    fingerprint = Column(String(255))
    public_key = Column(MediumText())
    type = Column(sa.Enum('ssh', 'x509', name='keypair_types'),
                  nullable=False, server_default='ssh')


class Quota(BASE, NovaBase):
    __tablename__ = 'quotas'
    __table_args__ = (
        UniqueConstraint('project_id', 'resource', 'deleted',
                         name='uniq_quotas0project_id0resource0deleted'),
    )

    id = Column(Integer, primary_key=True)
    project_id = Column(String(255))
    resource = Column(String(255), nullable=False)
    hard_limit = Column(Integer)


class ProjectUserQuota(BASE, NovaBase):
    __tablename__ = 'project_user_quotas'
    __table_args__ = (
        UniqueConstraint(
            'user_id', 'project_id', 'resource', 'deleted',
            name='uniq_project_user_quotas0user_id0project_id0resource0'
                 'deleted'),
        Index('project_user_quotas_project_id_deleted_idx',
              'project_id', 'deleted'),
        Index('project_user_quotas_user_id_deleted_idx',
              'user_id', 'deleted'),
    )

    id = Column(Integer, primary_key=True, nullable=False)
    project_id = Column(String(255), nullable=False)
    user_id = Column(String(255), nullable=False)
    resource = Column(String(255), nullable=False)
    hard_limit = Column(Integer)


class QuotaClass(BASE, NovaBase):
    __tablename__ = 'quota_classes'
    __table_args__ = (
        Index('ix_quota_classes_class_name', 'class_name'),
    )

    id = Column(Integer, primary_key=True)
    class_name = Column(String(255))
    resource = Column(String(255))
    hard_limit = Column(Integer)


class QuotaUsage(BASE, NovaBase):
    __tablename__ = 'quota_usages'
    __table_args__ = (
        Index('ix_quota_usages_project_id', 'project_id'),
        Index('ix_quota_usages_user_id_deleted', 'user_id', 'deleted'),
    )

    id = Column(Integer, primary_key=True)
    project_id = Column(String(255))
    user_id = Column(String(255))
    resource = Column(String(255), nullable=False)
    in_use = Column(Integer, nullable=False)
    reserved = Column(Integer, nullable=False)
    until_refresh = Column(Integer)


class Reservation(BASE, NovaBase):
    __tablename__ = 'reservations'
    __table_args__ = (
        Index('ix_reservations_project_id', 'project_id'),
        Index('reservations_uuid_idx', 'uuid'),
        Index('reservations_deleted_expire_idx', 'deleted', 'expire'),
        Index('ix_reservations_user_id_deleted', 'user_id', 'deleted'),
    )

    id = Column(Integer, primary_key=True, nullable=False)
    uuid = Column(String(36), nullable=False)
    usage_id = Column(Integer, ForeignKey('quota_usages.id'), nullable=False)
    project_id = Column(String(255))
    user_id = Column(String(255))
    resource = Column(String(255))
    delta = Column(Integer, nullable=False)
    expire = Column(DateTime)

    usage = orm.relationship(QuotaUsage)


# --- periodic task records --------------------

class TaskLog(BASE, NovaBase):
    """One run of a periodic task on a host for a period (the instance
    usage audit: ``task_name`` 'instance_usage_audit')."""

    __tablename__ = 'task_log'
    __table_args__ = (
        Index('ix_task_log_period_beginning', 'period_beginning'),
        Index('ix_task_log_host', 'host'),
        Index('ix_task_log_period_ending', 'period_ending'),
        UniqueConstraint(
            'task_name', 'host', 'period_beginning', 'period_ending',
            name='uniq_task_name_x_host_x_period_beginning_x_period_ending'),
    )

    id = Column(Integer, primary_key=True, nullable=False)
    task_name = Column(String(255), nullable=False)
    state = Column(String(255), nullable=False)
    host = Column(String(255), nullable=False)
    period_beginning = Column(DateTime, nullable=False)
    period_ending = Column(DateTime, nullable=False)
    message = Column(String(255), nullable=False)
    task_items = Column(Integer, default=0)
    errors = Column(Integer, default=0)
