"""Migrations of every server, in every cell (``GET /os-migrations``).

Filters: ``host`` (source or destination), ``source_compute``,
``status``, ``instance_uuid`` and ``migration_type``; hidden migrations
(the bookkeeping rows of some moves) are never listed.  Newest first.
2.23 adds ``migration_type`` and, for live migrations in progress, links
to ``/servers/{id}/migrations/{id}``.  (Paging came in 2.59, beyond this
API.)
"""

import datetime

from nova.api.openstack.compute import services
from nova.api.openstack.compute.views import migrations as views
from nova.api.openstack import wsgi
from nova.objects import migration as migration_obj
from nova.policies import migrations as policies

_FILTERS = ('host', 'source_compute', 'status', 'instance_uuid',
            'migration_type')


def _newest_first(mig):
    created = mig.created_at
    return (created.replace(tzinfo=None) if created
            else datetime.datetime.min, mig.id)


@wsgi.expected_errors(())
def index(req):
    context = req.context
    context.can(policies.POLICY_ROOT % 'index')
    filters = {key: req.params[key] for key in _FILTERS
               if req.params.get(key)}
    filters['hidden'] = False
    found = []
    for cctxt in services.each_cell(context):
        found.extend(migration_obj.MigrationList.get_by_filters(
            cctxt, filters))
    found.sort(key=_newest_first, reverse=True)
    return {'migrations': [views.migration(req, m) for m in found]}
