"""[consoleauth]: console authorization tokens."""

from oslo_config import cfg

consoleauth_group = cfg.OptGroup('consoleauth', title='Console auth options')

consoleauth_opts = [
    cfg.IntOpt('token_ttl', default=600, min=0,
               deprecated_name='console_token_ttl',
               deprecated_group='DEFAULT',
               help="Seconds a console authorization token stays valid."),
]


def register_opts(conf):
    conf.register_group(consoleauth_group)
    conf.register_opts(consoleauth_opts, group=consoleauth_group)


def list_opts():
    return {consoleauth_group: consoleauth_opts}
