"""nova-compute: drives the hypervisor; reaches the database only through
nova-conductor."""

import sys

from oslo_log import log as logging

import nova.conf
from nova.conductor import api as conductor_api
from nova.conductor import rpcapi as conductor_rpcapi
from nova import context
from nova.db import engine as db_engine
from nova.objects import base as objects_base
from nova import service

CONF = nova.conf.CONF
LOG = logging.getLogger('nova.compute')


def main(argv=None):
    service.setup_service('nova-compute', argv)
    if CONF.database.connection:
        LOG.warning('[database] connection is set but nova-compute never '
                    'uses it: all database work goes through nova-conductor')
    # From here on a direct database access is a bug and raises.
    db_engine.disable_db_access('nova-compute')
    objects_base.NovaObject.indirection_api = conductor_rpcapi.ConductorAPI()
    conductor_api.API().wait_until_ready(context.get_admin_context())
    server = service.Service.create(binary='nova-compute', topic='compute')
    return service.serve(server)


if __name__ == '__main__':
    sys.exit(main())
