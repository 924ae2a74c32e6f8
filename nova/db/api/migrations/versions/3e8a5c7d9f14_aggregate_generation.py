"""aggregate_generation: one number that every aggregate write moves.

nova-scheduler read every aggregate, with its hosts and metadata, for
every scheduling request.  With twenty availability-zone aggregates over
10,000 hosts that read took ~200 ms of a request that otherwise takes
~30.  The scheduler now keeps the aggregates and reads this one row per
request; every write of an aggregate (create, rename, metadata, hosts,
delete) adds one to it in the same transaction, and a scheduler that
sees another number reads the aggregates again.

The row (id 1) starts at 0.

Revision ID: 3e8a5c7d9f14
Revises: 9d4e6b2c1f08
Create Date: 2026-12-07

Frozen like every revision: it does not import the models.
"""

from alembic import op
import sqlalchemy as sa

revision = '3e8a5c7d9f14'
down_revision = '9d4e6b2c1f08'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'aggregate_generation',
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.Column('id', sa.Integer, primary_key=True, autoincrement=False,
                  nullable=False),
        sa.Column('generation', sa.BigInteger, nullable=False,
                  server_default='0'),
        mysql_engine='InnoDB', mysql_charset='utf8mb4')
    op.bulk_insert(table, [{'id': 1, 'generation': 0}])


def downgrade():
    raise NotImplementedError('Downgrade of the API database is not supported')
