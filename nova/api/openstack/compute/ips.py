"""Addresses of a server: ``/servers/{server_id}/ips[/{network_label}]``.

Read from the server's network info cache through the network API's model
(no call to the network service), grouped by network label.
"""

import webob.exc

from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova.i18n import _
from nova.network import api as network_api
from nova.policies import ips as policies


def _addresses(req, server_id, action):
    instance = servers.get_server(req, server_id, ['info_cache'])
    req.context.can(policies.POLICY_ROOT % action,
                    target={'project_id': instance.project_id})
    nw_info = network_api.get_network_api().get_instance_nw_info(
        req.context, instance)
    return {label: [{'version': a['version'], 'addr': a['addr']}
                    for a in entries]
            for label, entries in nw_info.labeled_ips().items()}


@wsgi.expected_errors(404)
def index(req, server_id):
    return {'addresses': _addresses(req, server_id, 'index')}


@wsgi.expected_errors(404)
def show(req, server_id, network_label):
    found = _addresses(req, server_id, 'show')
    if network_label not in found:
        raise webob.exc.HTTPNotFound(
            explanation=_("Instance is not a member of specified network"))
    return {network_label: found[network_label]}
