#!/usr/bin/env python3
"""What one small statement costs our processes, layer by layer.

Against a fresh migrated MariaDB API database (``--backend postgresql``
for PostgreSQL), one trivial read (a project's quota limits: two columns
by key, no row found) with its COMMIT, run many times through each layer
a daemon may use, and the client's CPU time per call printed (the
server's time is not counted):

* ``orm, built per call``: ``nova.db.engine.api_session()`` and a
  statement on the mapped class built at every call (what most reads
  did before statements were built once);
* ``orm, built once``: the same with the statement built once;
* ``orm, on the table``: the same on the table's columns (the session
  then skips the ORM's compile step);
* ``core connection``: a Core connection from the same engine;
* ``driver alone``: the DBAPI cursor of a pooled connection;
* ``new connection``: a Core connection opened for the call and thrown
  away (what a pool's overflow connection costs on top).

    python tools/bench/statement_cost.py [--calls 2000] [--backend mysql]
"""

import argparse
import os
import resource
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))


def _cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _layers(models, sa):
    quota = models.Quota
    table = quota.__table__
    orm_once = (sa.select(quota.resource, quota.hard_limit)
                .where(quota.project_id == sa.bindparam('p')))
    core_once = (sa.select(table.c.resource, table.c.hard_limit)
                 .where(table.c.project_id == sa.bindparam('p')))
    from nova.db import engine as db
    bound = db.get_engine(db.api_url())
    raw_sql = ('SELECT resource, hard_limit FROM quotas '
               'WHERE project_id = %s')

    def orm_per_call():
        with db.api_session() as session:
            return session.execute(
                sa.select(quota.resource, quota.hard_limit)
                .filter_by(project_id='p')).all()

    def orm_built_once():
        with db.api_session() as session:
            return session.execute(orm_once, {'p': 'p'}).all()

    def orm_on_table():
        with db.api_session() as session:
            return session.execute(core_once, {'p': 'p'}).all()

    def core_connection():
        with bound.connect() as conn:
            rows = conn.execute(core_once, {'p': 'p'}).all()
            conn.commit()
            return rows

    def driver_alone():
        with bound.connect() as conn:
            cursor = conn.connection.cursor()
            cursor.execute(raw_sql, ('p',))
            rows = cursor.fetchall()
            conn.commit()
            return rows

    def new_connection():
        with bound.connect() as conn:
            rows = conn.execute(core_once, {'p': 'p'}).all()
            conn.commit()
            conn.invalidate()
            return rows

    return [('orm, built per call', orm_per_call),
            ('orm, built once', orm_built_once),
            ('orm, on the table', orm_on_table),
            ('core connection', core_connection),
            ('driver alone', driver_alone),
            ('new connection', new_connection)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--backend', default='mysql',
                        choices=('mysql', 'postgresql'))
    parser.add_argument('--calls', type=int, default=2000)
    parser.add_argument('--rounds', type=int, default=2)
    args = parser.parse_args(argv)
    import sqlalchemy as sa

    from nova.db.api import models
    from nova.db import engine
    from nova.tests.fixtures import database as db_fixtures
    from nova.tests.unit.api import fixtures
    fixtures.ensure_config_parsed()
    import nova.conf
    conf = nova.conf.CONF
    with tempfile.TemporaryDirectory() as tmp, \
            db_fixtures.synced_databases(args.backend, tmp) as urls:
        conf.set_override('connection', urls['api'], group='api_database')
        try:
            layers = _layers(models, sa)
            for round_ in range(args.rounds):
                for name, call in layers:
                    calls = args.calls // 4 if name == 'new connection' \
                        else args.calls
                    for _i in range(min(200, calls)):
                        call()
                    cpu, wall = _cpu(), time.perf_counter()
                    for _i in range(calls):
                        call()
                    cpu = (_cpu() - cpu) / calls * 1e6
                    wall = (time.perf_counter() - wall) / calls * 1e6
                    print('round %d  %-22s CPU %7.1f us  wall %7.1f us'
                          % (round_ + 1, name, cpu, wall))
                    sys.stdout.flush()
        finally:
            conf.clear_override('connection', group='api_database')
            engine.dispose_all()
    return 0


if __name__ == '__main__':
    sys.exit(main())
