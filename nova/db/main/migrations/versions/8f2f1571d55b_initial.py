"""Initial cell database schema (Pike).

Revision ID: 8f2f1571d55b
Revises:
Create Date: 2017-08-30

This revision is frozen: it must not import the models, whose later changes
belong in new revisions.
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.dialects import postgresql

revision = '8f2f1571d55b'
down_revision = None
branch_labels = None
depends_on = None

TABLE_KWARGS = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}


def MediumText():
    return sa.Text().with_variant(mysql.MEDIUMTEXT(), 'mysql')


def IPAddress():
    return sa.String(39).with_variant(postgresql.INET(), 'postgresql')


def CIDR():
    return sa.String(43).with_variant(postgresql.CIDR(), 'postgresql')


def _timestamps():
    return [sa.Column('created_at', sa.DateTime),
            sa.Column('updated_at', sa.DateTime)]


def _soft_delete():
    return [sa.Column('deleted_at', sa.DateTime),
            sa.Column('deleted', sa.Integer)]


def _std():
    """created_at, updated_at, deleted_at, deleted."""
    return _timestamps() + _soft_delete()


def _id():
    return sa.Column('id', sa.Integer, primary_key=True, nullable=False)


def _indexes(table, *specs):
    for name, cols in specs:
        op.create_index(name, table, cols)


def upgrade():
    # services and hosts ----------------------------------------------------
    op.create_table(
        'services',
        *_std(),
        _id(),
        sa.Column('uuid', sa.String(36), nullable=True),
        sa.Column('host', sa.String(255)),
        sa.Column('binary', sa.String(255)),
        sa.Column('topic', sa.String(255)),
        sa.Column('report_count', sa.Integer, nullable=False),
        sa.Column('disabled', sa.Boolean),
        sa.Column('disabled_reason', sa.String(255)),
        sa.Column('last_seen_up', sa.DateTime, nullable=True),
        sa.Column('forced_down', sa.Boolean),
        sa.Column('version', sa.Integer),
        sa.UniqueConstraint('host', 'topic', 'deleted',
                            name='uniq_services0host0topic0deleted'),
        sa.UniqueConstraint('host', 'binary', 'deleted',
                            name='uniq_services0host0binary0deleted'),
        **TABLE_KWARGS)
    op.create_index('services_uuid_idx', 'services', ['uuid'], unique=True)

    op.create_table(
        'compute_nodes',
        *_std(),
        _id(),
        sa.Column('service_id', sa.Integer, nullable=True),
        sa.Column('host', sa.String(255), nullable=True),
        sa.Column('uuid', sa.String(36), nullable=True),
        sa.Column('vcpus', sa.Integer, nullable=False),
        sa.Column('memory_mb', sa.Integer, nullable=False),
        sa.Column('local_gb', sa.Integer, nullable=False),
        sa.Column('vcpus_used', sa.Integer, nullable=False),
        sa.Column('memory_mb_used', sa.Integer, nullable=False),
        sa.Column('local_gb_used', sa.Integer, nullable=False),
        sa.Column('hypervisor_type', MediumText(), nullable=False),
        sa.Column('hypervisor_version', sa.Integer, nullable=False),
        sa.Column('hypervisor_hostname', sa.String(255)),
        sa.Column('free_ram_mb', sa.Integer),
        sa.Column('free_disk_gb', sa.Integer),
        sa.Column('current_workload', sa.Integer),
        sa.Column('running_vms', sa.Integer),
        sa.Column('cpu_info', MediumText(), nullable=False),
        sa.Column('disk_available_least', sa.Integer),
        sa.Column('host_ip', IPAddress()),
        sa.Column('supported_instances', sa.Text),
        sa.Column('metrics', sa.Text),
        sa.Column('pci_stats', sa.Text),
        sa.Column('extra_resources', sa.Text),
        sa.Column('stats', sa.Text),
        sa.Column('numa_topology', sa.Text),
        sa.Column('ram_allocation_ratio', sa.Float, nullable=True),
        sa.Column('cpu_allocation_ratio', sa.Float, nullable=True),
        sa.Column('disk_allocation_ratio', sa.Float, nullable=True),
        sa.Column('mapped', sa.Integer, nullable=True),
        sa.UniqueConstraint(
            'host', 'hypervisor_hostname', 'deleted',
            name='uniq_compute_nodes0host0hypervisor_hostname0deleted'),
        **TABLE_KWARGS)
    op.create_index('compute_nodes_uuid_idx', 'compute_nodes', ['uuid'],
                    unique=True)

    # instances -------------------------------------------------------------
    op.create_table(
        'instances',
        *_std(),
        _id(),
        sa.Column('user_id', sa.String(255)),
        sa.Column('project_id', sa.String(255)),
        sa.Column('image_ref', sa.String(255)),
        sa.Column('kernel_id', sa.String(255)),
        sa.Column('ramdisk_id', sa.String(255)),
        sa.Column('hostname', sa.String(255)),
        sa.Column('launch_index', sa.Integer),
        sa.Column('key_name', sa.String(255)),
        sa.Column('key_data', MediumText()),
        sa.Column('power_state', sa.Integer),
        sa.Column('vm_state', sa.String(255)),
        sa.Column('task_state', sa.String(255)),
        sa.Column('memory_mb', sa.Integer),
        sa.Column('vcpus', sa.Integer),
        sa.Column('root_gb', sa.Integer),
        sa.Column('ephemeral_gb', sa.Integer),
        sa.Column('ephemeral_key_uuid', sa.String(36)),
        sa.Column('host', sa.String(255)),
        sa.Column('node', sa.String(255)),
        sa.Column('instance_type_id', sa.Integer),
        sa.Column('user_data', MediumText()),
        sa.Column('reservation_id', sa.String(255)),
        sa.Column('launched_at', sa.DateTime),
        sa.Column('terminated_at', sa.DateTime),
        sa.Column('availability_zone', sa.String(255)),
        sa.Column('display_name', sa.String(255)),
        sa.Column('display_description', sa.String(255)),
        sa.Column('launched_on', MediumText()),
        sa.Column('locked', sa.Boolean),
        sa.Column('locked_by', sa.Enum('owner', 'admin',
                                       name='instances0locked_by')),
        sa.Column('os_type', sa.String(255)),
        sa.Column('architecture', sa.String(255)),
        sa.Column('vm_mode', sa.String(255)),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('root_device_name', sa.String(255)),
        sa.Column('default_ephemeral_device', sa.String(255)),
        sa.Column('default_swap_device', sa.String(255)),
        sa.Column('config_drive', sa.String(255)),
        sa.Column('access_ip_v4', IPAddress()),
        sa.Column('access_ip_v6', IPAddress()),
        sa.Column('auto_disk_config', sa.Boolean),
        sa.Column('progress', sa.Integer),
        sa.Column('shutdown_terminate', sa.Boolean),
        sa.Column('disable_terminate', sa.Boolean),
        sa.Column('cell_name', sa.String(255)),
        sa.Column('scheduled_at', sa.DateTime),
        sa.Column('cleaned', sa.Integer),
        sa.UniqueConstraint('uuid', name='uniq_instances0uuid'),
        **TABLE_KWARGS)
    op.create_index('uuid', 'instances', ['uuid'], unique=True)
    _indexes(
        'instances',
        ('project_id', ['project_id']),
        ('instances_project_id_deleted_idx', ['project_id', 'deleted']),
        ('instances_reservation_id_idx', ['reservation_id']),
        ('instances_terminated_at_launched_at_idx',
         ['terminated_at', 'launched_at']),
        ('instances_uuid_deleted_idx', ['uuid', 'deleted']),
        ('instances_task_state_updated_at_idx', ['task_state', 'updated_at']),
        ('instances_host_node_deleted_idx', ['host', 'node', 'deleted']),
        ('instances_host_deleted_cleaned_idx', ['host', 'deleted', 'cleaned']),
        ('instances_deleted_created_at_idx', ['deleted', 'created_at']),
        ('instances_updated_at_project_id_idx', ['updated_at', 'project_id']),
    )

    op.create_table(
        'instance_info_caches',
        *_std(),
        _id(),
        sa.Column('network_info', MediumText()),
        sa.Column('instance_uuid', sa.String(36),
                  sa.ForeignKey('instances.uuid'), nullable=False),
        sa.UniqueConstraint('instance_uuid',
                            name='uniq_instance_info_caches0instance_uuid'),
        **TABLE_KWARGS)

    op.create_table(
        'instance_extra',
        *_std(),
        _id(),
        sa.Column('instance_uuid', sa.String(36),
                  sa.ForeignKey('instances.uuid'), nullable=False),
        sa.Column('device_metadata', MediumText()),
        sa.Column('numa_topology', MediumText()),
        sa.Column('pci_requests', MediumText()),
        sa.Column('flavor', MediumText()),
        sa.Column('vcpu_model', MediumText()),
        sa.Column('migration_context', MediumText()),
        sa.Column('keypairs', MediumText()),
        **TABLE_KWARGS)
    op.create_index('instance_extra_idx', 'instance_extra', ['instance_uuid'])

    op.create_table(
        'instance_metadata',
        *_std(),
        _id(),
        sa.Column('key', sa.String(255)),
        sa.Column('value', sa.String(255)),
        sa.Column('instance_uuid', sa.String(36),
                  sa.ForeignKey('instances.uuid')),
        **TABLE_KWARGS)
    op.create_index('instance_metadata_instance_uuid_idx',
                    'instance_metadata', ['instance_uuid'])

    op.create_table(
        'instance_system_metadata',
        *_std(),
        _id(),
        sa.Column('key', sa.String(255), nullable=False),
        sa.Column('value', sa.String(255)),
        sa.Column('instance_uuid', sa.String(36),
                  sa.ForeignKey('instances.uuid'), nullable=False),
        **TABLE_KWARGS)
    op.create_index('instance_uuid', 'instance_system_metadata',
                    ['instance_uuid'])

    op.create_table(
        'instance_faults',
        *_std(),
        _id(),
        sa.Column('instance_uuid', sa.String(36),
                  sa.ForeignKey('instances.uuid')),
        sa.Column('code', sa.Integer, nullable=False),
        sa.Column('message', sa.String(255)),
        sa.Column('details', MediumText()),
        sa.Column('host', sa.String(255)),
        **TABLE_KWARGS)
    _indexes(
        'instance_faults',
        ('instance_faults_host_idx', ['host']),
        ('instance_faults_instance_uuid_deleted_created_at_idx',
         ['instance_uuid', 'deleted', 'created_at']),
    )

    op.create_table(
        'instance_actions',
        *_std(),
        _id(),
        sa.Column('action', sa.String(255)),
        sa.Column('instance_uuid', sa.String(36),
                  sa.ForeignKey('instances.uuid')),
        sa.Column('request_id', sa.String(255)),
        sa.Column('user_id', sa.String(255)),
        sa.Column('project_id', sa.String(255)),
        sa.Column('start_time', sa.DateTime),
        sa.Column('finish_time', sa.DateTime),
        sa.Column('message', sa.String(255)),
        **TABLE_KWARGS)
    _indexes(
        'instance_actions',
        ('instance_uuid_idx', ['instance_uuid']),
        ('request_id_idx', ['request_id']),
        ('instance_actions_instance_uuid_updated_at_idx',
         ['instance_uuid', 'updated_at']),
    )

    op.create_table(
        'instance_actions_events',
        *_std(),
        _id(),
        sa.Column('event', sa.String(255)),
        sa.Column('action_id', sa.Integer,
                  sa.ForeignKey('instance_actions.id')),
        sa.Column('start_time', sa.DateTime),
        sa.Column('finish_time', sa.DateTime),
        sa.Column('result', sa.String(255)),
        sa.Column('traceback', sa.Text),
        sa.Column('host', sa.String(255)),
        sa.Column('details', sa.Text),
        **TABLE_KWARGS)

    op.create_table(
        'tags',
        sa.Column('resource_id', sa.String(36), primary_key=True,
                  nullable=False),
        sa.Column('tag', sa.Unicode(80), primary_key=True, nullable=False),
        **TABLE_KWARGS)
    op.create_index('tags_tag_idx', 'tags', ['tag'])

    op.create_table(
        'instance_id_mappings',
        *_std(),
        _id(),
        sa.Column('uuid', sa.String(36), nullable=False),
        **TABLE_KWARGS)
    op.create_index('ix_instance_id_mappings_uuid', 'instance_id_mappings',
                    ['uuid'])

    # migrations and block devices --------------------
    op.create_table(
        'migrations',
        *_std(),
        _id(),
        sa.Column('source_compute', sa.String(255)),
        sa.Column('dest_compute', sa.String(255)),
        sa.Column('dest_host', sa.String(255)),
        sa.Column('old_instance_type_id', sa.Integer),
        sa.Column('new_instance_type_id', sa.Integer),
        sa.Column('instance_uuid', sa.String(36),
                  sa.ForeignKey('instances.uuid')),
        sa.Column('status', sa.String(255)),
        sa.Column('migration_type',
                  sa.Enum('migration', 'resize', 'live-migration',
                          'evacuation', name='migration_type'),
                  nullable=True),
        sa.Column('hidden', sa.Boolean),
        sa.Column('memory_total', sa.BigInteger, nullable=True),
        sa.Column('memory_processed', sa.BigInteger, nullable=True),
        sa.Column('memory_remaining', sa.BigInteger, nullable=True),
        sa.Column('disk_total', sa.BigInteger, nullable=True),
        sa.Column('disk_processed', sa.BigInteger, nullable=True),
        sa.Column('disk_remaining', sa.BigInteger, nullable=True),
        sa.Column('source_node', sa.String(255)),
        sa.Column('dest_node', sa.String(255)),
        **TABLE_KWARGS)
    op.create_index('migrations_instance_uuid_and_status_idx', 'migrations',
                    ['deleted', 'instance_uuid', 'status'])
    # Six long string columns exceed InnoDB's 3072-byte key limit with
    # utf8mb4: index a prefix of each string on MySQL.
    op.create_index('migrations_by_host_nodes_and_status_idx', 'migrations',
                    ['deleted', 'source_compute', 'dest_compute',
                     'source_node', 'dest_node', 'status'],
                    mysql_length={'source_compute': 100,
                                  'dest_compute': 100,
                                  'source_node': 100,
                                  'dest_node': 100,
                                  'status': 100})

    op.create_table(
        'block_device_mapping',
        *_std(),
        _id(),
        sa.Column('instance_uuid', sa.String(36),
                  sa.ForeignKey('instances.uuid')),
        sa.Column('source_type', sa.String(255)),
        sa.Column('destination_type', sa.String(255)),
        sa.Column('guest_format', sa.String(255)),
        sa.Column('device_type', sa.String(255)),
        sa.Column('disk_bus', sa.String(255)),
        sa.Column('boot_index', sa.Integer),
        sa.Column('device_name', sa.String(255)),
        sa.Column('delete_on_termination', sa.Boolean),
        sa.Column('snapshot_id', sa.String(36)),
        sa.Column('volume_id', sa.String(36)),
        sa.Column('volume_size', sa.Integer),
        sa.Column('image_id', sa.String(36)),
        sa.Column('no_device', sa.Boolean),
        sa.Column('connection_info', MediumText()),
        sa.Column('tag', sa.String(255)),
        sa.Column('attachment_id', sa.String(36)),
        **TABLE_KWARGS)
    _indexes(
        'block_device_mapping',
        ('snapshot_id', ['snapshot_id']),
        ('volume_id', ['volume_id']),
        ('block_device_mapping_instance_uuid_device_name_idx',
         ['instance_uuid', 'device_name']),
        ('block_device_mapping_instance_uuid_volume_id_idx',
         ['instance_uuid', 'volume_id']),
        ('block_device_mapping_instance_uuid_idx', ['instance_uuid']),
    )

    # legacy nova-network --------------------
    op.create_table(
        'networks',
        *_std(),
        _id(),
        sa.Column('label', sa.String(255)),
        sa.Column('injected', sa.Boolean),
        sa.Column('cidr', CIDR()),
        sa.Column('cidr_v6', CIDR()),
        sa.Column('multi_host', sa.Boolean),
        sa.Column('gateway_v6', IPAddress()),
        sa.Column('netmask_v6', IPAddress()),
        sa.Column('netmask', IPAddress()),
        sa.Column('bridge', sa.String(255)),
        sa.Column('bridge_interface', sa.String(255)),
        sa.Column('gateway', IPAddress()),
        sa.Column('broadcast', IPAddress()),
        sa.Column('dns1', IPAddress()),
        sa.Column('dns2', IPAddress()),
        sa.Column('vlan', sa.Integer),
        sa.Column('vpn_public_address', IPAddress()),
        sa.Column('vpn_public_port', sa.Integer),
        sa.Column('vpn_private_address', IPAddress()),
        sa.Column('dhcp_start', IPAddress()),
        sa.Column('rxtx_base', sa.Integer),
        sa.Column('project_id', sa.String(255)),
        sa.Column('priority', sa.Integer),
        sa.Column('host', sa.String(255)),
        sa.Column('uuid', sa.String(36)),
        sa.Column('mtu', sa.Integer),
        sa.Column('dhcp_server', IPAddress()),
        sa.Column('enable_dhcp', sa.Boolean),
        sa.Column('share_address', sa.Boolean),
        sa.UniqueConstraint('vlan', 'deleted',
                            name='uniq_networks0vlan0deleted'),
        **TABLE_KWARGS)
    _indexes(
        'networks',
        ('networks_bridge_deleted_idx', ['bridge', 'deleted']),
        ('networks_host_idx', ['host']),
        ('networks_project_id_deleted_idx', ['project_id', 'deleted']),
        ('networks_uuid_project_id_deleted_idx',
         ['uuid', 'project_id', 'deleted']),
        ('networks_vlan_deleted_idx', ['vlan', 'deleted']),
        ('networks_cidr_v6_idx', ['cidr_v6']),
    )

    op.create_table(
        'virtual_interfaces',
        *_std(),
        _id(),
        sa.Column('address', sa.String(255)),
        sa.Column('network_id', sa.Integer),
        sa.Column('instance_uuid', sa.String(36),
                  sa.ForeignKey('instances.uuid')),
        sa.Column('uuid', sa.String(36)),
        sa.Column('tag', sa.String(255)),
        sa.UniqueConstraint('address', 'deleted',
                            name='uniq_virtual_interfaces0address0deleted'),
        **TABLE_KWARGS)
    _indexes(
        'virtual_interfaces',
        ('virtual_interfaces_network_id_idx', ['network_id']),
        ('virtual_interfaces_instance_uuid_fkey', ['instance_uuid']),
        ('virtual_interfaces_uuid_idx', ['uuid']),
    )

    op.create_table(
        'fixed_ips',
        *_std(),
        _id(),
        sa.Column('address', IPAddress()),
        sa.Column('network_id', sa.Integer),
        sa.Column('virtual_interface_id', sa.Integer),
        sa.Column('instance_uuid', sa.String(36),
                  sa.ForeignKey('instances.uuid')),
        sa.Column('allocated', sa.Boolean),
        sa.Column('leased', sa.Boolean),
        sa.Column('reserved', sa.Boolean),
        sa.Column('host', sa.String(255)),
        sa.UniqueConstraint('address', 'deleted',
                            name='uniq_fixed_ips0address0deleted'),
        **TABLE_KWARGS)
    _indexes(
        'fixed_ips',
        ('fixed_ips_virtual_interface_id_fkey', ['virtual_interface_id']),
        ('network_id', ['network_id']),
        ('address', ['address']),
        ('fixed_ips_instance_uuid_fkey', ['instance_uuid']),
        ('fixed_ips_host_idx', ['host']),
        ('fixed_ips_network_id_host_deleted_idx',
         ['network_id', 'host', 'deleted']),
        ('fixed_ips_address_reserved_network_id_deleted_idx',
         ['address', 'reserved', 'network_id', 'deleted']),
        ('fixed_ips_deleted_allocated_idx',
         ['address', 'deleted', 'allocated']),
        ('fixed_ips_deleted_allocated_updated_at_idx',
         ['deleted', 'allocated', 'updated_at']),
    )

    op.create_table(
        'floating_ips',
        *_std(),
        _id(),
        sa.Column('address', IPAddress()),
        sa.Column('fixed_ip_id', sa.Integer),
        sa.Column('project_id', sa.String(255)),
        sa.Column('host', sa.String(255)),
        sa.Column('auto_assigned', sa.Boolean),
        sa.Column('pool', sa.String(255)),
        sa.Column('interface', sa.String(255)),
        sa.UniqueConstraint('address', 'deleted',
                            name='uniq_floating_ips0address0deleted'),
        **TABLE_KWARGS)
    _indexes(
        'floating_ips',
        ('fixed_ip_id', ['fixed_ip_id']),
        ('floating_ips_host_idx', ['host']),
        ('floating_ips_project_id_idx', ['project_id']),
        ('floating_ips_pool_deleted_fixed_ip_id_project_id_idx',
         ['pool', 'deleted', 'fixed_ip_id', 'project_id']),
    )

    # security groups --------------------
    op.create_table(
        'security_groups',
        *_std(),
        _id(),
        sa.Column('name', sa.String(255)),
        sa.Column('description', sa.String(255)),
        sa.Column('user_id', sa.String(255)),
        sa.Column('project_id', sa.String(255)),
        sa.UniqueConstraint(
            'project_id', 'name', 'deleted',
            name='uniq_security_groups0project_id0name0deleted'),
        **TABLE_KWARGS)

    op.create_table(
        'security_group_instance_association',
        *_std(),
        _id(),
        sa.Column('security_group_id', sa.Integer,
                  sa.ForeignKey('security_groups.id')),
        sa.Column('instance_uuid', sa.String(36),
                  sa.ForeignKey('instances.uuid')),
        **TABLE_KWARGS)
    op.create_index('security_group_instance_association_instance_uuid_idx',
                    'security_group_instance_association', ['instance_uuid'])

    op.create_table(
        'security_group_rules',
        *_std(),
        _id(),
        sa.Column('parent_group_id', sa.Integer,
                  sa.ForeignKey('security_groups.id')),
        sa.Column('protocol', sa.String(255)),
        sa.Column('from_port', sa.Integer),
        sa.Column('to_port', sa.Integer),
        sa.Column('cidr', CIDR()),
        sa.Column('group_id', sa.Integer,
                  sa.ForeignKey('security_groups.id')),
        **TABLE_KWARGS)

    op.create_table(
        'security_group_default_rules',
        *_std(),
        _id(),
        sa.Column('protocol', sa.String(5)),
        sa.Column('from_port', sa.Integer),
        sa.Column('to_port', sa.Integer),
        sa.Column('cidr', CIDR()),
        **TABLE_KWARGS)

    # misc --------------------
    op.create_table(
        'certificates',
        *_std(),
        _id(),
        sa.Column('user_id', sa.String(255)),
        sa.Column('project_id', sa.String(255)),
        sa.Column('file_name', sa.String(255)),
        **TABLE_KWARGS)
    _indexes(
        'certificates',
        ('certificates_project_id_deleted_idx', ['project_id', 'deleted']),
        ('certificates_user_id_deleted_idx', ['user_id', 'deleted']),
    )

    op.create_table(
        'console_pools',
        *_std(),
        _id(),
        sa.Column('address', IPAddress()),
        sa.Column('username', sa.String(255)),
        sa.Column('password', sa.String(255)),
        sa.Column('console_type', sa.String(255)),
        sa.Column('public_hostname', sa.String(255)),
        sa.Column('host', sa.String(255)),
        sa.Column('compute_host', sa.String(255)),
        sa.UniqueConstraint(
            'host', 'console_type', 'compute_host', 'deleted',
            name='uniq_console_pools0host0console_type0compute_host0deleted'),
        **TABLE_KWARGS)

    op.create_table(
        'consoles',
        *_std(),
        _id(),
        sa.Column('instance_name', sa.String(255)),
        sa.Column('instance_uuid', sa.String(36),
                  sa.ForeignKey('instances.uuid')),
        sa.Column('password', sa.String(255)),
        sa.Column('port', sa.Integer),
        sa.Column('pool_id', sa.Integer, sa.ForeignKey('console_pools.id')),
        **TABLE_KWARGS)
    op.create_index('consoles_instance_uuid_idx', 'consoles',
                    ['instance_uuid'])

    op.create_table(
        'console_auth_tokens',
        *_timestamps(),
        _id(),
        sa.Column('token_hash', sa.String(255), nullable=False),
        sa.Column('console_type', sa.String(255), nullable=False),
        sa.Column('host', sa.String(255), nullable=False),
        sa.Column('port', sa.Integer, nullable=False),
        sa.Column('internal_access_path', sa.String(255)),
        sa.Column('instance_uuid', sa.String(36),
                  sa.ForeignKey('instances.uuid'), nullable=False),
        sa.Column('expires', sa.Integer, nullable=False),
        sa.UniqueConstraint('token_hash',
                            name='uniq_console_auth_tokens0token_hash'),
        **TABLE_KWARGS)
    _indexes(
        'console_auth_tokens',
        ('console_auth_tokens_instance_uuid_idx', ['instance_uuid']),
        ('console_auth_tokens_host_expires_idx', ['host', 'expires']),
        ('console_auth_tokens_token_hash_idx', ['token_hash']),
        ('console_auth_tokens_token_hash_instance_uuid_idx',
         ['token_hash', 'instance_uuid']),
    )

    # legacy cell copies of key pairs and quotas --------------------
    op.create_table(
        'key_pairs',
        *_std(),
        _id(),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('user_id', sa.String(255)),
        sa.Column('fingerprint', sa.String(255)),
        sa.Column('public_key', MediumText()),
        sa.Column('type', sa.Enum('ssh', 'x509', name='keypair_types'),
                  nullable=False, server_default='ssh'),
        sa.UniqueConstraint('user_id', 'name', 'deleted',
                            name='uniq_key_pairs0user_id0name0deleted'),
        **TABLE_KWARGS)

    op.create_table(
        'quotas',
        *_std(),
        _id(),
        sa.Column('project_id', sa.String(255)),
        sa.Column('resource', sa.String(255), nullable=False),
        sa.Column('hard_limit', sa.Integer),
        sa.UniqueConstraint('project_id', 'resource', 'deleted',
                            name='uniq_quotas0project_id0resource0deleted'),
        **TABLE_KWARGS)

    op.create_table(
        'project_user_quotas',
        *_std(),
        _id(),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('user_id', sa.String(255), nullable=False),
        sa.Column('resource', sa.String(255), nullable=False),
        sa.Column('hard_limit', sa.Integer),
        sa.UniqueConstraint(
            'user_id', 'project_id', 'resource', 'deleted',
            name='uniq_project_user_quotas0user_id0project_id0resource0'
                 'deleted'),
        **TABLE_KWARGS)
    _indexes(
        'project_user_quotas',
        ('project_user_quotas_project_id_deleted_idx',
         ['project_id', 'deleted']),
        ('project_user_quotas_user_id_deleted_idx', ['user_id', 'deleted']),
    )

    op.create_table(
        'quota_classes',
        *_std(),
        _id(),
        sa.Column('class_name', sa.String(255)),
        sa.Column('resource', sa.String(255)),
        sa.Column('hard_limit', sa.Integer),
        **TABLE_KWARGS)
    op.create_index('ix_quota_classes_class_name', 'quota_classes',
                    ['class_name'])

    op.create_table(
        'quota_usages',
        *_std(),
        _id(),
        sa.Column('project_id', sa.String(255)),
        sa.Column('user_id', sa.String(255)),
        sa.Column('resource', sa.String(255), nullable=False),
        sa.Column('in_use', sa.Integer, nullable=False),
        sa.Column('reserved', sa.Integer, nullable=False),
        sa.Column('until_refresh', sa.Integer),
        **TABLE_KWARGS)
    _indexes(
        'quota_usages',
        ('ix_quota_usages_project_id', ['project_id']),
        ('ix_quota_usages_user_id_deleted', ['user_id', 'deleted']),
    )

    op.create_table(
        'reservations',
        *_std(),
        _id(),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('usage_id', sa.Integer, sa.ForeignKey('quota_usages.id'),
                  nullable=False),
        sa.Column('project_id', sa.String(255)),
        sa.Column('user_id', sa.String(255)),
        sa.Column('resource', sa.String(255)),
        sa.Column('delta', sa.Integer, nullable=False),
        sa.Column('expire', sa.DateTime),
        **TABLE_KWARGS)
    _indexes(
        'reservations',
        ('ix_reservations_project_id', ['project_id']),
        ('reservations_uuid_idx', ['uuid']),
        ('reservations_deleted_expire_idx', ['deleted', 'expire']),
        ('ix_reservations_user_id_deleted', ['user_id', 'deleted']),
    )


def downgrade():
    # Nova never supported downgrades; recreate the database instead.
    raise NotImplementedError('Downgrade of the cell database is not '
                              'supported')
