"""Port interfaces of a server: ``/servers/{server_id}/os-interface``
(list, show, attach, detach; ``tag`` from 2.49).

Every call goes through the network API (``nova.network.api``).  Ports
belong to neutron: with nova-network the network API raises
NotImplementedError, answered as upstream with 501 "Network driver does
not support this function." once the request itself has been checked
(body, server, policy, lock and state).
"""

import webob.exc

from nova.api.openstack.compute.schemas import attach_interfaces as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova.api import validation
from nova.compute import api_common
from nova.compute import vm_states
from nova import exception
from nova.i18n import _
from nova.network import api as network_api
from nova.policies import attach_interfaces as policies

_NOT_SUPPORTED = _("Network driver does not support this function.")
_ATTACH_STATES = [vm_states.ACTIVE, vm_states.PAUSED, vm_states.STOPPED]


def _instance(req, server_id, rule):
    instance = servers.get_server(req, server_id, [])
    req.context.can(rule, target={'project_id': instance.project_id})
    return instance


def _view(port):
    return {
        'net_id': port.get('network_id'), 'port_id': port.get('id'),
        'mac_addr': port.get('mac_address'),
        'port_state': port.get('status'),
        'fixed_ips': [{'subnet_id': ip.get('subnet_id'),
                       'ip_address': ip.get('ip_address')}
                      for ip in port.get('fixed_ips') or []],
    }


def _network_call(func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except NotImplementedError:
        raise webob.exc.HTTPNotImplemented(explanation=_NOT_SUPPORTED)
    except exception.NotImplementedYet as e:
        raise webob.exc.HTTPNotImplemented(explanation=e.format_message())


class _Changes(object):
    """Attach and detach, behind the same lock and state checks as the
    other server actions (409 when locked or not ACTIVE/PAUSED/SHUTOFF
    without a task)."""

    @api_common.check_instance_lock
    @api_common.check_instance_state(vm_state=_ATTACH_STATES,
                                     action='attach_interface')
    def attach(self, context, instance, network_id, port_id, requested_ip,
               tag):
        return _network_call(
            network_api.get_network_api().allocate_port_for_instance,
            context, instance, port_id, network_id=network_id,
            requested_ip=requested_ip, bind_host_id=instance.host, tag=tag)

    @api_common.check_instance_lock
    @api_common.check_instance_state(vm_state=_ATTACH_STATES,
                                     action='detach_interface')
    def detach(self, context, instance, port_id):
        _network_call(
            network_api.get_network_api().deallocate_port_for_instance,
            context, instance, port_id)


_CHANGES = _Changes()


@wsgi.expected_errors((404, 501))
def index(req, server_id):
    instance = _instance(req, server_id, policies.BASE_POLICY_NAME)
    found = _network_call(network_api.get_network_api().list_ports,
                          req.context, device_id=instance.uuid)
    return {'interfaceAttachments': [_view(p)
                                     for p in found.get('ports', [])]}


@wsgi.expected_errors((403, 404, 501))
def show(req, server_id, port_id):
    instance = _instance(req, server_id, policies.BASE_POLICY_NAME)
    port = _network_call(network_api.get_network_api().show_port,
                         req.context, port_id).get('port') or {}
    if port.get('device_id') != instance.uuid:
        raise webob.exc.HTTPNotFound(explanation=_(
            "Port id %s could not be found.") % port_id)
    return {'interfaceAttachment': _view(port)}


@wsgi.expected_errors((400, 404, 409, 500, 501))
@validation.schema(schema.create, '2.1', '2.48')
@validation.schema(schema.create_v249, '2.49')
def create(req, server_id, body=None):
    instance = _instance(req, server_id, policies.POLICY_ROOT % 'create')
    values = (body or {}).get('interfaceAttachment') or {}
    network_id = values.get('net_id')
    port_id = values.get('port_id')
    fixed_ips = values.get('fixed_ips')
    if network_id and port_id:
        raise webob.exc.HTTPBadRequest(explanation=_(
            "Must not input both network_id and port_id"))
    if fixed_ips and not network_id:
        raise webob.exc.HTTPBadRequest(explanation=_(
            "Must input network_id when request IP address"))
    requested_ip = fixed_ips[0]['ip_address'] if fixed_ips else None
    vif = _CHANGES.attach(req.context, instance, network_id, port_id,
                          requested_ip, values.get('tag'))
    return show(req, server_id, vif['id'])


@wsgi.response(202)
@wsgi.expected_errors((404, 409, 501))
def delete(req, server_id, port_id):
    instance = _instance(req, server_id, policies.POLICY_ROOT % 'delete')
    _CHANGES.detach(req.context, instance, port_id)
