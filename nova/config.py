"""Command-line and config-file parsing shared by every nova binary.

``parse_args(argv)`` parses the command line and nova.conf (oslo.config
searches ``~/.nova/``, ``~/``, ``/etc/nova/`` and ``/etc/`` for
``nova.conf`` and ``nova.conf.d`` unless ``--config-file``/``--config-dir``
are given), then reads every registered option once so that a bad value is
reported at start-up rather than the first time the option is used.  Any
configuration error is printed as a single line on stderr and the process
exits with status 2.

``setup_logging(binary)`` configures oslo.log for a daemon.
"""

import logging as std_logging
import os
import re
import sys
import warnings

# nova never uses eventlet, but importing oslo libraries that support it
# (oslo.messaging -> oslo.service) emits EventletDeprecationWarning.
warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')

from keystoneauth1 import exceptions as ks_exceptions  # noqa: E402
from keystoneauth1 import loading as ks_loading  # noqa: E402
from oslo_config import cfg  # noqa: E402
from oslo_log import log as logging  # noqa: E402

import nova.conf  # noqa: E402
from nova.conf import utils as confutils  # noqa: E402
from nova import version  # noqa: E402

CONF = nova.conf.CONF

# Groups whose keystoneauth1 auth plugin options nova registers right after
# parsing (they depend on ``auth_type``), so they are readable and checked
# at start-up.
KSA_AUTH_GROUPS = ('placement', 'cinder', 'neutron', 'keystone_authtoken')

# Third-party loggers that are too chatty at nova's default INFO level.
_EXTRA_DEFAULT_LOG_LEVELS = ['glanceclient=WARN', 'oslo.privsep.daemon=INFO',
                             'keystoneauth=WARN', 'stevedore=WARN']

_LOG_REGISTERED = set()

# oslo.config logs deprecated-option warnings while values are read, which
# parse_args does before logging is configured.  They are held here and
# replayed by setup_logging, so they reach the daemon's log, and an error
# exit stays a single line on stderr.
_HELD_RECORDS = []


class _HoldHandler(std_logging.Handler):
    def emit(self, record):
        _HELD_RECORDS.append(record)


def _hold_config_logs():
    logger = std_logging.getLogger('oslo_config')
    handler = _HoldHandler()
    logger.addHandler(handler)
    saved = logger.propagate
    logger.propagate = False
    return logger, handler, saved


def _release_config_logs(held):
    logger, handler, saved = held
    logger.removeHandler(handler)
    logger.propagate = saved


class ConfigError(Exception):
    """A configuration problem, already phrased for the operator."""


def register_logging_opts(conf=CONF):
    """Register oslo.log's options on ``conf`` (once per ConfigOpts)."""
    if id(conf) not in _LOG_REGISTERED:
        try:
            logging.register_options(conf)
        except cfg.ArgsAlreadyParsedError:
            # Someone parsed ``conf`` before nova.config was used (tests
            # do).  oslo.log adds command-line options, which needs an
            # unparsed ConfigOpts; parsing again starts with clear() anyway.
            conf.clear()
            logging.register_options(conf)
        _LOG_REGISTERED.add(id(conf))


def _prog(argv):
    if argv and argv[0]:
        return os.path.basename(argv[0])
    return 'nova'


def _fail(prog, message):
    sys.stderr.write('%s: error: %s\n' % (prog, message))
    sys.exit(2)


def _config_files(conf):
    """Every file oslo.config read, in the order values override."""
    files = list(conf.config_file or conf.default_config_files or [])
    dirs = list(conf.config_dir and [conf.config_dir] or
                conf.default_config_dirs or [])
    for directory in dirs:
        try:
            names = sorted(os.listdir(directory))
        except OSError:
            continue
        files.extend(os.path.join(directory, n) for n in names
                     if n.endswith('.conf'))
    return files


def _names_for(opt, group):
    """(section, key) pairs under which ``opt`` may appear in a file."""
    section = group or 'DEFAULT'
    names = [(section, opt.name), (section, opt.dest)]
    for dep in opt.deprecated_opts:
        names.append((dep.group or section, dep.name or opt.name))
    return names


def _parsed_files(conf):
    """[(path, {section: {key: [values]}})] for every readable file."""
    parsed = []
    for path in _config_files(conf):
        sections = {}
        try:
            cfg.ConfigParser(path, sections).parse()
        except Exception:
            continue
        parsed.append((path, sections))
    return parsed


def _find_source(parsed, opt, group):
    """The last config file setting ``opt`` and its raw value, if any."""
    found = (None, None)
    for path, sections in parsed:
        for section, key in _names_for(opt, group):
            for spelling in (key, key.replace('-', '_')):
                values = sections.get(section, {}).get(spelling)
                if values:
                    found = (path, values[-1])
    return found


_INT_RE = re.compile(r"invalid literal for int\(\) with base 10: (.*)$")


def _reason(opt, exc, raw):
    text = str(exc)
    if ' is not valid: ' in text:
        text = text.split(' is not valid: ', 1)[1]
    match = _INT_RE.search(text)
    if match:
        return '%s is not an integer' % (repr(raw) if raw is not None
                                         else match.group(1))
    if text.startswith('could not convert string to float'):
        return '%r is not a number' % (raw,)
    return text


_VAR_RE = re.compile(r'\$\{?([A-Za-z_][\w.]*)\}?')


def _substitution_reason(conf, raw, exc):
    unknown = []
    for var in _VAR_RE.findall(raw or ''):
        group, _, name = var.rpartition('.')
        try:
            if group:
                conf._get_opt_info(name, group)
            else:
                conf._get_opt_info(name)
        except cfg.NoSuchOptError:
            unknown.append('$' + var)
    if unknown:
        return 'unknown variable %s' % ', '.join(unknown)
    return 'cannot substitute variables: %s' % ' '.join(str(exc).split())


def _describe(opt_name, group):
    return '[%s] %s' % (group or 'DEFAULT', opt_name)


def _opt(conf, name, group):
    # oslo.config has no public accessor for the Opt object of a name.
    return conf._get_opt_info(name, group)['opt']


def _invalid(parsed, opt, group, reason):
    path, raw = _find_source(parsed, opt, group)
    where = ' in %s' % path if path else ''
    if callable(reason):
        reason = reason(raw)
    return ConfigError('invalid value for %s%s: %s' % (
        _describe(opt.name, group), where, reason))


def _all_opts(conf):
    """(group or None, name) for every registered option."""
    for name in sorted(conf.keys()):
        value = getattr(conf, name) if name in conf._groups else None
        if isinstance(value, cfg.ConfigOpts.GroupAttr):
            for opt_name in sorted(value):
                yield name, opt_name
        else:
            yield None, name


def validate(conf=CONF):
    """Read every registered option once; raise ConfigError if one fails.

    oslo.config converts values lazily, so without this a typo such as
    ``report_interval = abc`` would only surface when the option is first
    used, possibly hours after start-up.  Options set in the config files
    are checked first so that a bad ``$variable`` is blamed on the option
    that contains it rather than on one that merely refers to it.
    """
    parsed = _parsed_files(conf)
    entries = []
    for group, name in _all_opts(conf):
        opt = _opt(conf, name, group)
        in_file = _find_source(parsed, opt, group)[0] is not None
        entries.append((not in_file, group or '', name, group, opt))
    entries.sort(key=lambda e: e[:3])
    for _, _, name, group, opt in entries:
        try:
            if group is None:
                getattr(conf, name)
            else:
                conf[group][name]
        except (cfg.TemplateSubstitutionError, cfg.NoSuchOptError) as exc:
            raise _invalid(parsed, opt, group,
                           lambda raw: _substitution_reason(conf, raw, exc))
        except ValueError as exc:
            raise _invalid(parsed, opt, group,
                           lambda raw: _reason(opt, exc, raw))


def _auth_plugin_exists(name):
    # stevedore logs its own "Could not load" line for a missing plugin;
    # the caller reports the problem, so keep stderr to one line.
    stevedore_log = std_logging.getLogger('stevedore')
    level = stevedore_log.level
    stevedore_log.setLevel(std_logging.CRITICAL)
    try:
        ks_loading.get_plugin_loader(name)
    except ks_exceptions.NoMatchingPlugin:
        return False
    finally:
        stevedore_log.setLevel(level)
    return True


def register_auth_plugins(conf=CONF):
    """Register the options of each group's keystoneauth1 auth plugin."""
    for group in KSA_AUTH_GROUPS:
        if group == 'keystone_authtoken':
            if group not in conf.list_all_sections():
                continue
            # keystonemiddleware registers [keystone_authtoken] itself on
            # import; only the API needs it, so import it only when the
            # section is configured.
            try:
                import keystonemiddleware.auth_token  # noqa: F401
            except ImportError:
                continue
        if group not in conf._groups or 'auth_type' not in conf[group]:
            continue
        auth_type = conf[group].auth_type
        if not auth_type:
            continue
        if not _auth_plugin_exists(auth_type):
            raise _invalid(_parsed_files(conf),
                           _opt(conf, 'auth_type', group), group,
                           'no keystoneauth1 auth plugin named %r'
                           % auth_type)
        confutils.register_auth_plugin_opts(conf, group)


def _parse_error(exc):
    """One operator-facing line for an oslo.config parse failure."""
    if isinstance(exc, cfg.ConfigFilesNotFoundError):
        return 'cannot read config file %s: no such file' % (
            ', '.join(exc.config_files))
    if isinstance(exc, cfg.ConfigFilesPermissionDeniedError):
        return 'cannot read config file %s: permission denied' % (
            ', '.join(exc.config_files))
    if isinstance(exc, cfg.ConfigDirNotFoundError):
        return 'cannot read config directory %s: no such directory' % (
            exc.config_dir)
    if isinstance(exc, cfg.ConfigFileParseError):
        return 'cannot parse config file %s: %s' % (exc.config_file,
                                                     exc.msg)
    if isinstance(exc, cfg.RequiredOptError):
        return 'missing value for %s' % _describe(
            exc.opt_name, getattr(exc.group, 'name', None))
    return ' '.join(str(exc).split())


def _candidate_files(args, default_config_files):
    files = []
    for i, arg in enumerate(args):
        if arg == '--config-file' and i + 1 < len(args):
            files.append(args[i + 1])
        elif arg.startswith('--config-file='):
            files.append(arg.split('=', 1)[1])
    if not files:
        files = list(default_config_files or
                     cfg.find_config_files(project='nova'))
    return files


def _unreadable(args, default_config_files, exc):
    """Name the file that could not be read and why."""
    filename = getattr(exc, 'filename', None)
    if filename:
        return 'cannot read config file %s: %s' % (
            filename, exc.strerror or exc)
    for path in _candidate_files(args, default_config_files):
        try:
            with open(path, encoding='utf-8') as handle:
                handle.read()
        except OSError as err:
            return 'cannot read config file %s: %s' % (
                path, err.strerror or err)
        except UnicodeDecodeError as err:
            return 'cannot parse config file %s: not valid UTF-8 (%s)' % (
                path, err.reason)
    return 'cannot read config files: %s' % ' '.join(str(exc).split())


def parse_args(argv, default_config_files=None):
    """Parse ``argv`` (argv[0] is the program) and the config files.

    Exits with status 2 after printing one line to stderr when the
    configuration cannot be read or holds an invalid value.
    """
    prog = _prog(argv)
    held = _hold_config_logs()
    try:
        _parse_args(prog, argv, default_config_files)
    finally:
        _release_config_logs(held)


def _parse_args(prog, argv, default_config_files):
    register_logging_opts(CONF)
    logging.set_defaults(default_log_levels=(
        logging.get_default_log_levels() + _EXTRA_DEFAULT_LOG_LEVELS))
    try:
        CONF(argv[1:], project='nova', prog=prog,
             version=version.version_string(),
             default_config_files=default_config_files)
        register_auth_plugins(CONF)
        validate(CONF)
    except ConfigError as exc:
        _fail(prog, str(exc))
    except cfg.Error as exc:
        _fail(prog, _parse_error(exc))
    except (OSError, UnicodeDecodeError) as exc:
        # oslo.config lets these escape from the file it was reading.
        _fail(prog, _unreadable(argv[1:], default_config_files, exc))


def setup_logging(binary, conf=CONF):
    """Configure oslo.log for the process ``binary`` (e.g. nova-compute).

    * neither ``log_file`` nor ``log_dir``: log to stderr;
    * ``log_dir`` only: ``<log_dir>/<binary>.log``;
    * ``log_file`` (optionally relative to ``log_dir``): that file.

    ``debug`` and the other oslo.log options are honoured by oslo.log.
    """
    register_logging_opts(conf)
    if not conf.log_file and conf.log_dir:
        conf.set_default('log_file', '%s.log' % binary)
    if not (conf.log_file or conf.log_dir or conf.use_journal or
            conf.use_syslog):
        conf.set_default('use_stderr', True)
    logging.setup(conf, 'nova', version=version.version_string())
    while _HELD_RECORDS:
        record = _HELD_RECORDS.pop(0)
        std_logging.getLogger(record.name).handle(record)
    return logging.getLogger(binary)
