"""inventories.capacity: the units that may be allocated, stored.

Placement computed an inventory's capacity, ``(total - reserved) *
allocation_ratio``, in two ways: in Python, truncated to an integer
(what the API reports, and what the careful allocation check used), and
inside SQL statements (the allocation candidates' pass and the fast
claim).  On MySQL the ratio is a single-precision FLOAT, and a statement
multiplies by its double value: 0.7 is 0.699999988..., so 10 units at
ratio 0.7 were a capacity of 7 to the API and of 6.99999988 to the
statements, which then refused an amount of 7.  Capacity is now written
with the inventory, computed once in Python, and every check compares
against that integer.  The candidates' pass also reads two figures per
class instead of four.

Existing inventories get theirs computed here; ``inventories_fit_idx``
now holds ``capacity`` in place of total, reserved and the ratio.

Revision ID: 9d4e6b2c1f08
Revises: 5c1e0f3a9b27
Create Date: 2026-12-07

Frozen like every revision: it does not import the models or placement.
"""

from alembic import op
import sqlalchemy as sa

revision = '9d4e6b2c1f08'
down_revision = '5c1e0f3a9b27'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index('inventories_fit_idx', table_name='inventories')
    op.add_column('inventories', sa.Column('capacity', sa.BigInteger,
                                           nullable=True))
    inv = sa.table('inventories', sa.column('id'), sa.column('total'),
                   sa.column('reserved'), sa.column('allocation_ratio'),
                   sa.column('capacity'))
    conn = op.get_bind()
    rows = conn.execute(sa.select(inv.c.id, inv.c.total, inv.c.reserved,
                                  inv.c.allocation_ratio)).all()
    if rows:
        conn.execute(
            inv.update().where(inv.c.id == sa.bindparam('row_id'))
            .values(capacity=sa.bindparam('units')),
            [{'row_id': row_id,
              'units': int((total - reserved) * ratio)}
             for row_id, total, reserved, ratio in rows])
    with op.batch_alter_table('inventories') as batch:
        batch.alter_column('capacity', existing_type=sa.BigInteger,
                           nullable=False)
    op.create_index('inventories_fit_idx', 'inventories',
                    ['resource_provider_id', 'resource_class_id', 'used',
                     'capacity', 'min_unit', 'max_unit', 'step_size'])


def downgrade():
    raise NotImplementedError('Downgrade of the API database is not supported')
