"""Zone bodies of os-availability-zone."""

from nova.api.openstack.compute.views import services as service_views


def zone(name, available, hosts=None):
    """One zone; ``hosts`` is None (shown as null) in the plain list and
    for unavailable zones."""
    return {'zoneName': name, 'zoneState': {'available': available},
            'hosts': hosts}


def service_state(service, up):
    """One service of a host in ``/detail``."""
    return {'available': up, 'active': not service.disabled,
            'updated_at': service_views.isotime(service.updated_at)}
