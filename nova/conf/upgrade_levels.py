"""[upgrade_levels]: RPC version caps for rolling upgrades.

Each option caps the RPC API version a client sends to that service; 'auto'
uses the lowest version any running service of that kind reports.
"""

from oslo_config import cfg

upgrade_group = cfg.OptGroup('upgrade_levels', title='Upgrade levels Options')

upgrade_levels_opts = [
    cfg.StrOpt('compute', help="Cap for compute RPC ('auto', a release "
                               "name or a version such as 5.0)."),
    cfg.StrOpt('cert', help="Cap for nova-cert RPC."),
    cfg.StrOpt('scheduler', help="Cap for scheduler RPC."),
    cfg.StrOpt('conductor', help="Cap for conductor RPC."),
    cfg.StrOpt('console', help="Cap for console RPC."),
    cfg.StrOpt('consoleauth', help="Cap for consoleauth RPC."),
    cfg.StrOpt('network', help="Cap for nova-network RPC."),
    cfg.StrOpt('baseapi', help="Cap for the base API used by every "
                               "service."),
]


def register_opts(conf):
    conf.register_group(upgrade_group)
    conf.register_opts(upgrade_levels_opts, group=upgrade_group)


def list_opts():
    return {upgrade_group: upgrade_levels_opts}
