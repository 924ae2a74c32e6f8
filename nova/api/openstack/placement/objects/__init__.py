"""Placement's data logic on the API database, one module per resource.

Every function takes an open session (``nova.db.engine.api_session()``) so
a handler can make several changes in one transaction; SQL is written with
SQLAlchemy Core against the tables of :mod:`nova.db.api.models`.
"""
