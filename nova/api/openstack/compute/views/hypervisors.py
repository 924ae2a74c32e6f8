"""Hypervisor bodies of os-hypervisors."""

from oslo_serialization import jsonutils

from nova.api.openstack import common

UUID_FOR_ID = '2.53'
_DETAIL_FIELDS = ('vcpus', 'memory_mb', 'local_gb', 'vcpus_used',
                  'memory_mb_used', 'local_gb_used', 'hypervisor_type',
                  'hypervisor_version', 'free_ram_mb', 'free_disk_gb',
                  'current_workload', 'running_vms', 'disk_available_least',
                  'host_ip')


class ViewBuilder(common.ViewBuilder):
    collection_name = 'os-hypervisors'


def cpu_info(req, node):
    """As stored (a JSON string) up to 2.27, decoded from 2.28."""
    if not req.api_version_request.matches('2.28'):
        return node.cpu_info
    if not node.cpu_info:
        return {}
    try:
        return jsonutils.loads(node.cpu_info)
    except ValueError:
        return node.cpu_info


def hypervisor(req, node, service, up, detail, servers=None, **extra):
    """One hypervisor: the summary, plus resources and its service with
    ``detail``, plus ``servers`` when there are any, plus ``extra``."""
    uuids = req.api_version_request.matches(UUID_FOR_ID)
    body = {
        'id': node.uuid if uuids else node.id,
        'hypervisor_hostname': node.hypervisor_hostname,
        'state': 'up' if up else 'down',
        'status': 'disabled' if service.disabled else 'enabled',
    }
    if detail:
        for field in _DETAIL_FIELDS:
            body[field] = getattr(node, field)
        body['cpu_info'] = cpu_info(req, node)
        body['service'] = {
            'id': service.uuid if uuids else service.id,
            'host': node.host,
            'disabled_reason': service.disabled_reason,
        }
    if servers:
        body['servers'] = [{'name': inst.name, 'uuid': inst.uuid}
                           for inst in servers]
    body.update(extra)
    return body
