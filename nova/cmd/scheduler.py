"""nova-scheduler: chooses the compute host for each request."""

import sys

from oslo_concurrency import processutils

import nova.conf
from nova import service

CONF = nova.conf.CONF


def main(argv=None):
    service.setup_service('nova-scheduler', argv)
    server = service.Service.create(binary='nova-scheduler',
                                    topic='scheduler')
    workers = CONF.scheduler.workers or processutils.get_worker_count()
    return service.serve(server, workers=workers)


if __name__ == '__main__':
    sys.exit(main())
