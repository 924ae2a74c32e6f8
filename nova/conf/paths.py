"""Paths: state_path and friends ([DEFAULT])."""

import os

from oslo_config import cfg

path_opts = [
    cfg.StrOpt('pybasedir',
               default=os.path.abspath(os.path.join(os.path.dirname(__file__),
                                                    '../../')),
               sample_default='<Path>',
               help="The directory where the nova python module is "
                    "installed."),
    cfg.StrOpt('bindir', default='$pybasedir/bin',
               help="The directory where nova binaries are installed."),
    cfg.StrOpt('state_path', default='$pybasedir',
               sample_default='$pybasedir',
               help="The top-level directory for maintaining nova's state "
                    "(instances, image cache, locks)."),
]


def state_path_def(*args):
    """``$state_path/<args>`` for use in other options' defaults."""
    return os.path.join('$state_path', *args)


def basedir_def(*args):
    """``$pybasedir/<args>``."""
    return os.path.join('$pybasedir', *args)


def bindir_def(*args):
    """``$bindir/<args>``."""
    return os.path.join('$bindir', *args)


def register_opts(conf):
    conf.register_opts(path_opts)


def list_opts():
    return {'DEFAULT': path_opts}
