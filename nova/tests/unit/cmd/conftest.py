"""A throw-away deployment on SQLite files for nova-manage/nova-status tests.

The API and cell schemas are migrated once per session into template files;
each test gets copies of them (``nova_api.sqlite``, ``nova.sqlite`` and,
where map_cell0 will look for it, ``nova_cell0.sqlite``) plus a nova.conf
pointing at them, and runs the commands in-process through their ``main``.
"""

import contextlib
import io
import os
import shutil
import uuid

import pytest
import sqlalchemy as sa

from nova.db import engine as db_engine
from nova.db import migration
import nova.conf

CONF = nova.conf.CONF

TRANSPORT_URL = 'rabbit://guest:s3cret@127.0.0.1:5672/'


def sqlite_url(path):
    return 'sqlite:///%s' % path


@pytest.fixture(scope='session')
def schema_templates(tmp_path_factory):
    """Migrated, empty API and cell databases to copy from."""
    d = tmp_path_factory.mktemp('nova-cmd-templates')
    api = d / 'api.sqlite'
    main = d / 'main.sqlite'
    migration.db_sync('api', url=sqlite_url(api))
    migration.db_sync('main', url=sqlite_url(main))
    return {'api': api, 'main': main}


class Result(object):
    def __init__(self, rc, out, err):
        self.rc = rc
        self.out = out
        self.err = err

    def __repr__(self):
        return 'Result(rc=%r, out=%r, err=%r)' % (self.rc, self.out,
                                                  self.err)


class Deployment(object):
    """SQLite databases + nova.conf in ``tmp_path``; run the CLIs on them."""

    def __init__(self, tmp_path, templates):
        self.dir = tmp_path
        self.templates = templates
        self.api_path = tmp_path / 'nova_api.sqlite'
        self.main_path = tmp_path / 'nova.sqlite'
        self.cell0_path = tmp_path / 'nova_cell0.sqlite'
        self.api_url = sqlite_url(self.api_path)
        self.main_url = sqlite_url(self.main_path)
        self.cell0_url = sqlite_url(self.cell0_path)
        self.conf_path = tmp_path / 'nova.conf'
        self.write_conf()

    def write_conf(self, transport_url=TRANSPORT_URL, extra=''):
        lines = ['[DEFAULT]']
        if transport_url:
            lines.append('transport_url = %s' % transport_url)
        lines += ['[api_database]', 'connection = %s' % self.api_url,
                  '[database]', 'connection = %s' % self.main_url]
        self.conf_path.write_text('\n'.join(lines) + '\n' + extra)

    def migrate(self, api=True, main=True, cell0=False):
        """Copy the migrated templates in place of the databases."""
        if api:
            shutil.copy(self.templates['api'], self.api_path)
        if main:
            shutil.copy(self.templates['main'], self.main_path)
        if cell0:
            shutil.copy(self.templates['main'], self.cell0_path)

    def _run(self, main, args):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = main([main.__module__] + ['--config-file',
                                           str(self.conf_path)] + list(args))
        return Result(rc, out.getvalue(), err.getvalue())

    def manage(self, *args):
        from nova.cmd import manage
        return self._run(manage.main, args)

    def status(self, *args):
        from nova.cmd import status
        return self._run(status.main, args)

    # --- direct database access for arranging and checking ------------------

    def execute(self, url, sql, **params):
        engine = sa.create_engine(url)
        try:
            with engine.begin() as conn:
                result = conn.execute(sa.text(sql), params)
                return result.all() if result.returns_rows else None
        finally:
            engine.dispose()

    def add_compute_node(self, host, url=None, node=None, mapped=0,
                         deleted=False):
        url = url or self.main_url
        self.execute(
            url,
            "INSERT INTO compute_nodes (host, hypervisor_hostname, uuid, "
            "vcpus, memory_mb, local_gb, vcpus_used, memory_mb_used, "
            "local_gb_used, hypervisor_type, hypervisor_version, cpu_info, "
            "mapped, deleted, created_at) VALUES (:host, :node, :uuid, 4, "
            "4096, 40, 0, 0, 0, 'fake', 1000, '{}', :mapped, 0, "
            "CURRENT_TIMESTAMP)",
            host=host, node=node or host, uuid=str(uuid.uuid4()),
            mapped=mapped)
        if deleted:
            self.execute(url, "UPDATE compute_nodes SET deleted = id "
                              "WHERE host = :host", host=host)

    def add_service(self, host, binary='nova-compute', url=None):
        self.execute(
            url or self.main_url,
            "INSERT INTO services (host, `binary`, topic, report_count, "
            "disabled, deleted, created_at) VALUES (:host, :binary, "
            "'compute', 0, 0, 0, CURRENT_TIMESTAMP)",
            host=host, binary=binary)

    def setup_cells(self):
        """api_db + cell0 + cell1 as the install guide does; cell1's uuid."""
        self.migrate(api=True, main=True, cell0=True)
        assert self.manage('cell_v2', 'map_cell0').rc == 0
        result = self.manage('cell_v2', 'create_cell', '--name', 'cell1',
                             '--verbose')
        assert result.rc == 0, result
        return result.out.strip()


@pytest.fixture
def deployment(tmp_path, schema_templates):
    dep = Deployment(tmp_path, schema_templates)
    try:
        yield dep
    finally:
        db_engine.dispose_all()
        CONF.reset()
        for name in os.listdir(tmp_path):
            if '.sqlite' in name:
                os.unlink(tmp_path / name)
