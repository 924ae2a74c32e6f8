"""task_log: the records of periodic tasks run per host (the instance
usage audit, read by os-instance_usage_audit_log).

Revision ID: 2b6f0c7d3e41
Revises: 8f2f1571d55b
Create Date: 2026-11-23

Frozen like every revision: it does not import the models.
"""

from alembic import op
import sqlalchemy as sa

revision = '2b6f0c7d3e41'
down_revision = '8f2f1571d55b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'task_log',
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.Column('deleted_at', sa.DateTime),
        sa.Column('deleted', sa.Integer),
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('task_name', sa.String(255), nullable=False),
        sa.Column('state', sa.String(255), nullable=False),
        sa.Column('host', sa.String(255), nullable=False),
        sa.Column('period_beginning', sa.DateTime, nullable=False),
        sa.Column('period_ending', sa.DateTime, nullable=False),
        sa.Column('message', sa.String(255), nullable=False),
        sa.Column('task_items', sa.Integer),
        sa.Column('errors', sa.Integer),
        sa.UniqueConstraint(
            'task_name', 'host', 'period_beginning', 'period_ending',
            name='uniq_task_name_x_host_x_period_beginning_x_period_ending'),
        mysql_engine='InnoDB', mysql_charset='utf8mb4')
    op.create_index('ix_task_log_period_beginning', 'task_log',
                    ['period_beginning'])
    op.create_index('ix_task_log_host', 'task_log', ['host'])
    op.create_index('ix_task_log_period_ending', 'task_log',
                    ['period_ending'])
