"""Alembic environment of the cell databases (configured by nova.db.migration).

There is no alembic.ini: :func:`nova.db.migration.db_sync` builds the alembic
Config and hands over an open connection in ``config.attributes``.
"""

from alembic import context

from nova.db.main import models
from nova.db import migration

migration.run_migrations(context, models.BASE.metadata)
