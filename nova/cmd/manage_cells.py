"""``nova-manage cell_v2 ...``: cell, host and instance mappings.

Every command returns the process exit code.  The codes and messages follow
upstream nova-manage, so that deployment tooling that checks them keeps
working (see doc/source/cli.rst for the table of codes).
"""

import os
from urllib import parse as urlparse

import oslo_messaging as messaging
from oslo_utils import uuidutils
import prettytable
import sqlalchemy as sa

from nova.cmd import common
from nova import context
from nova.db import engine as db_engine
from nova import exception
from nova.i18n import _
import nova.conf
from nova.objects import cell_mapping as cell_mapping_obj
from nova.objects import host_mapping as host_mapping_obj
from nova.objects import instance_mapping as instance_mapping_obj

CONF = nova.conf.CONF

CellMapping = cell_mapping_obj.CellMapping
CellMappingList = cell_mapping_obj.CellMappingList
HostMapping = host_mapping_obj.HostMapping
HostMappingList = host_mapping_obj.HostMappingList
InstanceMapping = instance_mapping_obj.InstanceMapping
InstanceMappingList = instance_mapping_obj.InstanceMappingList


# --- helpers -----------------------------------------------------------------

def _validate_transport_url(transport_url):
    """The URL to use (argument, else [DEFAULT] transport_url) or None."""
    transport_url = transport_url or common.default_transport_url()
    if not transport_url:
        print(_('Must specify --transport-url if [DEFAULT]/transport_url '
                'is not set in the configuration file.'))
        return None
    try:
        messaging.TransportURL.parse(conf=CONF, url=transport_url)
    except (messaging.InvalidTransportURL, ValueError) as e:
        print(_('Invalid transport URL: %s') % e)
        return None
    return transport_url


def _cell0_default_connection():
    """[database] connection with ``_cell0`` appended to the db name."""
    parts = urlparse.urlsplit(CONF.database.connection)
    root, ext = os.path.splitext(parts.path)
    return common.unsplit_url(parts._replace(path=root + '_cell0' + ext))


def _map_cell0(database_connection=None):
    """The cell0 mapping, created if missing (prints when it existed)."""
    ctxt = context.get_admin_context()
    try:
        cell0 = CellMapping.get_by_uuid(ctxt, CellMapping.CELL0_UUID)
        print(_('Cell0 is already setup'))
        return cell0
    except exception.CellMappingNotFound:
        pass
    if not database_connection and not CONF.database.connection:
        raise exception.DatabaseNotConfigured(database='cell0',
                                              group='database')
    # cell0 never receives RPC: its transport URL is a placeholder.
    cell0 = CellMapping(ctxt, uuid=CellMapping.CELL0_UUID, name='cell0',
                        transport_url='none:///',
                        database_connection=(database_connection or
                                             _cell0_default_connection()))
    cell0.create()
    return cell0


def _same_urls_cell(ctxt, transport_url, database_connection, exclude=None):
    """Another cell already using this transport/database pair, or None."""
    for cell in CellMappingList.get_all(ctxt):
        if exclude is not None and cell.uuid == exclude:
            continue
        if (cell.transport_url == transport_url and
                cell.database_connection == database_connection):
            return cell
    return None


def _print_duplicate(cell):
    print(_('The specified transport_url and/or database_connection '
            'combination already exists for another cell with uuid %s.')
          % cell.uuid)


def _get_cell(ctxt, cell_uuid):
    try:
        return CellMapping.get_by_uuid(ctxt, cell_uuid)
    except exception.CellMappingNotFound:
        print(_('Cell with uuid %s was not found.') % cell_uuid)
        return None


def _count_live_instances(cell):
    """Non-deleted instances in a cell database (0 if it has no table)."""
    with context.target_cell(context.get_admin_context(), cell) as cctxt:
        engine = db_engine.get_engine(db_engine.main_url(cctxt))
        if not sa.inspect(engine).has_table('instances'):
            return 0
        with db_engine.main_session(cctxt) as session:
            return session.execute(sa.text(
                'SELECT COUNT(*) FROM instances WHERE deleted = 0')).scalar()


def _unmap_compute_nodes(cell):
    """Set compute_nodes.mapped = 0 so the hosts can be discovered again."""
    from nova.db.main import models as main_models
    node = main_models.ComputeNode
    with context.target_cell(context.get_admin_context(), cell) as cctxt:
        with db_engine.main_session(cctxt) as session:
            session.execute(sa.update(node).where(node.deleted == 0)
                            .values(mapped=0))


# --- commands ----------------------------------------------------------------

def map_cell0(args):
    """Create a cell mapping for cell0 (where unschedulable instances go)."""
    _map_cell0(args.database_connection)
    return 0


def create_cell(args):
    """Create a cell mapping; the cell database must exist already.

    0: created; 1: transport URL or database connection missing/invalid;
    2: a cell with the same transport URL and database connection exists.
    """
    transport_url = _validate_transport_url(args.transport_url)
    if not transport_url:
        return 1
    database_connection = (args.database_connection or
                           CONF.database.connection)
    if not database_connection:
        print(_('Must specify --database_connection if [database]/'
                'connection is not set in the configuration file.'))
        return 1
    ctxt = context.get_admin_context()
    existing = _same_urls_cell(ctxt, transport_url, database_connection)
    if existing is not None:
        _print_duplicate(existing)
        return 2
    cell = CellMapping(ctxt, uuid=uuidutils.generate_uuid(), name=args.name,
                       transport_url=transport_url,
                       database_connection=database_connection,
                       disabled=args.disabled)
    cell.create()
    if args.verbose:
        print(cell.uuid)
    return 0


def list_cells(args):
    """List the cells; passwords are masked unless --verbose."""
    cells = CellMappingList.get_all(context.get_admin_context())
    table = prettytable.PrettyTable([_('Name'), _('UUID'), _('Transport URL'),
                                     _('Database Connection'),
                                     _('Disabled')])
    for cell in sorted(cells, key=lambda c: c.name or ''):
        if args.verbose:
            urls = [cell.transport_url, cell.database_connection]
        else:
            urls = [common.mask_passwd_in_url(cell.transport_url),
                    common.mask_passwd_in_url(cell.database_connection)]
        table.add_row([cell.name or '', cell.uuid] + urls + [cell.disabled])
    print(table)
    return 0


def discover_hosts(args):
    """Map compute hosts that are not mapped to a cell yet.

    With --strict, exit 0 only when at least one host was mapped, else 1.
    """
    status_fn = print if args.verbose else None
    ctxt = context.get_admin_context()
    if args.cell_uuid and _get_cell(ctxt, args.cell_uuid) is None:
        return 1
    created = host_mapping_obj.discover_hosts(
        ctxt, cell_uuid=args.cell_uuid, status_fn=status_fn,
        by_service=args.by_service)
    if args.strict:
        return 0 if created else 1
    return 0


def list_hosts(args):
    """List the hosts mapped to one cell or to all cells."""
    ctxt = context.get_admin_context()
    if args.cell_uuid:
        cell = _get_cell(ctxt, args.cell_uuid)
        if cell is None:
            return 1
        hosts = HostMappingList.get_by_cell_id(ctxt, cell.id)
    else:
        hosts = HostMappingList.get_all(ctxt)
    table = prettytable.PrettyTable([_('Cell Name'), _('Cell UUID'),
                                     _('Hostname')])
    for host in sorted(hosts, key=lambda h: h.host):
        table.add_row([host.cell_mapping.name, host.cell_mapping.uuid,
                       host.host])
    print(table)
    return 0


def update_cell(args):
    """Change a cell's name, URLs or enabled state.

    0: updated; 1: cell not found or invalid transport URL; 2: the update
    failed; 3: another cell has the resulting transport URL and database
    connection; 4: --disable and --enable together; 5: cell0 cannot be
    disabled.  Running services see URL changes only after a restart.
    """
    if args.disable and args.enable:
        print(_('Cell cannot be disabled and enabled at the same time.'))
        return 4
    ctxt = context.get_admin_context()
    cell = _get_cell(ctxt, args.cell_uuid)
    if cell is None:
        return 1
    if args.name:
        cell.name = args.name
    if args.transport_url or args.database_connection:
        existing = _same_urls_cell(
            ctxt, args.transport_url or cell.transport_url,
            args.database_connection or cell.database_connection,
            exclude=cell.uuid)
        if existing is not None:
            _print_duplicate(existing)
            return 3
    if args.transport_url:
        if not _validate_transport_url(args.transport_url):
            return 1
        cell.transport_url = args.transport_url
    if args.database_connection:
        cell.database_connection = args.database_connection
    if args.disable or args.enable:
        if cell.is_cell0():
            print(_('Cell0 cannot be disabled.'))
            return 5
        if args.disable and cell.disabled:
            print(_('Cell %s is already disabled') % cell.uuid)
        elif args.enable and not cell.disabled:
            print(_('Cell %s is already enabled') % cell.uuid)
        else:
            cell.disabled = bool(args.disable)
    try:
        cell.save()
    except Exception as e:
        print(_('Unable to update CellMapping: %s') % e)
        return 2
    return 0


def delete_cell(args):
    """Delete an empty cell.

    1: not found; 2: hosts are mapped to it (without --force); 3: it holds
    live instances; 4: instance mappings remain although the instances are
    deleted (without --force).  With --force, host and instance mappings
    of the cell are deleted too and its compute nodes unmapped.
    """
    ctxt = context.get_admin_context()
    cell = _get_cell(ctxt, args.cell_uuid)
    if cell is None:
        return 1
    hosts = HostMappingList.get_by_cell_id(ctxt, cell.id)
    if hosts and not args.force:
        print(_('There are existing hosts mapped to cell with uuid %s.')
              % cell.uuid)
        return 2
    instances = InstanceMappingList.get_by_cell_id(ctxt, cell.id)
    if instances:
        if not cell.is_cell0() and _count_live_instances(cell):
            print(_('There are existing instances mapped to cell with '
                    'uuid %s.') % cell.uuid)
            return 3
        if not args.force:
            print(_('There are instance mappings to cell with uuid %s, but '
                    'all instances have been deleted in the cell.')
                  % cell.uuid)
            print(_("So execute 'nova-manage db archive_deleted_rows' to "
                    "delete the instance mappings."))
            return 4
    for mapping in instances:
        mapping.destroy()
    if hosts:
        _unmap_compute_nodes(cell)
    for mapping in hosts:
        mapping.destroy()
    cell.destroy()
    return 0


def verify_instance(args):
    """Check an instance's mapping: 0 mapped, 1 no mapping, 2 no cell yet."""
    def say(msg):
        if not args.quiet:
            print(msg)

    ctxt = context.get_admin_context()
    try:
        mapping = InstanceMapping.get_by_instance_uuid(ctxt, args.uuid)
    except exception.InstanceMappingNotFound:
        say(_('Instance %s is not mapped to a cell (upgrade is incomplete)')
            % args.uuid)
        return 1
    if mapping.cell_mapping is None:
        say(_('Instance %s is not mapped to a cell') % args.uuid)
        return 2
    say(_('Instance %(uuid)s is in cell: %(name)s (%(cell)s)') %
        {'uuid': args.uuid, 'name': mapping.cell_mapping.name,
         'cell': mapping.cell_mapping.uuid})
    return 0


def _map_instances(ctxt, cell):
    """Create missing instance mappings for the live instances of a cell."""
    with context.target_cell(ctxt, cell) as cctxt:
        engine = db_engine.get_engine(db_engine.main_url(cctxt))
        if not sa.inspect(engine).has_table('instances'):
            return 0
        with db_engine.main_session(cctxt) as session:
            rows = session.execute(sa.text(
                'SELECT uuid, project_id, user_id FROM instances '
                'WHERE deleted = 0 ORDER BY id')).all()
    created = 0
    for row in rows:
        try:
            InstanceMapping.get_by_instance_uuid(ctxt, row.uuid)
            continue
        except exception.InstanceMappingNotFound:
            pass
        InstanceMapping(ctxt, instance_uuid=row.uuid, cell_mapping=cell,
                        project_id=row.project_id,
                        user_id=row.user_id).create()
        created += 1
    return created


def map_instances(args):
    """Map the instances of a cell database to that cell."""
    ctxt = context.get_admin_context()
    cell = _get_cell(ctxt, args.cell_uuid)
    if cell is None:
        return 1
    _map_instances(ctxt, cell)
    return 0


def _map_cell_and_hosts(ctxt, transport_url):
    """Map [database]'s compute hosts to a cell; that cell's uuid or None."""
    from nova.db.main import models as main_models
    node = main_models.ComputeNode
    with db_engine.main_session(ctxt) as session:
        hosts = session.execute(
            sa.select(node.host).where(node.deleted == 0).distinct()
        ).scalars().all()
    if not hosts:
        print(_('No hosts found to map to cell, exiting.'))
        return None
    cell = None
    missing = []
    for host in sorted(hosts):
        try:
            cell = HostMapping.get_by_host(ctxt, host).cell_mapping
        except exception.HostMappingNotFound:
            missing.append(host)
    if not missing:
        print(_('All hosts are already mapped to cell(s), exiting.'))
        return cell.uuid
    if cell is None:
        cell = CellMapping(ctxt, uuid=uuidutils.generate_uuid(), name=None,
                           transport_url=transport_url,
                           database_connection=CONF.database.connection)
        cell.create()
    for host in missing:
        HostMapping(ctxt, host=host, cell_mapping=cell).create()
    return cell.uuid


def simple_cell_setup(args):
    """cell0 plus one cell holding every existing host and instance.

    0: set up (or already set up); 1: no compute hosts to map (or a missing
    transport URL).
    """
    from nova.db import migration
    transport_url = _validate_transport_url(args.transport_url)
    if not transport_url:
        return 1
    ctxt = context.get_admin_context()
    cell0 = _map_cell0()
    try:
        migration.db_sync('main', url=cell0.database_connection)
    except Exception as e:
        print(_('Unable to sync cell0 schema: %s') % e)
    cell_uuid = _map_cell_and_hosts(ctxt, transport_url)
    if cell_uuid is None:
        return 1
    _map_instances(ctxt, CellMapping.get_by_uuid(ctxt, cell_uuid))
    return 0


# --- argument parsing --------------------------------------------------------

def add_parser(categories):
    """Add the ``cell_v2`` category to nova-manage's argparse parser."""
    cell_v2 = categories.add_parser('cell_v2',
                                    help=_('Cells v2 mapping commands.'))
    cmds = cell_v2.add_subparsers(dest='action', metavar='<command>')

    def command(name, func):
        doc = (func.__doc__ or '').strip()
        p = cmds.add_parser(name, help=doc.splitlines()[0] if doc else None,
                            description=doc)
        p.set_defaults(func=func)
        return p

    def cell_uuid(p, required, helptext):
        p.add_argument('--cell_uuid', metavar='<cell_uuid>', dest='cell_uuid',
                       required=required, help=helptext)

    p = command('map_cell0', map_cell0)
    p.add_argument('--database_connection', metavar='<database_connection>',
                   help=_('The database url for the cell0 database '
                          '(default: [database] connection with "_cell0" '
                          'appended to the database name).'))

    p = command('create_cell', create_cell)
    p.add_argument('--name', metavar='<cell_name>',
                   help=_('A name for the cell'))
    p.add_argument('--transport-url', metavar='<transport_url>',
                   dest='transport_url',
                   help=_('The transport url for the cell message queue'))
    p.add_argument('--database_connection', metavar='<database_connection>',
                   help=_('The database url for the cell database'))
    p.add_argument('--verbose', action='store_true',
                   help=_('Output the uuid of the created cell'))
    p.add_argument('--disabled', action='store_true',
                   help=_('Create the cell disabled (not used for new '
                          'instances)'))

    p = command('list_cells', list_cells)
    p.add_argument('--verbose', action='store_true',
                   help=_('Show sensitive details, such as passwords'))

    p = command('discover_hosts', discover_hosts)
    cell_uuid(p, False, _('If provided only this cell will be searched for '
                          'new hosts to map.'))
    p.add_argument('--verbose', action='store_true',
                   help=_('Provide detailed output when discovering hosts.'))
    p.add_argument('--strict', action='store_true',
                   help=_('Considered successful (exit code 0) only when an '
                          'unmapped host is discovered.'))
    p.add_argument('--by-service', action='store_true', dest='by_service',
                   help=_('Discover hosts by nova-compute service instead '
                          'of compute node'))

    p = command('list_hosts', list_hosts)
    cell_uuid(p, False, _('The UUID of the cell.'))

    p = command('update_cell', update_cell)
    cell_uuid(p, True, _('The uuid of the cell to update.'))
    p.add_argument('--name', metavar='<cell_name>',
                   help=_('Set the cell name.'))
    p.add_argument('--transport-url', metavar='<transport_url>',
                   dest='transport_url',
                   help=_('Set the cell transport_url. Running services see '
                          'the change only after a restart.'))
    p.add_argument('--database_connection', metavar='<database_connection>',
                   help=_('Set the cell database_connection. Running '
                          'services see the change only after a restart.'))
    p.add_argument('--disable', action='store_true',
                   help=_('Disable the cell: no new instances go there.'))
    p.add_argument('--enable', action='store_true',
                   help=_('Enable the cell.'))

    p = command('delete_cell', delete_cell)
    cell_uuid(p, True, _('The uuid of the cell to delete.'))
    p.add_argument('--force', action='store_true',
                   help=_('Delete hosts and instance_mappings that belong '
                          'to the cell as well.'))

    p = command('simple_cell_setup', simple_cell_setup)
    p.add_argument('--transport-url', metavar='<transport_url>',
                   dest='transport_url',
                   help=_('The transport url for the cell message queue'))

    p = command('verify_instance', verify_instance)
    p.add_argument('--uuid', metavar='<instance_uuid>', required=True,
                   help=_('The instance UUID to verify'))
    p.add_argument('--quiet', action='store_true',
                   help=_('Do not print anything'))

    p = command('map_instances', map_instances)
    cell_uuid(p, True, _('Unmigrated instances will be mapped to the cell '
                         'with the uuid provided.'))
    return cell_v2
