"""nova-conductor: the database proxy of nova-compute and the home of the
long task flows."""

import sys

from oslo_concurrency import processutils

import nova.conf
from nova import service

CONF = nova.conf.CONF


def main(argv=None):
    service.setup_service('nova-conductor', argv)
    server = service.Service.create(binary='nova-conductor',
                                    topic='conductor')
    workers = CONF.conductor.workers or processutils.get_worker_count()
    return service.serve(server, workers=workers)


if __name__ == '__main__':
    sys.exit(main())
