"""nova's configuration options, one module per option group.

Every module here exposes ``register_opts(conf)`` and ``list_opts()``
(a dict of group name -> options, used by oslo-config-generator through
``nova.conf.opts``).  Option names, sections and defaults follow upstream
Nova so that an operator's existing nova.conf keeps working.
"""

from oslo_config import cfg

from nova.conf import api
from nova.conf import compute
from nova.conf import conductor
from nova.conf import database
from nova.conf import netconf
from nova.conf import paths
from nova.conf import scheduler
from nova.conf import service
from nova.conf import upgrade_levels

CONF = cfg.CONF

# The order matters only for readability of the generated sample.
ALL_MODULES = (
    api,
    compute,
    conductor,
    database,
    netconf,
    paths,
    scheduler,
    service,
    upgrade_levels,
)

for _module in ALL_MODULES:
    _module.register_opts(CONF)
