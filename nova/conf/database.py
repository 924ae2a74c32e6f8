"""[database] (the cell database) and [api_database] (the API database).

Option names match oslo.db's so an existing nova.conf is read unchanged.
"""

from oslo_config import cfg

database_group = cfg.OptGroup('database', title='Cell database options',
                              help="The cell database: ``nova`` for cell1 "
                                   "or ``nova_cell0``.  nova-compute must "
                                   "not set it.")
api_db_group = cfg.OptGroup('api_database', title='API database options',
                            help="The API database (``nova_api``), used by "
                                 "nova-api, nova-scheduler, nova-conductor "
                                 "and nova-manage.")


def _db_opts():
    return [
        cfg.StrOpt('connection', secret=True,
                   help="The SQLAlchemy URL of the database, for example "
                        "mysql+pymysql://nova:PASS@controller/nova."),
        cfg.StrOpt('slave_connection', secret=True,
                   help="A read-only replica's SQLAlchemy URL (accepted "
                        "for compatibility; reads use ``connection``)."),
        cfg.StrOpt('mysql_sql_mode', default='TRADITIONAL',
                   help="The SQL mode for MySQL sessions."),
        cfg.IntOpt('connection_recycle_time', default=3600,
                   help="Connections idle longer than this many seconds "
                        "are replaced on next use."),
        cfg.IntOpt('max_pool_size', default=5, min=0,
                   help="Connections kept open in the pool."),
        cfg.IntOpt('max_overflow', default=10, min=0,
                   help="Connections allowed beyond max_pool_size.  "
                        "oslo.db's default of 50 lets every worker of "
                        "every daemon open 55 connections per database, "
                        "which a boot burst turns into MariaDB's "
                        "'Too many connections' (max_connections is 151 "
                        "by default); past this bound a thread waits "
                        "for a pooled connection instead."),
        cfg.IntOpt('pool_timeout', default=30, min=1,
                   help="Seconds a thread waits for a pooled connection "
                        "(and keeps retrying a refused new connection) "
                        "before the request fails."),
        cfg.IntOpt('max_retries', default=10, min=-1,
                   help="Attempts to open the first connection at start-up "
                        "(-1 retries forever)."),
        cfg.IntOpt('retry_interval', default=10,
                   help="Seconds between those attempts."),
        cfg.IntOpt('connection_debug', default=0, min=0, max=100,
                   help="SQL debug level: 0 none, 50 statements, 100 "
                        "everything."),
        cfg.BoolOpt('connection_trace', default=False,
                    help="Add Python stack traces to SQL as comments."),
        cfg.BoolOpt('sqlite_synchronous', default=True,
                    help="Use synchronous mode for SQLite."),
    ]


def register_opts(conf):
    conf.register_group(database_group)
    conf.register_opts(_db_opts(), group=database_group)
    conf.register_group(api_db_group)
    conf.register_opts(_db_opts(), group=api_db_group)


def list_opts():
    return {database_group: _db_opts(), api_db_group: _db_opts()}
