"""Alembic environment of the API database (configured by nova.db.migration).

There is no alembic.ini: :func:`nova.db.migration.db_sync` builds the alembic
Config and hands over an open connection in ``config.attributes``.
"""

from alembic import context

from nova.db.api import models
from nova.db import migration

migration.run_migrations(context, models.BASE.metadata)
