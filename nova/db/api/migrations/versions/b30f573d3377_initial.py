"""Initial API database schema (Pike).

Revision ID: b30f573d3377
Revises:
Create Date: 2017-08-30

This revision is frozen: it must not import the models, whose later changes
belong in new revisions.
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = 'b30f573d3377'
down_revision = None
branch_labels = None
depends_on = None

TABLE_KWARGS = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}


def MediumText():
    return sa.Text().with_variant(mysql.MEDIUMTEXT(), 'mysql')


def _timestamps():
    return [sa.Column('created_at', sa.DateTime),
            sa.Column('updated_at', sa.DateTime)]


def upgrade():
    # cells -------------------------------------------------------------
    op.create_table(
        'cell_mappings',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('name', sa.String(255)),
        sa.Column('transport_url', sa.Text),
        sa.Column('database_connection', sa.Text),
        sa.Column('disabled', sa.Boolean),
        sa.UniqueConstraint('uuid', name='uniq_cell_mappings0uuid'),
        **TABLE_KWARGS)
    op.create_index('uuid_idx', 'cell_mappings', ['uuid'])

    op.create_table(
        'host_mappings',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('cell_id', sa.Integer, sa.ForeignKey('cell_mappings.id'),
                  nullable=False),
        sa.Column('host', sa.String(255), nullable=False),
        sa.UniqueConstraint('host', name='uniq_host_mappings0host'),
        **TABLE_KWARGS)
    op.create_index('host_idx', 'host_mappings', ['host'])

    op.create_table(
        'instance_mappings',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('instance_uuid', sa.String(36), nullable=False),
        sa.Column('cell_id', sa.Integer, sa.ForeignKey('cell_mappings.id'),
                  nullable=True),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('queued_for_delete', sa.Boolean),
        sa.Column('user_id', sa.String(255), nullable=True),
        sa.UniqueConstraint('instance_uuid',
                            name='uniq_instance_mappings0instance_uuid'),
        **TABLE_KWARGS)
    op.create_index('instance_uuid_idx', 'instance_mappings',
                    ['instance_uuid'])
    op.create_index('project_id_idx', 'instance_mappings', ['project_id'])
    op.create_index('instance_mappings_user_id_project_id_idx',
                    'instance_mappings', ['user_id', 'project_id'])

    # boot requests -----------------------------------------------------
    op.create_table(
        'request_specs',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('instance_uuid', sa.String(36), nullable=False),
        sa.Column('spec', MediumText(), nullable=False),
        sa.UniqueConstraint('instance_uuid',
                            name='uniq_request_specs0instance_uuid'),
        **TABLE_KWARGS)
    op.create_index('request_spec_instance_uuid_idx', 'request_specs',
                    ['instance_uuid'])

    op.create_table(
        'build_requests',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('instance_uuid', sa.String(36)),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('instance', MediumText()),
        sa.Column('block_device_mappings', MediumText()),
        sa.Column('tags', sa.Text),
        sa.UniqueConstraint('instance_uuid',
                            name='uniq_build_requests0instance_uuid'),
        **TABLE_KWARGS)
    op.create_index('build_requests_instance_uuid_idx', 'build_requests',
                    ['instance_uuid'])
    op.create_index('build_requests_project_id_idx', 'build_requests',
                    ['project_id'])

    # flavors -------------------------------------------------------------
    op.create_table(
        'flavors',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('memory_mb', sa.Integer, nullable=False),
        sa.Column('vcpus', sa.Integer, nullable=False),
        sa.Column('root_gb', sa.Integer),
        sa.Column('ephemeral_gb', sa.Integer),
        sa.Column('flavorid', sa.String(255), nullable=False),
        sa.Column('swap', sa.Integer, nullable=False),
        sa.Column('rxtx_factor', sa.Float),
        sa.Column('vcpu_weight', sa.Integer),
        sa.Column('disabled', sa.Boolean),
        sa.Column('is_public', sa.Boolean),
        sa.UniqueConstraint('flavorid', name='uniq_flavors0flavorid'),
        sa.UniqueConstraint('name', name='uniq_flavors0name'),
        **TABLE_KWARGS)

    op.create_table(
        'flavor_extra_specs',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('key', sa.String(255), nullable=False),
        sa.Column('value', sa.String(255)),
        sa.Column('flavor_id', sa.Integer, sa.ForeignKey('flavors.id'),
                  nullable=False),
        sa.UniqueConstraint('flavor_id', 'key',
                            name='uniq_flavor_extra_specs0flavor_id0key'),
        **TABLE_KWARGS)
    op.create_index('flavor_extra_specs_flavor_id_key_idx',
                    'flavor_extra_specs', ['flavor_id', 'key'])

    op.create_table(
        'flavor_projects',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('flavor_id', sa.Integer, sa.ForeignKey('flavors.id'),
                  nullable=False),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.UniqueConstraint('flavor_id', 'project_id',
                            name='uniq_flavor_projects0flavor_id0project_id'),
        **TABLE_KWARGS)

    # key pairs -----------------------------------------------------------
    op.create_table(
        'key_pairs',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('user_id', sa.String(255), nullable=False),
        sa.Column('fingerprint', sa.String(255)),
        sa.Column('public_key', sa.Text),
        sa.Column('type', sa.Enum('ssh', 'x509', name='keypair_types'),
                  nullable=False, server_default='ssh'),
        sa.UniqueConstraint('user_id', 'name',
                            name='uniq_key_pairs0user_id0name'),
        **TABLE_KWARGS)

    # aggregates ----------------------------------------------------------
    op.create_table(
        'aggregates',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('uuid', sa.String(36)),
        sa.Column('name', sa.String(255)),
        sa.UniqueConstraint('name', name='uniq_aggregate0name'),
        **TABLE_KWARGS)
    op.create_index('aggregate_uuid_idx', 'aggregates', ['uuid'])

    op.create_table(
        'aggregate_hosts',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('host', sa.String(255)),
        sa.Column('aggregate_id', sa.Integer, sa.ForeignKey('aggregates.id'),
                  nullable=False),
        sa.UniqueConstraint('host', 'aggregate_id',
                            name='uniq_aggregate_hosts0host0aggregate_id'),
        **TABLE_KWARGS)

    op.create_table(
        'aggregate_metadata',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('aggregate_id', sa.Integer, sa.ForeignKey('aggregates.id'),
                  nullable=False),
        sa.Column('key', sa.String(255), nullable=False),
        sa.Column('value', sa.String(255), nullable=False),
        sa.UniqueConstraint('aggregate_id', 'key',
                            name='uniq_aggregate_metadata0aggregate_id0key'),
        **TABLE_KWARGS)
    op.create_index('aggregate_metadata_key_idx', 'aggregate_metadata',
                    ['key'])

    # server groups -------------------------------------------------------
    op.create_table(
        'instance_groups',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('user_id', sa.String(255)),
        sa.Column('project_id', sa.String(255)),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('name', sa.String(255)),
        sa.UniqueConstraint('uuid', name='uniq_instance_groups0uuid'),
        **TABLE_KWARGS)

    op.create_table(
        'instance_group_policy',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('policy', sa.String(255)),
        sa.Column('group_id', sa.Integer,
                  sa.ForeignKey('instance_groups.id'), nullable=False),
        **TABLE_KWARGS)
    op.create_index('instance_group_policy_policy_idx',
                    'instance_group_policy', ['policy'])

    op.create_table(
        'instance_group_member',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('instance_uuid', sa.String(255)),
        sa.Column('group_id', sa.Integer,
                  sa.ForeignKey('instance_groups.id'), nullable=False),
        **TABLE_KWARGS)
    op.create_index('instance_group_member_instance_idx',
                    'instance_group_member', ['instance_uuid'])

    # quotas --------------------------------------------------------------
    op.create_table(
        'quotas',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('project_id', sa.String(255)),
        sa.Column('resource', sa.String(255), nullable=False),
        sa.Column('hard_limit', sa.Integer),
        sa.UniqueConstraint('project_id', 'resource',
                            name='uniq_quotas0project_id0resource'),
        **TABLE_KWARGS)
    op.create_index('quotas_project_id_idx', 'quotas', ['project_id'])

    op.create_table(
        'project_user_quotas',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('user_id', sa.String(255), nullable=False),
        sa.Column('resource', sa.String(255), nullable=False),
        sa.Column('hard_limit', sa.Integer),
        sa.UniqueConstraint(
            'user_id', 'project_id', 'resource',
            name='uniq_project_user_quotas0user_id0project_id0resource'),
        **TABLE_KWARGS)
    op.create_index('project_user_quotas_project_id_idx',
                    'project_user_quotas', ['project_id'])
    op.create_index('project_user_quotas_user_id_idx',
                    'project_user_quotas', ['user_id'])

    op.create_table(
        'quota_classes',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('class_name', sa.String(255)),
        sa.Column('resource', sa.String(255)),
        sa.Column('hard_limit', sa.Integer),
        **TABLE_KWARGS)
    op.create_index('quota_classes_class_name_idx', 'quota_classes',
                    ['class_name'])

    op.create_table(
        'quota_usages',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('project_id', sa.String(255)),
        sa.Column('user_id', sa.String(255)),
        sa.Column('resource', sa.String(255), nullable=False),
        sa.Column('in_use', sa.Integer, nullable=False),
        sa.Column('reserved', sa.Integer, nullable=False),
        sa.Column('until_refresh', sa.Integer),
        **TABLE_KWARGS)
    op.create_index('quota_usages_project_id_idx', 'quota_usages',
                    ['project_id'])
    op.create_index('quota_usages_user_id_idx', 'quota_usages', ['user_id'])

    op.create_table(
        'reservations',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('usage_id', sa.Integer, sa.ForeignKey('quota_usages.id'),
                  nullable=False),
        sa.Column('project_id', sa.String(255)),
        sa.Column('user_id', sa.String(255)),
        sa.Column('resource', sa.String(255)),
        sa.Column('delta', sa.Integer, nullable=False),
        sa.Column('expire', sa.DateTime),
        **TABLE_KWARGS)
    op.create_index('reservations_project_id_idx', 'reservations',
                    ['project_id'])
    op.create_index('reservations_uuid_idx', 'reservations', ['uuid'])
    op.create_index('reservations_expire_idx', 'reservations', ['expire'])
    op.create_index('reservations_user_id_idx', 'reservations', ['user_id'])

    # placement -------------------------------------------------------------
    op.create_table(
        'resource_classes',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.UniqueConstraint('name', name='uniq_resource_classes0name'),
        **TABLE_KWARGS)

    op.create_table(
        'resource_providers',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('name', sa.Unicode(200), nullable=True),
        sa.Column('generation', sa.Integer),
        sa.Column('root_provider_id', sa.Integer,
                  sa.ForeignKey('resource_providers.id'), nullable=True),
        sa.Column('parent_provider_id', sa.Integer,
                  sa.ForeignKey('resource_providers.id'), nullable=True),
        sa.UniqueConstraint('uuid', name='uniq_resource_providers0uuid'),
        sa.UniqueConstraint('name', name='uniq_resource_providers0name'),
        **TABLE_KWARGS)
    op.create_index('resource_providers_uuid_idx', 'resource_providers',
                    ['uuid'])
    op.create_index('resource_providers_name_idx', 'resource_providers',
                    ['name'])
    op.create_index('resource_providers_root_provider_id_idx',
                    'resource_providers', ['root_provider_id'])
    op.create_index('resource_providers_parent_provider_id_idx',
                    'resource_providers', ['parent_provider_id'])

    op.create_table(
        'inventories',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('resource_provider_id', sa.Integer, nullable=False),
        sa.Column('resource_class_id', sa.Integer, nullable=False),
        sa.Column('total', sa.Integer, nullable=False),
        sa.Column('reserved', sa.Integer, nullable=False),
        sa.Column('min_unit', sa.Integer, nullable=False),
        sa.Column('max_unit', sa.Integer, nullable=False),
        sa.Column('step_size', sa.Integer, nullable=False),
        sa.Column('allocation_ratio', sa.Float, nullable=False),
        sa.UniqueConstraint(
            'resource_provider_id', 'resource_class_id',
            name='uniq_inventories0resource_provider_resource_class'),
        **TABLE_KWARGS)
    op.create_index('inventories_resource_provider_id_idx', 'inventories',
                    ['resource_provider_id'])
    op.create_index('inventories_resource_class_id_idx', 'inventories',
                    ['resource_class_id'])
    op.create_index('inventories_resource_provider_resource_class_idx',
                    'inventories',
                    ['resource_provider_id', 'resource_class_id'])

    op.create_table(
        'allocations',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('resource_provider_id', sa.Integer, nullable=False),
        sa.Column('consumer_id', sa.String(36), nullable=False),
        sa.Column('resource_class_id', sa.Integer, nullable=False),
        sa.Column('used', sa.Integer, nullable=False),
        **TABLE_KWARGS)
    op.create_index('allocations_resource_provider_class_used_idx',
                    'allocations',
                    ['resource_provider_id', 'resource_class_id', 'used'])
    op.create_index('allocations_resource_class_id_idx', 'allocations',
                    ['resource_class_id'])
    op.create_index('allocations_consumer_id_idx', 'allocations',
                    ['consumer_id'])

    op.create_table(
        'resource_provider_aggregates',
        *_timestamps(),
        sa.Column('resource_provider_id', sa.Integer, primary_key=True,
                  nullable=False),
        sa.Column('aggregate_id', sa.Integer, primary_key=True,
                  nullable=False),
        **TABLE_KWARGS)
    op.create_index('resource_provider_aggregates_aggregate_id_idx',
                    'resource_provider_aggregates', ['aggregate_id'])

    op.create_table(
        'placement_aggregates',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('uuid', sa.String(36)),
        sa.UniqueConstraint('uuid', name='uniq_placement_aggregates0uuid'),
        **TABLE_KWARGS)
    op.create_index('ix_placement_aggregates_uuid', 'placement_aggregates',
                    ['uuid'])

    op.create_table(
        'traits',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('name', sa.Unicode(255), nullable=False),
        sa.UniqueConstraint('name', name='uniq_traits0name'),
        **TABLE_KWARGS)

    op.create_table(
        'resource_provider_traits',
        *_timestamps(),
        sa.Column('trait_id', sa.Integer, sa.ForeignKey('traits.id'),
                  primary_key=True, nullable=False),
        sa.Column('resource_provider_id', sa.Integer,
                  sa.ForeignKey('resource_providers.id'),
                  primary_key=True, nullable=False),
        **TABLE_KWARGS)
    op.create_index('resource_provider_traits_resource_provider_trait_idx',
                    'resource_provider_traits',
                    ['resource_provider_id', 'trait_id'])

    op.create_table(
        'projects',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('external_id', sa.String(255), nullable=False),
        sa.UniqueConstraint('external_id', name='uniq_projects0external_id'),
        **TABLE_KWARGS)

    op.create_table(
        'users',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('external_id', sa.String(255), nullable=False),
        sa.UniqueConstraint('external_id', name='uniq_users0external_id'),
        **TABLE_KWARGS)

    op.create_table(
        'consumers',
        *_timestamps(),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('project_id', sa.Integer, nullable=False),
        sa.Column('user_id', sa.Integer, nullable=False),
        sa.UniqueConstraint('uuid', name='uniq_consumers0uuid'),
        **TABLE_KWARGS)
    op.create_index('consumers_project_id_uuid_idx', 'consumers',
                    ['project_id', 'uuid'])
    op.create_index('consumers_project_id_user_id_uuid_idx', 'consumers',
                    ['project_id', 'user_id', 'uuid'])


def downgrade():
    # Nova never supported downgrades; recreate the database instead.
    raise NotImplementedError('Downgrade of the API database is not supported')
