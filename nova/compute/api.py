"""In-process facade of the compute service for nova-api and others.

``HostAPI`` covers the service records of compute hosts; the server
(instance) API comes with the Compute API work.
"""

from nova import exception
from nova import objects
from nova import servicegroup


class HostAPI(object):
    """Services and compute nodes as the os-services/os-hypervisors APIs
    see them."""

    def __init__(self):
        self.servicegroup_api = servicegroup.API()

    def service_get_all(self, context, filters=None):
        """Services of this cell, with an ``up`` flag from heartbeats."""
        filters = filters or {}
        services = objects.ServiceList.get_all(
            context, disabled=filters.get('disabled'))
        result = []
        for service in services:
            if filters.get('host') and service.host != filters['host']:
                continue
            if (filters.get('binary') and
                    service.binary != filters['binary']):
                continue
            result.append((service, self.servicegroup_api.is_up(service)))
        return result

    def service_update(self, context, host, binary, values):
        service = objects.Service.get_by_host_and_binary(context, host,
                                                         binary)
        if service is None:
            raise exception.HostBinaryNotFound(host=host, binary=binary)
        for key, value in values.items():
            setattr(service, key, value)
        service.save()
        return service
