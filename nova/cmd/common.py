"""Small helpers shared by the nova-manage and nova-status commands.

Both tools parse their own command line with argparse and hand only the
oslo.config options (``--config-file``, ``--config-dir``, ``--debug``) to
``nova.config.parse_args``, so those options may appear anywhere on the
command line: ``nova-manage --config-file X cell_v2 list_cells`` and
``nova-manage cell_v2 list_cells --config-file X`` are the same.
"""

import argparse
import logging as std_logging
import sys
from urllib import parse as urlparse

from oslo_config import cfg

from nova import config
import nova.conf

CONF = nova.conf.CONF

# oslo.config options taking a value, and flags, that we pass through.
_CONF_VALUE_OPTS = ('--config-file', '--config-dir', '--log-file',
                    '--log-dir', '--log-config-append')
_CONF_FLAG_OPTS = ('--debug', '-d', '--nodebug')


def split_config_args(argv):
    """Split ``argv`` (without the program name) into (oslo args, rest)."""
    conf_args = []
    rest = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        name = arg.split('=', 1)[0]
        if name in _CONF_VALUE_OPTS:
            if '=' in arg:
                conf_args.append(arg)
            elif i + 1 < len(argv):
                conf_args.extend([arg, argv[i + 1]])
                i += 1
            else:
                raise CommandLineError('argument %s: expected one argument'
                                       % arg)
        elif arg in _CONF_FLAG_OPTS:
            conf_args.append(arg)
        elif arg == '--':
            rest.extend(argv[i:])
            break
        else:
            rest.append(arg)
        i += 1
    return conf_args, rest


class CommandLineError(Exception):
    """A bad command line, reported as one line and exit code 2."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but errors raise CommandLineError instead of exiting."""

    def error(self, message):
        raise CommandLineError('%s: error: %s' % (self.prog, message))


def add_config_help(parser):
    """Document the pass-through oslo.config options in --help."""
    group = parser.add_argument_group('configuration')
    group.add_argument('--config-file', metavar='PATH', action='append',
                       help='Path to a config file to use (may be repeated; '
                            'later files override earlier ones).')
    group.add_argument('--config-dir', metavar='DIR', action='append',
                       help='Path to a directory of *.conf files.')
    group.add_argument('--debug', '-d', action='store_true',
                       help='Log at DEBUG level.')


def load_config(prog, conf_args):
    """Parse the config files; return None, or the exit code on error.

    The reason has been printed (one line on stderr) when a code is
    returned.
    """
    try:
        config.parse_args([prog] + list(conf_args))
    except cfg.Error as e:
        err('%s: error: %s' % (prog, ' '.join(str(e).split())))
        return 2
    except SystemExit as e:
        # parse_args printed why and asked to exit.
        if isinstance(e.code, str):
            err(e.code)
            return 2
        return e.code or 2
    setup_logging = getattr(config, 'setup_logging', None)
    if setup_logging is not None:
        setup_logging(prog)
    if not CONF.debug:
        # alembic narrates every step at INFO; an operator running
        # "db sync" wants silence unless something goes wrong.
        std_logging.getLogger('alembic').setLevel(std_logging.WARNING)
    return None


def register_transport_opts(conf=CONF):
    """Make [DEFAULT] transport_url readable without creating a transport."""
    try:
        conf.transport_url
        return
    except cfg.NoSuchOptError:
        pass
    from oslo_messaging import transport as msg_transport
    conf.register_opts(msg_transport._transport_opts)


# oslo.messaging's own default: "rabbit://" with no host at all.
_LIBRARY_DEFAULT_TRANSPORT_URL = 'rabbit://'


def default_transport_url(conf=CONF):
    """[DEFAULT] transport_url when the operator set it, else None.

    oslo.messaging now defaults the option to ``rabbit://`` (localhost);
    like upstream nova-manage, a cell must not silently get that.
    """
    register_transport_opts(conf)
    # Compare with the library's default rather than asking oslo.config
    # where the value came from: its location record stays "override" after
    # clear_override(), which made this depend on what ran before.
    if conf.transport_url in (None, '', _LIBRARY_DEFAULT_TRANSPORT_URL):
        return None
    return conf.transport_url


def mask_passwd_in_url(url):
    """``scheme://user:****@host/...``: hide the password of a URL."""
    if not url:
        return url
    parsed = urlparse.urlsplit(url)
    # A URL may list several hosts (rabbit://u:p@h1,u:p@h2/): mask the
    # password of each user:password@host piece.
    pieces = []
    for chunk in parsed.netloc.split(','):
        if '@' in chunk:
            creds, host = chunk.rsplit('@', 1)
            if ':' in creds:
                creds = creds.split(':', 1)[0] + ':****'
            chunk = '%s@%s' % (creds, host)
        pieces.append(chunk)
    return unsplit_url(parsed._replace(netloc=','.join(pieces)))


def unsplit_url(parts):
    """Inverse of urlsplit that keeps ``scheme://`` for every scheme.

    urllib drops the ``//`` of schemes it does not know to have a netloc,
    which would turn ``sqlite:////abs/path`` into ``sqlite://abs/path`` and
    ``none:///`` into ``none:/``.
    """
    url = '%s://%s%s' % (parts.scheme, parts.netloc, parts.path)
    if parts.query:
        url += '?' + parts.query
    if parts.fragment:
        url += '#' + parts.fragment
    return url


def err(msg):
    print(msg, file=sys.stderr)
