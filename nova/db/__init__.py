"""Database access: SQLAlchemy models and alembic migrations.

``nova.db.api`` holds the API database (``nova_api``); ``nova.db.main`` the
cell schema used by ``nova`` (cell1) and ``nova_cell0``.  Queries live next to
the objects that need them (``nova/objects``); there is no pass-through layer.
"""
