"""Indexes on the timestamps of compute_nodes and services.

nova-scheduler refreshes its host states with the rows written since its
last refresh (``updated_at``, ``created_at`` or ``deleted_at`` after a
moment), once per scheduling request.  Without these indexes each refresh
scans both tables whole, which at ten thousand hosts costs more than the
rest of the request.

Revision ID: 7d4a2c9e5f10
Revises: 2b6f0c7d3e41
Create Date: 2026-12-04

Frozen like every revision: it does not import the models.
"""

from alembic import op

revision = '7d4a2c9e5f10'
down_revision = '2b6f0c7d3e41'
branch_labels = None
depends_on = None

TABLES = ('compute_nodes', 'services')
COLUMNS = ('updated_at', 'created_at', 'deleted_at')


def upgrade():
    for table in TABLES:
        for column in COLUMNS:
            op.create_index('%s_%s_idx' % (table, column), table, [column])


def downgrade():
    raise NotImplementedError('Downgrade of the cell database is not '
                              'supported')
