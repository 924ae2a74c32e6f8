"""Schema migrations of the API and cell databases (alembic).

Each schema has its own alembic environment inside the package
(``nova/db/api/migrations`` and ``nova/db/main/migrations``); there is no
alembic.ini, everything is configured here, so migrations work from an
installed package.  ``nova-manage api_db sync`` and ``nova-manage db sync``
call :func:`db_sync`.
"""

import os

from alembic import command as alembic_command
from alembic import config as alembic_config
from alembic import migration as alembic_migration
from alembic import script as alembic_script

from nova.db import engine as db_engine
from nova import exception

DATABASES = ('api', 'main')


def _check_database(database):
    if database not in DATABASES:
        raise exception.Invalid(
            "Unknown database %r (expected one of %s)"
            % (database, ', '.join(DATABASES)))


def _script_location(database):
    _check_database(database)
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(here, database, 'migrations')


def _default_url(database):
    _check_database(database)
    return db_engine.api_url() if database == 'api' else db_engine.main_url()


def _alembic_config(database, connection=None):
    cfg = alembic_config.Config()
    cfg.set_main_option('script_location', _script_location(database))
    # Revisions are .py files only; no mako template is shipped because
    # new revisions are written by hand.
    cfg.attributes['connection'] = connection
    return cfg


def _engine(url):
    # A private engine: migrations must not leave connections in the pool
    # of the process-wide engine (nova-manage may then fork or exit).
    db_engine._check_allowed()
    return db_engine.create_engine(url)


def run_migrations(context, target_metadata):
    """Body of both env.py files: run online against the given connection."""
    connection = context.config.attributes.get('connection')
    if connection is None:
        raise RuntimeError('nova migrations must be run through '
                           'nova.db.migration.db_sync')
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == 'sqlite',
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def head_revision(database):
    """The newest revision shipped for ``database``."""
    script = alembic_script.ScriptDirectory.from_config(
        _alembic_config(database))
    return script.get_current_head()


def db_sync(database, version=None, url=None):
    """Upgrade ``database`` ('api' or 'main') to ``version`` (default head).

    Works on an empty database; running it again once at the target version
    does nothing.  Downgrades are not supported.
    """
    _check_database(database)
    url = url or _default_url(database)
    target = version or 'head'
    engine = _engine(url)
    try:
        with engine.begin() as conn:
            current = _current_revision(conn)
            if version is not None and current is not None:
                script = alembic_script.ScriptDirectory.from_config(
                    _alembic_config(database))
                if _is_downgrade(script, current, target):
                    raise exception.Invalid(
                        'Database %s is at %s; downgrading to %s is not '
                        'supported' % (database, current, target))
            alembic_command.upgrade(_alembic_config(database, conn), target)
    finally:
        engine.dispose()


def _is_downgrade(script, current, target):
    if current == target:
        return False
    # ``target`` is an ancestor of ``current`` => going backwards.
    for rev in script.iterate_revisions(current, 'base'):
        if rev.revision == target:
            return True
    return False


def _current_revision(conn):
    ctx = alembic_migration.MigrationContext.configure(conn)
    return ctx.get_current_revision()


def db_version(database, url=None):
    """Current alembic revision of ``database``, None if never synced."""
    _check_database(database)
    url = url or _default_url(database)
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            return _current_revision(conn)
    finally:
        engine.dispose()
