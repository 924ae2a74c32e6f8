"""Command-line and config-file parsing shared by every nova binary."""

from oslo_log import log as logging

import nova.conf
from nova import version

CONF = nova.conf.CONF

_LOG_REGISTERED = False


def register_logging_opts(conf=CONF):
    global _LOG_REGISTERED
    if not _LOG_REGISTERED:
        logging.register_options(conf)
        _LOG_REGISTERED = True


def parse_args(argv, default_config_files=None):
    """Parse ``argv`` (argv[0] is the program) and the config files."""
    register_logging_opts(CONF)
    CONF(argv[1:], project='nova', version=version.version_string(),
         default_config_files=default_config_files)
