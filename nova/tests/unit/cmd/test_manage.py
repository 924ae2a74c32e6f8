"""nova-manage against SQLite databases: output and exit codes."""

import os
import subprocess
import sys

from nova.cmd import common
from nova.objects import cell_mapping as cell_mapping_obj

CELL0_UUID = cell_mapping_obj.CellMapping.CELL0_UUID
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))


def _rows(table_text):
    """Data rows of a prettytable as lists of stripped cells."""
    rows = []
    for line in table_text.splitlines():
        if line.startswith('|'):
            rows.append([c.strip() for c in line.strip('|').split('|')])
    return rows[1:]


# --- schema commands ---------------------------------------------------------

def test_api_db_and_db_sync_and_version(deployment):
    assert deployment.manage('api_db', 'version').out.strip() == 'None'
    result = deployment.manage('api_db', 'sync')
    assert (result.rc, result.out) == (0, '')
    api_version = deployment.manage('api_db', 'version').out.strip()
    assert api_version not in ('', 'None')

    # No cell0 mapping yet: db sync warns and still syncs [database].
    result = deployment.manage('db', 'sync')
    assert result.rc == 0
    assert 'WARNING: cell0 mapping not found - not syncing cell0.' in \
        result.out
    assert deployment.manage('db', 'version').out.strip() != 'None'

    # With cell0 mapped, db sync migrates cell0's database too (derived
    # name: <[database] db name>_cell0).
    assert deployment.manage('cell_v2', 'map_cell0').rc == 0
    assert not deployment.cell0_path.exists()
    result = deployment.manage('db', 'sync')
    assert (result.rc, result.out) == (0, '')
    tables = deployment.execute(
        deployment.cell0_url,
        "SELECT name FROM sqlite_master WHERE type = 'table'")
    assert ('compute_nodes',) in tables


def test_db_sync_local_cell_skips_cell0(deployment):
    deployment.migrate(api=True, main=False)
    assert deployment.manage('cell_v2', 'map_cell0').rc == 0
    result = deployment.manage('db', 'sync', '--local_cell')
    assert (result.rc, result.out) == (0, '')
    assert not deployment.cell0_path.exists()


def test_db_sync_reports_unreachable_cell0(deployment):
    deployment.migrate(api=True, main=False)
    bad = 'sqlite:///%s' % (deployment.dir / 'missing-dir' / 'x.sqlite')
    assert deployment.manage('cell_v2', 'map_cell0', '--database_connection',
                             bad).rc == 0
    result = deployment.manage('db', 'sync')
    assert result.rc == 1
    assert result.out.startswith('ERROR: Could not access cell0.')
    assert 'Traceback' not in result.out + result.err


# --- map_cell0 / create_cell / list_cells ------------------------------------

def test_map_cell0_derives_url_and_is_idempotent(deployment):
    deployment.migrate()
    result = deployment.manage('cell_v2', 'map_cell0')
    assert (result.rc, result.out) == (0, '')
    rows = deployment.execute(
        deployment.api_url,
        'SELECT uuid, name, transport_url, database_connection '
        'FROM cell_mappings')
    assert rows == [(CELL0_UUID, 'cell0', 'none:///', deployment.cell0_url)]
    result = deployment.manage('cell_v2', 'map_cell0')
    assert (result.rc, result.out) == (0, 'Cell0 is already setup\n')


def test_map_cell0_keeps_query_string_of_mysql_url(deployment):
    deployment.migrate()
    url = ('mysql+pymysql://nova:pw@/nova?unix_socket=/run/mysqld/'
           'mysqld.sock')
    deployment.write_conf(extra='')
    conf = deployment.conf_path.read_text().replace(
        'connection = %s' % deployment.main_url, 'connection = %s' % url)
    deployment.conf_path.write_text(conf)
    assert deployment.manage('cell_v2', 'map_cell0').rc == 0
    rows = deployment.execute(deployment.api_url,
                              'SELECT database_connection FROM cell_mappings')
    assert rows == [('mysql+pymysql://nova:pw@/nova_cell0?unix_socket='
                     '/run/mysqld/mysqld.sock',)]


def test_create_cell_and_list_cells_masks_passwords(deployment):
    cell1 = deployment.setup_cells()
    assert len(cell1) == 36
    result = deployment.manage('cell_v2', 'list_cells')
    assert result.rc == 0
    lines = result.out.splitlines()
    assert [c.strip() for c in lines[1].strip('|').split('|')] == [
        'Name', 'UUID', 'Transport URL', 'Database Connection', 'Disabled']
    assert _rows(result.out) == [
        ['cell0', CELL0_UUID, 'none:///', deployment.cell0_url, 'False'],
        ['cell1', cell1, 'rabbit://guest:****@127.0.0.1:5672/',
         deployment.main_url, 'False'],
    ]
    assert 's3cret' not in result.out

    verbose = deployment.manage('cell_v2', 'list_cells', '--verbose')
    assert verbose.rc == 0
    assert 'rabbit://guest:s3cret@127.0.0.1:5672/' in verbose.out


def test_create_cell_options(deployment):
    deployment.migrate()
    result = deployment.manage(
        'cell_v2', 'create_cell', '--name', 'cell2', '--transport-url',
        'rabbit://u:p@mq2:5672/', '--database_connection',
        'mysql+pymysql://nova:dbpw@db2/nova', '--disabled')
    assert (result.rc, result.out) == (0, '')
    rows = deployment.execute(
        deployment.api_url,
        'SELECT name, transport_url, database_connection, disabled '
        'FROM cell_mappings')
    assert rows == [('cell2', 'rabbit://u:p@mq2:5672/',
                     'mysql+pymysql://nova:dbpw@db2/nova', 1)]
    out = deployment.manage('cell_v2', 'list_cells').out
    assert 'mysql+pymysql://nova:****@db2/nova' in out
    assert 'dbpw' not in out
    assert _rows(out)[0][-1] == 'True'


def test_create_cell_duplicate_urls_exit_2(deployment):
    cell1 = deployment.setup_cells()
    result = deployment.manage('cell_v2', 'create_cell', '--name', 'again')
    assert result.rc == 2
    assert result.out == (
        'The specified transport_url and/or database_connection '
        'combination already exists for another cell with uuid %s.\n'
        % cell1)


def test_create_cell_without_transport_url_exit_1(deployment):
    deployment.migrate()
    deployment.write_conf(transport_url=None)
    result = deployment.manage('cell_v2', 'create_cell')
    assert result.rc == 1
    assert result.out.startswith('Must specify --transport-url')
    result = deployment.manage('cell_v2', 'create_cell', '--transport-url',
                               'not a url')
    assert result.rc == 1
    assert result.out.startswith('Invalid transport URL')


def test_create_cell_without_database_exit_1(deployment):
    deployment.migrate()
    conf = deployment.conf_path.read_text().replace(
        'connection = %s' % deployment.main_url, '')
    deployment.conf_path.write_text(conf)
    result = deployment.manage('cell_v2', 'create_cell')
    assert result.rc == 1
    assert result.out.startswith('Must specify --database_connection')


# --- hosts -------------------------------------------------------------------

def test_discover_hosts_maps_new_compute_nodes(deployment):
    cell1 = deployment.setup_cells()
    deployment.add_compute_node('compute1')
    deployment.add_compute_node('compute2')
    deployment.add_compute_node('gone', deleted=True)

    result = deployment.manage('cell_v2', 'discover_hosts', '--verbose')
    assert result.rc == 0
    lines = result.out.splitlines()
    assert lines[0] == 'Found 2 cell mappings.'
    assert lines[1] == 'Skipping cell0 since it does not contain hosts.'
    assert lines[2] == "Getting computes from cell 'cell1': %s" % cell1
    assert lines[3].startswith("Checking host mapping for compute host "
                               "'compute1': ")
    assert lines[4].startswith("Creating host mapping for compute host "
                               "'compute1': ")
    assert lines[-1] == 'Found 2 unmapped computes in cell: %s' % cell1

    assert deployment.execute(
        deployment.api_url,
        'SELECT h.host, c.uuid FROM host_mappings h JOIN cell_mappings c '
        'ON h.cell_id = c.id ORDER BY h.host') == [('compute1', cell1),
                                                   ('compute2', cell1)]
    assert deployment.execute(
        deployment.main_url,
        'SELECT host, mapped FROM compute_nodes WHERE deleted = 0 '
        'ORDER BY host') == [('compute1', 1), ('compute2', 1)]

    # Nothing new: quiet without --verbose, and --strict says so.
    result = deployment.manage('cell_v2', 'discover_hosts')
    assert (result.rc, result.out) == (0, '')
    assert deployment.manage('cell_v2', 'discover_hosts',
                             '--strict').rc == 1
    deployment.add_compute_node('compute3')
    assert deployment.manage('cell_v2', 'discover_hosts',
                             '--strict').rc == 0

    listed = deployment.manage('cell_v2', 'list_hosts')
    assert listed.rc == 0
    assert _rows(listed.out) == [['cell1', cell1, 'compute1'],
                                 ['cell1', cell1, 'compute2'],
                                 ['cell1', cell1, 'compute3']]


def test_discover_hosts_by_service(deployment):
    cell1 = deployment.setup_cells()
    deployment.add_service('svc-host')
    deployment.add_service('sched-host', binary='nova-scheduler')
    result = deployment.manage('cell_v2', 'discover_hosts', '--by-service',
                               '--verbose')
    assert result.rc == 0
    assert 'Creating host mapping for service svc-host' in result.out
    assert deployment.execute(deployment.api_url,
                              'SELECT host FROM host_mappings') == [
        ('svc-host',)]
    assert 'Found 1 unmapped computes in cell: %s' % cell1 in result.out


def test_discover_hosts_unknown_cell_exit_1(deployment):
    deployment.setup_cells()
    result = deployment.manage('cell_v2', 'discover_hosts', '--cell_uuid',
                               'b9fa7f3e-5ec8-4dc4-a5c9-d67a9bbd1b5e')
    assert result.rc == 1
    assert result.out == ('Cell with uuid b9fa7f3e-5ec8-4dc4-a5c9-'
                          'd67a9bbd1b5e was not found.\n')


def test_list_hosts_of_one_cell(deployment):
    cell1 = deployment.setup_cells()
    deployment.add_compute_node('compute1')
    deployment.manage('cell_v2', 'discover_hosts')
    result = deployment.manage('cell_v2', 'list_hosts', '--cell_uuid', cell1)
    assert _rows(result.out) == [['cell1', cell1, 'compute1']]
    result = deployment.manage('cell_v2', 'list_hosts', '--cell_uuid',
                               CELL0_UUID)
    assert (result.rc, _rows(result.out)) == (0, [])


# --- update_cell / delete_cell -----------------------------------------------

def test_update_cell(deployment):
    cell1 = deployment.setup_cells()
    result = deployment.manage('cell_v2', 'update_cell', '--cell_uuid', cell1,
                               '--name', 'renamed', '--disable')
    assert (result.rc, result.out) == (0, '')
    assert deployment.execute(
        deployment.api_url,
        'SELECT name, disabled, transport_url FROM cell_mappings WHERE '
        'uuid = :u', u=cell1) == [('renamed', 1, 'rabbit://guest:s3cret@'
                                                 '127.0.0.1:5672/')]
    result = deployment.manage('cell_v2', 'update_cell', '--cell_uuid', cell1,
                               '--disable')
    assert (result.rc, result.out) == (0, 'Cell %s is already disabled\n'
                                       % cell1)
    assert deployment.manage('cell_v2', 'update_cell', '--cell_uuid', cell1,
                             '--enable').rc == 0
    assert deployment.manage('cell_v2', 'update_cell', '--cell_uuid', cell1,
                             '--enable', '--disable').rc == 4
    result = deployment.manage('cell_v2', 'update_cell', '--cell_uuid',
                               CELL0_UUID, '--disable')
    assert (result.rc, result.out) == (5, 'Cell0 cannot be disabled.\n')
    # Taking cell0's URLs collides with cell0.
    result = deployment.manage('cell_v2', 'update_cell', '--cell_uuid', cell1,
                               '--transport-url', 'none:///',
                               '--database_connection', deployment.cell0_url)
    assert result.rc == 3
    assert CELL0_UUID in result.out
    result = deployment.manage('cell_v2', 'update_cell', '--cell_uuid',
                               '6d9d63c8-25e3-4b6a-a4a4-7a8c3b1f2d11')
    assert result.rc == 1


def test_delete_cell_refusals_and_force(deployment):
    cell1 = deployment.setup_cells()
    deployment.add_compute_node('compute1')
    deployment.manage('cell_v2', 'discover_hosts')

    result = deployment.manage('cell_v2', 'delete_cell', '--cell_uuid',
                               'a6f8a1b0-0d7d-4b0e-9d3c-2f57c1f3e0aa')
    assert result.rc == 1
    assert 'was not found' in result.out

    result = deployment.manage('cell_v2', 'delete_cell', '--cell_uuid', cell1)
    assert result.rc == 2
    assert result.out == ('There are existing hosts mapped to cell with '
                          'uuid %s.\n' % cell1)

    # An instance mapping whose instance is still alive in the cell.
    inst = '0f0c6b5e-8c5a-4b8e-a1d7-1d8b1c2f3a4b'
    deployment.execute(
        deployment.api_url,
        "INSERT INTO instance_mappings (instance_uuid, cell_id, project_id, "
        "queued_for_delete, created_at) SELECT :i, id, 'p1', 0, "
        "CURRENT_TIMESTAMP FROM cell_mappings WHERE uuid = :c",
        i=inst, c=cell1)
    deployment.execute(
        deployment.main_url,
        "INSERT INTO instances (uuid, project_id, user_id, deleted, "
        "created_at) VALUES (:i, 'p1', 'u1', 0, CURRENT_TIMESTAMP)", i=inst)
    result = deployment.manage('cell_v2', 'delete_cell', '--cell_uuid', cell1,
                               '--force')
    assert result.rc == 3
    assert result.out == ('There are existing instances mapped to cell '
                          'with uuid %s.\n' % cell1)

    # The instance is deleted but its mapping remains.
    deployment.execute(deployment.main_url,
                       'UPDATE instances SET deleted = id')
    deployment.execute(deployment.api_url, 'DELETE FROM host_mappings')
    result = deployment.manage('cell_v2', 'delete_cell', '--cell_uuid', cell1)
    assert result.rc == 4
    assert 'archive_deleted_rows' in result.out

    # --force removes the mappings, unmaps nodes and deletes the cell.
    deployment.manage('cell_v2', 'discover_hosts')
    deployment.execute(deployment.main_url,
                       'UPDATE compute_nodes SET mapped = 1')
    deployment.execute(deployment.api_url,
                       "INSERT INTO host_mappings (cell_id, host) SELECT id, "
                       "'compute1' FROM cell_mappings WHERE uuid = :c",
                       c=cell1)
    result = deployment.manage('cell_v2', 'delete_cell', '--cell_uuid', cell1,
                               '--force')
    assert (result.rc, result.out) == (0, '')
    assert deployment.execute(deployment.api_url,
                              'SELECT uuid FROM cell_mappings') == [
        (CELL0_UUID,)]
    assert deployment.execute(deployment.api_url,
                              'SELECT COUNT(*) FROM host_mappings') == [(0,)]
    assert deployment.execute(deployment.api_url,
                              'SELECT COUNT(*) FROM instance_mappings') == [
        (0,)]
    assert deployment.execute(deployment.main_url,
                              'SELECT mapped FROM compute_nodes') == [(0,)]


def test_delete_empty_cell(deployment):
    cell1 = deployment.setup_cells()
    result = deployment.manage('cell_v2', 'delete_cell', '--cell_uuid', cell1)
    assert (result.rc, result.out) == (0, '')


# --- simple_cell_setup / verify_instance -------------------------------------

def test_simple_cell_setup(deployment):
    deployment.migrate(api=True, main=True)
    result = deployment.manage('cell_v2', 'simple_cell_setup')
    assert result.rc == 1
    assert 'No hosts found to map to cell, exiting.' in result.out

    deployment.add_compute_node('compute1')
    inst = '5e3c1a2b-9d8e-4f70-8a6b-0c1d2e3f4a5b'
    deployment.execute(
        deployment.main_url,
        "INSERT INTO instances (uuid, project_id, user_id, deleted, "
        "created_at) VALUES (:i, 'p1', 'u1', 0, CURRENT_TIMESTAMP)", i=inst)
    result = deployment.manage('cell_v2', 'simple_cell_setup')
    assert result.rc == 0, result
    assert 'Cell0 is already setup' in result.out
    cells = deployment.execute(deployment.api_url,
                               'SELECT uuid FROM cell_mappings ORDER BY id')
    assert len(cells) == 2
    cell = cells[1][0]
    result = deployment.manage('cell_v2', 'verify_instance', '--uuid', inst)
    assert result.rc == 0
    assert result.out == 'Instance %s is in cell: None (%s)\n' % (inst, cell)
    result = deployment.manage('cell_v2', 'simple_cell_setup')
    assert result.rc == 0
    assert 'All hosts are already mapped to cell(s), exiting.' in result.out


def test_verify_instance_unmapped(deployment):
    deployment.migrate()
    inst = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'
    result = deployment.manage('cell_v2', 'verify_instance', '--uuid', inst)
    assert result.rc == 1
    assert 'upgrade is incomplete' in result.out
    assert deployment.manage('cell_v2', 'verify_instance', '--uuid', inst,
                             '--quiet').out == ''


# --- command line and errors -------------------------------------------------

def test_bad_arguments_exit_2_with_one_line(deployment):
    result = deployment.manage('cell_v2', 'nope')
    assert result.rc == 2
    assert len(result.err.strip().splitlines()) == 1
    assert "invalid choice: 'nope'" in result.err
    result = deployment.manage('cell_v2', 'delete_cell')
    assert result.rc == 2
    assert 'the following arguments are required: --cell_uuid' in result.err
    result = deployment.manage('cell_v2')
    assert result.rc == 2
    assert 'a command is required' in result.err


def test_missing_config_file(deployment):
    deployment.conf_path.unlink()
    result = deployment.manage('cell_v2', 'list_cells')
    assert result.rc == 2
    assert 'nova.conf' in result.err
    assert 'Traceback' not in result.err


def test_database_error_is_one_clear_line(deployment):
    # The API database was never synced: no cell_mappings table.
    result = deployment.manage('cell_v2', 'list_cells')
    assert result.rc == 1
    assert result.out == ('ERROR: database error: no such table: '
                          'cell_mappings\n')
    assert 'Traceback' not in result.err


def test_mask_passwd_in_url():
    mask = common.mask_passwd_in_url
    assert mask('rabbit://u:p@h:5672/') == 'rabbit://u:****@h:5672/'
    assert mask('rabbit://u:p@h1,u:q@h2/v') == 'rabbit://u:****@h1,u:****@h2/v'
    assert mask('mysql+pymysql://root@/nova?unix_socket=/s') == \
        'mysql+pymysql://root@/nova?unix_socket=/s'
    assert mask('sqlite:////tmp/x.db') == 'sqlite:////tmp/x.db'
    assert mask('none:///') == 'none:///'


def test_python_m_with_config_file_after_command(deployment):
    deployment.setup_cells()
    env = dict(os.environ, PYTHONPATH=REPO_ROOT)
    proc = subprocess.run(
        [sys.executable, '-m', 'nova.cmd.manage', 'cell_v2', 'list_cells',
         '--config-file', str(deployment.conf_path)],
        capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert 'cell1' in proc.stdout and 'guest:****@' in proc.stdout
