"""Availability zones (os-availability-zone).

A zone is available when at least one enabled service is in it; a zone
whose services are all disabled is listed as unavailable.  Compute hosts
take their zones from the ``availability_zone`` metadata of their
aggregates (``[DEFAULT] default_availability_zone`` when none); all other
services are in ``[DEFAULT] internal_service_availability_zone``, which
only ``/detail`` (administrators) shows.
"""

import nova.conf
from nova.api.openstack.compute import services
from nova.api.openstack.compute.views import availability_zone as views
from nova.api.openstack import wsgi
from nova.policies import availability_zone as policies

CONF = nova.conf.CONF


def _zones(context):
    """(available zones, unavailable zones, enabled services), zones
    sorted by name."""
    found = services.all_services(context)
    enabled = [s for s, _c in found if not s.disabled]
    available = sorted(set(s.availability_zone for s in enabled))
    unavailable = sorted(
        set(s.availability_zone for s, _c in found if s.disabled) -
        set(available))
    return available, unavailable, enabled


@wsgi.expected_errors(())
def index(req):
    context = req.context
    context.can(policies.POLICY_ROOT % 'list')
    available, unavailable, _enabled = _zones(context)
    internal = CONF.internal_service_availability_zone
    return {'availabilityZoneInfo':
            [views.zone(name, True) for name in available
             if name != internal] +
            [views.zone(name, False) for name in unavailable
             if name != internal]}


@wsgi.expected_errors(())
def detail(req):
    context = req.context
    context.can(policies.POLICY_ROOT % 'detail', target={})
    available, unavailable, enabled = _zones(context)
    hosts = {}
    for service in enabled:
        if service.binary in services.API_BINARIES:
            continue
        zone_hosts = hosts.setdefault(service.availability_zone, {})
        zone_hosts.setdefault(service.host, {})[service.binary] = (
            views.service_state(service, services.is_up(service)))
    return {'availabilityZoneInfo':
            [views.zone(name, True, hosts.get(name, {}))
             for name in available] +
            [views.zone(name, False) for name in unavailable]}
