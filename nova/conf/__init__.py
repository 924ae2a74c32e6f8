"""nova's configuration options, one module per option group.

Every module here exposes ``register_opts(conf)`` and ``list_opts()``
(a dict of group name -> options, used by oslo-config-generator through
``nova.conf.opts``).  Option names, sections and defaults follow upstream
Nova so that an operator's existing nova.conf keeps working.

Options owned by oslo libraries (oslo.log, oslo.messaging, oslo.policy,
oslo.middleware, keystonemiddleware) are registered by those libraries and
listed in the sample through their own generator namespaces; see
tools/config/nova-config-generator.conf.  The one exception registered
here is [oslo_concurrency], because nova reads ``lock_path`` directly.
"""

import warnings

# Importing oslo.messaging pulls in oslo.service's eventlet backend, which
# warns that eventlet is deprecated.  nova never uses eventlet.  nova.conf
# is imported by nearly everything, so this is the earliest place we own.
warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')

from oslo_concurrency import opts as concurrency_opts  # noqa: E402
from oslo_config import cfg  # noqa: E402

from nova.conf import api  # noqa: E402
from nova.conf import base  # noqa: E402
from nova.conf import cells  # noqa: E402
from nova.conf import cinder  # noqa: E402
from nova.conf import compute  # noqa: E402
from nova.conf import conductor  # noqa: E402
from nova.conf import console  # noqa: E402
from nova.conf import consoleauth  # noqa: E402
from nova.conf import crypto  # noqa: E402
from nova.conf import database  # noqa: E402
from nova.conf import ephemeral_storage  # noqa: E402
from nova.conf import glance  # noqa: E402
from nova.conf import key_manager  # noqa: E402
from nova.conf import libvirt  # noqa: E402
from nova.conf import netconf  # noqa: E402
from nova.conf import network  # noqa: E402
from nova.conf import neutron  # noqa: E402
from nova.conf import notifications  # noqa: E402
from nova.conf import paths  # noqa: E402
from nova.conf import placement  # noqa: E402
from nova.conf import quota  # noqa: E402
from nova.conf import scheduler  # noqa: E402
from nova.conf import serial_console  # noqa: E402
from nova.conf import service  # noqa: E402
from nova.conf import spice  # noqa: E402
from nova.conf import upgrade_levels  # noqa: E402
from nova.conf import vmware  # noqa: E402
from nova.conf import vnc  # noqa: E402
from nova.conf import workarounds  # noqa: E402
from nova.conf import wsgi  # noqa: E402
from nova.conf import xenserver  # noqa: E402

CONF = cfg.CONF

# The order matters only for readability; the sample is sorted by group.
ALL_MODULES = (
    api,
    base,
    cells,
    cinder,
    compute,
    conductor,
    console,
    consoleauth,
    crypto,
    database,
    ephemeral_storage,
    glance,
    key_manager,
    libvirt,
    netconf,
    network,
    neutron,
    notifications,
    paths,
    placement,
    quota,
    scheduler,
    serial_console,
    service,
    spice,
    upgrade_levels,
    vmware,
    vnc,
    workarounds,
    wsgi,
    xenserver,
)


def register_library_opts(conf):
    """Options of oslo libraries that nova reads itself at start-up.

    [oslo_concurrency] comes from oslo.concurrency's own option list (the
    sample gets it from the ``oslo.concurrency`` namespace, so nova's
    list_opts leaves it out).
    """
    for group, opts in concurrency_opts.list_opts():
        conf.register_opts(opts, group=group)


def _register_own_groups(conf, module):
    """Give ``conf`` groups of its own for the module's option groups.

    oslo.config registers a shallow copy of an OptGroup, so every
    ConfigOpts that registers the same module-level group shares its table
    of options, and with it each ``set_override``: an override on the
    global CONF would show in a private ConfigOpts (a checker's, a test's).
    A group built here first makes the module's own ``register_group`` a
    no-op.
    """
    # The module's own attributes, not its list_opts(): some of those
    # load keystoneauth's plugins to list their options.
    for group in vars(module).values():
        if isinstance(group, cfg.OptGroup):
            conf.register_group(cfg.OptGroup(
                group.name, title=group.title, help=group.help,
                dynamic_group_owner=group.dynamic_group_owner,
                driver_option=group.driver_option))


def register_all(conf):
    for module in ALL_MODULES:
        _register_own_groups(conf, module)
        module.register_opts(conf)
    register_library_opts(conf)


register_all(CONF)
