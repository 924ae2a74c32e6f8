"""Pieces shared by the API and cell database models.

Both schemas keep ``created_at``/``updated_at`` on (nearly) every table.  The
cell schema additionally soft-deletes rows: ``deleted`` is 0 while a row is
live and is set to the row's own ``id`` when it is soft-deleted, so unique
constraints that include ``deleted`` let a new live row reuse the same name.
"""

import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.dialects import postgresql


def utcnow():
    """Naive UTC timestamp, as stored in every DateTime column."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def MediumText():
    """TEXT everywhere, MEDIUMTEXT on MySQL/MariaDB (TEXT caps at 64 KiB)."""
    return sa.Text().with_variant(mysql.MEDIUMTEXT(), 'mysql')


def IPAddress():
    """An IPv4/IPv6 address: INET on PostgreSQL, VARCHAR(39) elsewhere."""
    return sa.String(39).with_variant(postgresql.INET(), 'postgresql')


def CIDR():
    """A network in CIDR form: CIDR on PostgreSQL, VARCHAR(43) elsewhere."""
    return sa.String(43).with_variant(postgresql.CIDR(), 'postgresql')


class ModelBase:
    """Dict-like helpers used by the object layer."""

    def __getitem__(self, key):
        return getattr(self, key)

    def __setitem__(self, key, value):
        setattr(self, key, value)

    def __contains__(self, key):
        return key in self.__table__.columns.keys()

    def get(self, key, default=None):
        return getattr(self, key, default)

    def update(self, values):
        """Set several attributes from a dict."""
        for key, value in values.items():
            setattr(self, key, value)

    def to_dict(self):
        """Column values only (no relationships)."""
        return {c.key: getattr(self, c.key)
                for c in self.__mapper__.column_attrs}

    def save(self, session):
        """Add to ``session`` and flush, so DB errors surface here."""
        session.add(self)
        session.flush()


class TimestampMixin:
    created_at = sa.Column(sa.DateTime, default=utcnow)
    updated_at = sa.Column(sa.DateTime, onupdate=utcnow)


class SoftDeleteMixin:
    deleted_at = sa.Column(sa.DateTime)
    deleted = sa.Column(sa.Integer, default=0)

    def soft_delete(self, session):
        """Mark this row deleted (``deleted = id``) and flush."""
        self.deleted = self.id
        self.deleted_at = utcnow()
        session.add(self)
        session.flush()


def live(query_or_select, model):
    """Restrict a select to rows that are not soft-deleted."""
    return query_or_select.where(model.deleted == 0)


__all__ = ['utcnow', 'MediumText', 'IPAddress', 'CIDR', 'ModelBase',
           'TimestampMixin', 'SoftDeleteMixin', 'live']
