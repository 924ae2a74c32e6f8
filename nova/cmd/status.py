"""nova-status: is this deployment ready for (an upgrade to) this release?

Usage::

    nova-status [--config-file PATH] upgrade check

Each check returns Success, Warning or Failure with details; the results
are printed as one table and the exit code is the worst result: 0 success,
1 warning, 2 failure, and 255 when a check itself crashed (as upstream).
"""

import enum
import sys
import textwrap
import traceback

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import loading as ks_loading
from oslo_config import cfg
import prettytable
import sqlalchemy as sa

from nova.cmd import common
from nova import context as nova_context
from nova.db.api import models as api_models
from nova.db import engine as db_engine
from nova.i18n import _
import nova.conf
from nova.objects import cell_mapping as cell_mapping_obj
from nova import version

CONF = nova.conf.CONF

PROG = 'nova-status'

PLACEMENT_DOCS_LINK = ('https://docs.openstack.org/nova/latest/user/'
                       'placement.html')

# Placement microversion Pike's nova-scheduler and nova-compute rely on.
MIN_PLACEMENT_VERSION = (1, 10)

# The standard resource class VCPU has id 0 in the placement tables.
VCPU_RESOURCE_CLASS_ID = 0

# Exit code when a check raised instead of returning a result.
INTERNAL_ERROR = 255


class UpgradeCheckCode(enum.IntEnum):
    SUCCESS = 0
    WARNING = 1
    FAILURE = 2


UPGRADE_CHECK_MSG_MAP = {
    UpgradeCheckCode.SUCCESS: _('Success'),
    UpgradeCheckCode.WARNING: _('Warning'),
    UpgradeCheckCode.FAILURE: _('Failure'),
}


class UpgradeCheckResult(object):
    def __init__(self, code, details=None):
        self.code = code
        self.details = details


# --- [placement] options -----------------------------------------------------

def register_placement_opts(conf=CONF):
    """keystoneauth session/auth/adapter options in [placement].

    nova.conf normally registers them (nova/conf/placement.py); this is a
    fallback so the check still works on a configuration module without
    that group.
    """
    try:
        if 'auth_type' in conf.placement:
            return
    except cfg.NoSuchOptError:
        pass
    for register in (ks_loading.register_session_conf_options,
                     ks_loading.register_auth_conf_options,
                     ks_loading.register_adapter_conf_options):
        try:
            register(conf, 'placement')
        except cfg.DuplicateOptError:
            pass


def _placement_adapter():
    register_placement_opts()
    auth = ks_loading.load_auth_from_conf_options(CONF, 'placement')
    if auth is None:
        raise ks_exc.MissingAuthPlugin()
    session = ks_loading.load_session_from_conf_options(CONF, 'placement',
                                                        auth=auth)
    return ks_loading.load_adapter_from_conf_options(
        CONF, 'placement', session=session, auth=auth,
        service_type=CONF.placement.service_type or 'placement')


def _placement_get(path):
    """GET ``path`` on the placement API configured in [placement]."""
    adapter = _placement_adapter()
    try:
        return adapter.get(path, raise_exc=True).json()
    except ks_exc.ConnectionError as e:
        try:
            url = adapter.get_endpoint()
        except ks_exc.ClientException:
            url = None
        raise PlacementUnreachable(url=url, error=e)


class PlacementUnreachable(Exception):
    """Nothing answered at the placement endpoint (or at keystone)."""

    def __init__(self, url, error):
        super().__init__(str(error))
        self.url = url


def _parse_version(text):
    return tuple(int(part) for part in str(text).split('.'))


# --- database helpers --------------------------------------------------------

def _count_compute_nodes(ctxt=None):
    """Live compute nodes in the cell database ``ctxt`` targets."""
    from nova.db.main import models as main_models
    node = main_models.ComputeNode
    with db_engine.main_session(ctxt) as session:
        return session.execute(
            sa.select(sa.func.count()).select_from(node).where(
                node.deleted == 0)).scalar()


def _non_cell0_mappings():
    cells = cell_mapping_obj.CellMappingList.get_all(
        nova_context.get_admin_context())
    return [cell for cell in cells if not cell.is_cell0()]


def _count_compute_nodes_everywhere():
    """Compute nodes in every cell (or in [database] without cells)."""
    cells = _non_cell0_mappings()
    if not cells:
        return _count_compute_nodes()
    ctxt = nova_context.get_admin_context()
    total = 0
    for cell in cells:
        with nova_context.target_cell(ctxt, cell) as cctxt:
            total += _count_compute_nodes(cctxt)
    return total


def _count_compute_resource_providers():
    """Resource providers with VCPU inventory (i.e. compute nodes)."""
    rp = api_models.ResourceProvider
    inv = api_models.Inventory
    with db_engine.api_session() as session:
        return session.execute(
            sa.select(sa.func.count(sa.distinct(rp.id)))
            .select_from(rp)
            .join(inv, inv.resource_provider_id == rp.id)
            .where(inv.resource_class_id == VCPU_RESOURCE_CLASS_ID)
        ).scalar()


# --- checks ------------------------------------------------------------------

class UpgradeCommands(object):
    """The checks of ``nova-status upgrade check``, in display order."""

    def _check_cellsv2(self):
        """cell0 and at least one cell exist; hosts are mapped."""
        cm = api_models.CellMapping
        with db_engine.api_session() as session:
            n_cells = session.execute(
                sa.select(sa.func.count()).select_from(cm)).scalar()
            n_cell0 = session.execute(
                sa.select(sa.func.count()).select_from(cm).where(
                    cm.uuid == cell_mapping_obj.CellMapping.CELL0_UUID)
            ).scalar()
            n_hosts = session.execute(
                sa.select(sa.func.count()).select_from(
                    api_models.HostMapping)).scalar()
        if n_cells < 2:
            return UpgradeCheckResult(
                UpgradeCheckCode.FAILURE,
                _("There needs to be at least two cell mappings, one for "
                  "cell0 and one for your first cell. Run command "
                  "'nova-manage cell_v2 simple_cell_setup' and then "
                  "retry."))
        if n_cell0 != 1:
            return UpgradeCheckResult(
                UpgradeCheckCode.FAILURE,
                _("No cell0 mapping found. Run command 'nova-manage cell_v2 "
                  "simple_cell_setup' and then retry."))
        if n_hosts == 0:
            # A fresh install has no compute nodes until nova-compute
            # starts; only unmapped existing nodes are a problem.
            if _count_compute_nodes_everywhere() > 0:
                return UpgradeCheckResult(
                    UpgradeCheckCode.FAILURE,
                    _("No host mappings found but there are compute nodes. "
                      "Run command 'nova-manage cell_v2 simple_cell_setup' "
                      "and then retry."))
            return UpgradeCheckResult(
                UpgradeCheckCode.SUCCESS,
                _("No host mappings or compute nodes were found. Remember "
                  "to run command 'nova-manage cell_v2 discover_hosts' when "
                  "new compute hosts are deployed."))
        return UpgradeCheckResult(UpgradeCheckCode.SUCCESS)

    def _check_placement(self):
        """The placement API answers and is recent enough."""
        failure = UpgradeCheckCode.FAILURE
        try:
            versions = _placement_get('/')
            max_version = versions['versions'][0]['max_version']
        except ks_exc.MissingAuthPlugin:
            return UpgradeCheckResult(
                failure,
                _('No credentials specified for placement API in '
                  'nova.conf.'))
        except ks_exc.Unauthorized:
            return UpgradeCheckResult(
                failure, _('Placement service credentials do not work.'))
        except ks_exc.EndpointNotFound:
            return UpgradeCheckResult(
                failure, _('Placement API endpoint not found.'))
        except ks_exc.DiscoveryFailure:
            return UpgradeCheckResult(
                failure, _('Discovery for placement API URI failed.'))
        except ks_exc.NotFound:
            return UpgradeCheckResult(
                failure, _('Placement API does not seem to be running.'))
        except PlacementUnreachable as e:
            where = e.url or _('the configured endpoint')
            return UpgradeCheckResult(
                failure,
                _('Placement API does not seem to be running: no placement '
                  'service answered at %s.') % where)
        except ks_exc.ClientException as e:
            return UpgradeCheckResult(
                failure, _('Placement API request failed: %s') % e)
        except (ValueError, KeyError, IndexError, TypeError):
            return UpgradeCheckResult(
                failure,
                _('The placement endpoint did not return a placement '
                  'version document.'))
        needed = MIN_PLACEMENT_VERSION
        try:
            current = _parse_version(max_version)
        except ValueError:
            current = (0, 0)
        if current < needed:
            return UpgradeCheckResult(
                failure,
                _('Placement API version %(needed)s needed, you have '
                  '%(current)s.') %
                {'needed': '.'.join(str(n) for n in needed),
                 'current': max_version})
        return UpgradeCheckResult(UpgradeCheckCode.SUCCESS)

    def _check_resource_providers(self):
        """Every compute node reports into placement."""
        num_rps = _count_compute_resource_providers()
        num_computes = _count_compute_nodes_everywhere()
        if num_rps == 0:
            if num_computes:
                return UpgradeCheckResult(
                    UpgradeCheckCode.WARNING,
                    _('There are no compute resource providers in the '
                      'Placement service but there are %(num_computes)s '
                      'compute nodes in the deployment. This means no '
                      'compute nodes are reporting into the Placement '
                      'service and need to be upgraded and/or fixed. See '
                      '%(link)s for more details.') %
                    {'num_computes': num_computes,
                     'link': PLACEMENT_DOCS_LINK})
            return UpgradeCheckResult(
                UpgradeCheckCode.SUCCESS,
                _('There are no compute resource providers in the Placement '
                  'service nor are there compute nodes in the database. '
                  'Remember to configure new compute nodes to report into '
                  'the Placement service. See %(link)s for more details.') %
                {'link': PLACEMENT_DOCS_LINK})
        if num_rps < num_computes:
            return UpgradeCheckResult(
                UpgradeCheckCode.WARNING,
                _('There are %(num_resource_providers)s compute resource '
                  'providers and %(num_compute_nodes)s compute nodes in the '
                  'deployment. Ideally the number of compute resource '
                  'providers should equal the number of enabled compute '
                  'nodes otherwise the cloud may be underutilized. See '
                  '%(link)s for more details.') %
                {'num_resource_providers': num_rps,
                 'num_compute_nodes': num_computes,
                 'link': PLACEMENT_DOCS_LINK})
        return UpgradeCheckResult(UpgradeCheckCode.SUCCESS)

    _upgrade_checks = (
        (_('Cells v2'), _check_cellsv2),
        (_('Placement API'), _check_placement),
        (_('Resource Providers'), _check_resource_providers),
    )

    @staticmethod
    def _details(result):
        if result.details is None:
            return None
        return '\n'.join(textwrap.wrap(result.details, 60,
                                       subsequent_indent=' ' * 9))

    def check(self):
        """Run every check, print the table, return the worst code."""
        results = [(name, check(self)) for name, check in self._upgrade_checks]
        table = prettytable.PrettyTable([_('Upgrade Check Results')],
                                        hrules=prettytable.HRuleStyle.ALL)
        table.align = 'l'
        for name, result in results:
            table.add_row([
                _('Check: %(name)s\nResult: %(result)s\nDetails: '
                  '%(details)s') %
                {'name': name, 'result': UPGRADE_CHECK_MSG_MAP[result.code],
                 'details': self._details(result)}])
        print(table)
        return max(result.code for _name, result in results)


# --- command line ------------------------------------------------------------

def build_parser():
    parser = common.ArgumentParser(
        prog=PROG, description=_('Check the status of a Nova deployment.'))
    parser.add_argument('--version', action='store_true',
                        help=_('Show the version and exit.'))
    common.add_config_help(parser)
    categories = parser.add_subparsers(dest='category', metavar='<category>')
    upgrade = categories.add_parser(
        'upgrade', help=_('Upgrade readiness checks.'))
    actions = upgrade.add_subparsers(dest='action', metavar='<command>')
    actions.add_parser(
        'check',
        help=_('Check that the deployment is ready for this release.'))
    categories.add_parser('version', help=_('Show the version.'))
    return parser


def main(argv=None):
    """The nova-status console script; returns the exit code."""
    argv = list(sys.argv if argv is None else argv)
    parser = build_parser()
    try:
        conf_args, rest = common.split_config_args(argv[1:])
        args = parser.parse_args(rest)
    except common.CommandLineError as e:
        common.err(str(e))
        return 2
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else 0

    if args.version or args.category == 'version':
        print(version.version_string_with_package())
        return 0
    if args.category != 'upgrade' or args.action != 'check':
        common.err(_('%s: error: expected "upgrade check"') % PROG)
        parser.print_usage(sys.stderr)
        return 2

    error = common.load_config(PROG, conf_args)
    if error is not None:
        return INTERNAL_ERROR
    try:
        return int(UpgradeCommands().check())
    except Exception as e:
        print(_('Error: %s') % (str(e).splitlines() or [repr(e)])[0])
        if CONF.debug:
            traceback.print_exc()
        return INTERNAL_ERROR


if __name__ == '__main__':
    sys.exit(main())
