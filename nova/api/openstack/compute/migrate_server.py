"""Moving servers: ``migrate`` (cold) and ``os-migrateLive``."""

from oslo_utils import strutils
import webob.exc

from nova.api.openstack.compute.schemas import servers as schema
from nova.api.openstack.compute import server_actions
from nova.api.openstack import wsgi
from nova.api import validation
from nova import exception
from nova.i18n import _
from nova.policies import migrate_server as policies

COMPUTE_API = server_actions.COMPUTE_API


@wsgi.response(202)
@wsgi.expected_errors((400, 403, 404, 409))
def migrate(req, server_id, body):
    instance = server_actions.instance_for_action(
        req, server_id, policies.POLICY_ROOT % 'migrate')
    with server_actions.no_host_is_bad_request():
        COMPUTE_API.resize(req.context, instance, None)


@wsgi.response(202)
@wsgi.expected_errors((400, 404, 409))
@validation.schema(schema.migrate_live, '2.0', '2.24')
@validation.schema(schema.migrate_live_v225, '2.25', '2.29')
@validation.schema(schema.migrate_live_v230, '2.30')
def migrate_live(req, server_id, body):
    instance = server_actions.instance_for_action(
        req, server_id, policies.POLICY_ROOT % 'migrate_live')
    values = body['os-migrateLive']
    block = values.get('block_migration')
    if block == 'auto':
        block = None
    else:
        block = strutils.bool_from_string(block, strict=True)
    disk_over_commit = values.get('disk_over_commit')
    if disk_over_commit is not None:
        disk_over_commit = strutils.bool_from_string(disk_over_commit,
                                                     strict=True)
    host = values.get('host')
    # Before 2.30 a named host is used as it is (no scheduler check).
    force = None
    if req.api_version_request.matches('2.30'):
        force = strutils.bool_from_string(values.get('force', False))
    if force and not host:
        raise webob.exc.HTTPBadRequest(
            explanation=_("Can't force to a non-provided destination"))
    try:
        COMPUTE_API.live_migrate(
            req.context, instance, block, disk_over_commit, host,
            force=force, async_=req.api_version_request.matches('2.34'))
    except (exception.ComputeHostNotFound, exception.NoValidHost,
            exception.ComputeServiceUnavailable,
            exception.MigrationPreCheckError) as e:
        # The destination is part of the request: a bad one, or one that
        # fails conductor's pre-checks (before 2.34), is a 400.
        raise webob.exc.HTTPBadRequest(explanation=e.format_message())


ACTIONS = {
    'migrate': migrate,
    'os-migrateLive': migrate_live,
}
