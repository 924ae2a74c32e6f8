"""inventories.used: the units allocated of each inventory, kept with it.

Placement's allocation writes add and subtract their amounts here in the
same transaction as the allocation rows, under the provider's generation
lock, so a capacity check (allocation candidates, a claim) reads one row
per provider and class instead of summing every allocation of the cloud.
Existing allocations are summed into the new column.  A covering index,
``inventories_fit_idx``, holds every column such a check reads, in
provider order.

Revision ID: 5c1e0f3a9b27
Revises: b30f573d3377
Create Date: 2026-12-04

Frozen like every revision: it does not import the models.
"""

from alembic import op
import sqlalchemy as sa

revision = '5c1e0f3a9b27'
down_revision = 'b30f573d3377'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('inventories', sa.Column('used', sa.Integer,
                                           nullable=False,
                                           server_default='0'))
    inv = sa.table('inventories', sa.column('resource_provider_id'),
                   sa.column('resource_class_id'), sa.column('used'))
    alloc = sa.table('allocations', sa.column('resource_provider_id'),
                     sa.column('resource_class_id'), sa.column('used'))
    summed = (sa.select(sa.func.coalesce(sa.func.sum(alloc.c.used), 0))
              .where(alloc.c.resource_provider_id ==
                     inv.c.resource_provider_id,
                     alloc.c.resource_class_id == inv.c.resource_class_id)
              .scalar_subquery())
    op.execute(inv.update().values(used=summed))
    op.create_index('inventories_fit_idx', 'inventories',
                    ['resource_provider_id', 'resource_class_id', 'used',
                     'total', 'reserved', 'allocation_ratio', 'min_unit',
                     'max_unit', 'step_size'])


def downgrade():
    raise NotImplementedError('Downgrade of the API database is not supported')
