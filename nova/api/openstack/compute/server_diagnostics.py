"""Hypervisor diagnostics of a server (``/servers/{id}/diagnostics``):
the driver's free-form dict up to 2.47, the standard form from 2.48."""

from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova.policies import server_diagnostics as policies

_V248_KEYS = ('state', 'driver', 'hypervisor', 'hypervisor_os', 'uptime',
              'config_drive', 'num_cpus', 'num_nics', 'num_disks',
              'cpu_details', 'nic_details', 'disk_details',
              'memory_details')


def _diagnostics(req, server_id):
    instance = servers.get_server(req, server_id, [])
    req.context.can(policies.BASE_POLICY_NAME,
                    target={'project_id': instance.project_id})
    return servers.COMPUTE_API.get_diagnostics(req.context, instance) or {}


@wsgi.api_version('2.1', '2.47')
@wsgi.expected_errors((404, 409, 501))
def index(req, server_id):
    return _diagnostics(req, server_id)


@wsgi.api_version('2.48')
@wsgi.expected_errors((404, 409, 501))
def index_v248(req, server_id):
    found = _diagnostics(req, server_id)
    if hasattr(found, 'obj_to_primitive'):
        found = found.obj_to_primitive().get('nova_object.data', {})
    body = {key: found.get(key) for key in _V248_KEYS}
    for key in ('cpu_details', 'nic_details', 'disk_details'):
        body[key] = body[key] or []
    body['memory_details'] = body['memory_details'] or {
        'maximum': None, 'used': None}
    return body
