"""nova-manage: database schema and cells v2 administration.

Usage::

    nova-manage [--config-file PATH] <category> <command> [<args>]

Categories: ``api_db`` (API database schema), ``db`` (cell database
schema) and ``cell_v2`` (cell, host and instance mappings; see
``nova/cmd/manage_cells.py``).  Each command returns the process exit code;
the codes follow upstream nova-manage so deployment tooling keeps working.
"""

import sys

from sqlalchemy import exc as sa_exc

from nova.cmd import common
from nova.cmd import manage_cells
from nova import context
from nova import exception
from nova.i18n import _
import nova.conf
from nova import version

CONF = nova.conf.CONF

PROG = 'nova-manage'


def _migration():
    # Imported late: the migration module loads alembic and the models.
    from nova.db import migration
    return migration


# --- api_db ------------------------------------------------------------------

def api_db_sync(args):
    """Sync the API database schema up to the newest (or given) version."""
    _migration().db_sync('api', version=args.version)
    return 0


def api_db_version(args):
    """Print the current API database schema version."""
    print(_migration().db_version('api'))
    return 0


# --- db ----------------------------------------------------------------------

_CELL0_SYNC_ERROR = _("""ERROR: Could not access cell0.
Has the nova_api database been created?
Has the nova_cell0 database been created?
Has "nova-manage api_db sync" been run?
Has "nova-manage cell_v2 map_cell0" been run?
Is [api_database]/connection set in nova.conf?
Is the cell0 database connection URL correct?
Error: %s""")


def db_sync(args):
    """Sync the cell database schema ([database] and, by default, cell0)."""
    migration = _migration()
    if not args.local_cell:
        ctxt = context.get_admin_context()
        try:
            from nova.objects import cell_mapping
            cell0 = cell_mapping.CellMapping.get_by_uuid(
                ctxt, cell_mapping.CellMapping.CELL0_UUID)
        except exception.CellMappingNotFound:
            print(_('WARNING: cell0 mapping not found - not syncing cell0.'))
        except Exception as e:
            print(_CELL0_SYNC_ERROR % _one_line(e))
            return 1
        else:
            try:
                migration.db_sync('main', version=args.version,
                                  url=cell0.database_connection)
            except Exception as e:
                print(_CELL0_SYNC_ERROR % _one_line(e))
                return 1
    migration.db_sync('main', version=args.version)
    return 0


def db_version(args):
    """Print the current cell database schema version."""
    print(_migration().db_version('main'))
    return 0


# --- command line ------------------------------------------------------------

def build_parser():
    parser = common.ArgumentParser(
        prog=PROG,
        description=_('Administer the nova databases and cells v2 '
                      'mappings.'))
    parser.add_argument('--version', action='store_true',
                        help=_('Show the version and exit.'))
    common.add_config_help(parser)
    categories = parser.add_subparsers(dest='category', metavar='<category>')

    api_db = categories.add_parser(
        'api_db', help=_('API database schema commands.'))
    api_db_cmds = api_db.add_subparsers(dest='action', metavar='<command>')
    p = api_db_cmds.add_parser('sync', help=api_db_sync.__doc__)
    p.add_argument('version', metavar='VERSION', nargs='?',
                   help=_('Database version'))
    p.set_defaults(func=api_db_sync)
    p = api_db_cmds.add_parser('version', help=api_db_version.__doc__)
    p.set_defaults(func=api_db_version)

    db = categories.add_parser('db', help=_('Cell database schema commands.'))
    db_cmds = db.add_subparsers(dest='action', metavar='<command>')
    p = db_cmds.add_parser('sync', help=db_sync.__doc__)
    p.add_argument('version', metavar='VERSION', nargs='?',
                   help=_('Database version'))
    p.add_argument('--local_cell', action='store_true',
                   help=_('Only sync db in the local cell: do not attempt '
                          'to fan-out to all cells'))
    p.set_defaults(func=db_sync)
    p = db_cmds.add_parser('version', help=db_version.__doc__)
    p.set_defaults(func=db_version)

    manage_cells.add_parser(categories)
    return parser


def _one_line(error):
    """The first line of an error's text (DB errors can be very long)."""
    if isinstance(error, sa_exc.DBAPIError) and error.orig is not None:
        text = str(error.orig)
    else:
        text = str(error)
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[0] if lines else error.__class__.__name__


def _run(func, args):
    try:
        return func(args)
    except exception.NovaException as e:
        print(_('ERROR: %s') % e.format_message())
    except sa_exc.SQLAlchemyError as e:
        print(_('ERROR: database error: %s') % _one_line(e))
    except Exception as e:
        print(_('ERROR: %s') % _one_line(e))
    return 1


def main(argv=None):
    """The nova-manage console script; returns the exit code."""
    argv = list(sys.argv if argv is None else argv)
    parser = build_parser()
    try:
        conf_args, rest = common.split_config_args(argv[1:])
        args = parser.parse_args(rest)
    except common.CommandLineError as e:
        common.err(str(e))
        return 2
    except SystemExit as e:
        # --help
        return e.code if isinstance(e.code, int) else 0

    if args.version:
        print(version.version_string_with_package())
        return 0
    func = getattr(args, 'func', None)
    if func is None:
        # A category without a command (or nothing at all): show what
        # exists rather than guessing.
        sub = args.category
        msg = (_('%(prog)s %(cat)s: error: a command is required') %
               {'prog': PROG, 'cat': sub} if sub else
               _('%s: error: a category is required') % PROG)
        common.err(msg)
        parser.print_usage(sys.stderr)
        return 2

    error = common.load_config(PROG, conf_args)
    if error is not None:
        return error
    return _run(func, args)


if __name__ == '__main__':
    sys.exit(main())
