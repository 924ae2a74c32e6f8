"""The install guide's controller database steps, verbatim, on MariaDB.

    nova-manage api_db sync
    nova-manage cell_v2 map_cell0
    nova-manage cell_v2 create_cell --name=cell1 --verbose
    nova-manage db sync
    nova-manage cell_v2 list_cells
    (a compute node registers itself in the cell1 database)
    nova-manage cell_v2 discover_hosts --verbose

Each command runs as its own process (``python -m nova.cmd.manage``) with
``--config-file`` pointing at a nova.conf for fresh, uniquely named
databases: ``<prefix>nova_api``, ``<prefix>nova`` and ``<prefix>nova_cell0``
(the name map_cell0 derives from the ``[database]`` one).  MariaDB must be
running; the database fixture raises (it does not skip) when it is not.
"""

import os
import re
import subprocess
import sys
import uuid

import sqlalchemy as sa

from nova.tests.fixtures import database as db_fixtures

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
TRANSPORT_URL = 'rabbit://guest:guest@127.0.0.1:5672/'
UUID_RE = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-'
                     r'[0-9a-f]{12}$')


def _nova_manage(conf_path, *args):
    env = dict(os.environ, PYTHONPATH=REPO_ROOT)
    proc = subprocess.run(
        [sys.executable, '-m', 'nova.cmd.manage', '--config-file',
         str(conf_path)] + list(args),
        capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=300)
    assert 'Traceback' not in proc.stdout + proc.stderr, proc.stderr
    return proc


def _query(url, sql, **params):
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            result = conn.execute(sa.text(sql), params)
            return result.all() if result.returns_rows else None
    finally:
        engine.dispose()


def _table_rows(text):
    rows = [[c.strip() for c in line.strip('|').split('|')]
            for line in text.splitlines() if line.startswith('|')]
    return rows[0], rows[1:]


def test_seed003_controller_database_setup(tmp_path):
    names = ['nova_api', 'nova', 'nova_cell0']
    with db_fixtures.temp_mysql_databases(names) as urls:
        conf = tmp_path / 'nova.conf'
        conf.write_text(
            '[DEFAULT]\n'
            'transport_url = %s\n'
            '[api_database]\n'
            'connection = %s\n'
            '[database]\n'
            'connection = %s\n' % (TRANSPORT_URL, urls['nova_api'],
                                   urls['nova']))

        # su -s /bin/sh -c "nova-manage api_db sync" nova
        proc = _nova_manage(conf, 'api_db', 'sync')
        assert proc.returncode == 0, proc.stdout + proc.stderr

        # su -s /bin/sh -c "nova-manage cell_v2 map_cell0" nova
        proc = _nova_manage(conf, 'cell_v2', 'map_cell0')
        assert proc.returncode == 0, proc.stdout + proc.stderr
        cell0 = _query(urls['nova_api'],
                       "SELECT database_connection, transport_url FROM "
                       "cell_mappings WHERE name = 'cell0'")
        assert cell0 == [(urls['nova_cell0'], 'none:///')]

        # su -s /bin/sh -c "nova-manage cell_v2 create_cell --name=cell1
        #   --verbose" nova
        proc = _nova_manage(conf, 'cell_v2', 'create_cell', '--name=cell1',
                            '--verbose')
        assert proc.returncode == 0, proc.stdout + proc.stderr
        cell1_uuid = proc.stdout.strip()
        assert UUID_RE.match(cell1_uuid), proc.stdout

        # su -s /bin/sh -c "nova-manage db sync" nova  (cell1 and cell0)
        proc = _nova_manage(conf, 'db', 'sync')
        assert proc.returncode == 0, proc.stdout + proc.stderr
        for name in ('nova', 'nova_cell0'):
            tables = {row[0] for row in _query(urls[name], 'SHOW TABLES')}
            assert {'compute_nodes', 'services', 'instances'} <= tables

        # nova-manage cell_v2 list_cells
        proc = _nova_manage(conf, 'cell_v2', 'list_cells')
        assert proc.returncode == 0, proc.stdout + proc.stderr
        header, rows = _table_rows(proc.stdout)
        assert header == ['Name', 'UUID', 'Transport URL',
                          'Database Connection', 'Disabled']
        assert rows == [
            ['cell0', '00000000-0000-0000-0000-000000000000', 'none:///',
             urls['nova_cell0'], 'False'],
            ['cell1', cell1_uuid, 'rabbit://guest:****@127.0.0.1:5672/',
             urls['nova'], 'False'],
        ]

        # A nova-compute would now register itself in the cell1 database.
        _query(urls['nova'],
               "INSERT INTO services (host, `binary`, topic, report_count, "
               "disabled, deleted, version, created_at) VALUES "
               "('compute1', 'nova-compute', 'compute', 1, 0, 0, 22, NOW())")
        node_uuid = str(uuid.uuid4())
        _query(urls['nova'],
               "INSERT INTO compute_nodes (service_id, host, "
               "hypervisor_hostname, uuid, vcpus, memory_mb, local_gb, "
               "vcpus_used, memory_mb_used, local_gb_used, hypervisor_type, "
               "hypervisor_version, cpu_info, mapped, deleted, created_at) "
               "SELECT id, 'compute1', 'compute1', :u, 8, 16384, 100, 0, 0, "
               "0, 'QEMU', 2012000, '{}', 0, 0, NOW() FROM services "
               "WHERE host = 'compute1'", u=node_uuid)

        # su -s /bin/sh -c "nova-manage cell_v2 discover_hosts --verbose" nova
        proc = _nova_manage(conf, 'cell_v2', 'discover_hosts', '--verbose')
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert proc.stdout.splitlines() == [
            'Found 2 cell mappings.',
            'Skipping cell0 since it does not contain hosts.',
            "Getting computes from cell 'cell1': %s" % cell1_uuid,
            "Checking host mapping for compute host 'compute1': %s"
            % node_uuid,
            "Creating host mapping for compute host 'compute1': %s"
            % node_uuid,
            'Found 1 unmapped computes in cell: %s' % cell1_uuid,
        ]
        assert _query(urls['nova_api'],
                      'SELECT h.host, c.uuid FROM host_mappings h JOIN '
                      'cell_mappings c ON c.id = h.cell_id') == [
            ('compute1', cell1_uuid)]
        assert _query(urls['nova'], 'SELECT mapped FROM compute_nodes') == [
            (1,)]

        # Running it again maps nothing new.
        proc = _nova_manage(conf, 'cell_v2', 'discover_hosts', '--verbose')
        assert proc.returncode == 0
        assert proc.stdout.splitlines()[-1] == (
            'Found 0 unmapped computes in cell: %s' % cell1_uuid)
