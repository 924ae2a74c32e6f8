"""The network API: the in-process facade every caller uses.

``get_network_api()`` picks the implementation from ``[DEFAULT]
use_neutron``:

* False: :class:`API`, nova-network.  Today it reads what the info cache
  holds; nova-network's managers (Flat, FlatDHCP, VLAN) and the
  ``network`` RPC topic they serve come in a later issue, and this class
  will forward allocation to them.  nova-network has no ports, so the
  port calls (os-interface) raise NotImplementedError, which the API
  answers with 501 "Network driver does not support this function." as
  upstream does.
* True: :class:`NeutronAPI`, which is not built: its port calls say so
  with a 501 (NotImplementedYet).
"""

import nova.conf
from nova import exception
from nova.network import model
from nova import objects

CONF = nova.conf.CONF


class API(object):
    """nova-network, as far as callers see it."""

    def get_instance_nw_info(self, context, instance):
        """The server's network info from its cache (a NetworkInfo)."""
        if instance.obj_attr_is_set('info_cache'):
            cache = instance.info_cache
        else:
            try:
                cache = objects.InstanceInfoCache.get_by_instance_uuid(
                    context, instance.uuid)
            except exception.InstanceInfoCacheNotFound:
                cache = None
        if cache is None:
            return model.NetworkInfo()
        return model.NetworkInfo.hydrate(cache.network_info)

    # Ports are a neutron concept: nova-network cannot list, show, create
    # or delete them.

    def list_ports(self, context, **search_opts):
        raise NotImplementedError()

    def show_port(self, context, port_id):
        raise NotImplementedError()

    def allocate_port_for_instance(self, context, instance, port_id,
                                   network_id=None, requested_ip=None,
                                   bind_host_id=None, tag=None):
        raise NotImplementedError()

    def deallocate_port_for_instance(self, context, instance, port_id):
        raise NotImplementedError()


class NeutronAPI(API):
    """Neutron: not implemented in this nova; port calls answer 501."""

    def _not_built(self, *args, **kwargs):
        raise exception.NotImplementedYet(what='Neutron networking')

    list_ports = show_port = _not_built
    allocate_port_for_instance = deallocate_port_for_instance = _not_built


def get_network_api():
    """The network API this deployment is configured for."""
    return NeutronAPI() if CONF.use_neutron else API()
