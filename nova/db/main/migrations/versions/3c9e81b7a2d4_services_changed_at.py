"""services.changed_at, and an index on services.last_seen_up.

A nova-compute service writes its row every ``report_interval`` seconds
(its heartbeat), which bumps ``updated_at``.  nova-scheduler, which keeps
every service between requests, used ``updated_at`` to find the services
that changed: in a cloud of ten thousand hosts reporting every ten
seconds, that is a thousand rows read per request only to learn that each
is still alive.  ``changed_at`` moves only when a column other than the
heartbeat changes (disabled, forced down, version...); the scheduler
reads those rows, and asks ``last_seen_up`` (indexed) only for the
services whose heartbeat is out of the "up" window.

Revision ID: 3c9e81b7a2d4
Revises: 7d4a2c9e5f10
Create Date: 2026-12-05

Frozen like every revision: it does not import the models.
"""

from alembic import op
import sqlalchemy as sa

revision = '3c9e81b7a2d4'
down_revision = '7d4a2c9e5f10'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('services', sa.Column('changed_at', sa.DateTime,
                                        nullable=True))
    op.create_index('services_changed_at_idx', 'services', ['changed_at'])
    op.create_index('services_last_seen_up_idx', 'services',
                    ['last_seen_up'])


def downgrade():
    raise NotImplementedError('Downgrade of the cell database is not '
                              'supported')
