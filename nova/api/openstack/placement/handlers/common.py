"""Representations and query parsing shared by several handlers."""

from nova.api.openstack.placement import errors
from nova.api.openstack.placement import exception
from nova.api.openstack.placement.objects import resource_class
from nova.api.openstack.placement import util


def provider_url(req, uuid, suffix=''):
    return '%s/resource_providers/%s%s' % (req.script_name, uuid, suffix)


def provider_repr(req, provider):
    version = util.version(req)
    links = [util.link('self', provider_url(req, provider.uuid)),
             util.link('inventories',
                       provider_url(req, provider.uuid, '/inventories')),
             util.link('usages', provider_url(req, provider.uuid, '/usages'))]
    if version >= '1.1':
        links.append(util.link('aggregates', provider_url(
            req, provider.uuid, '/aggregates')))
    if version >= '1.6':
        links.append(util.link('traits', provider_url(
            req, provider.uuid, '/traits')))
    if version >= '1.11':
        links.append(util.link('allocations', provider_url(
            req, provider.uuid, '/allocations')))
    body = {'uuid': provider.uuid, 'name': provider.name,
            'generation': provider.generation, 'links': links}
    if version >= '1.14':
        body['parent_provider_uuid'] = provider.parent_uuid
        body['root_provider_uuid'] = provider.root_uuid
    return body


def parse_resources(text):
    """``VCPU:2,MEMORY_MB:512`` -> {'VCPU': 2, 'MEMORY_MB': 512}."""
    result = {}
    for item in text.split(','):
        name, sep, amount = item.strip().partition(':')
        try:
            value = int(amount)
        except ValueError:
            value = -1
        if not sep or not name or value < 1 or name in result:
            raise errors.HTTPError(
                400, 'Badly formed resources parameter. Expected resources '
                     'query string parameter in form: ?resources=VCPU:2,'
                     'MEMORY_MB:1024. Got: %s.' % text)
        result[name] = value
    return result


def resource_ids(session, amounts):
    """{rc name: amount} -> {rc id: amount}; 400 for an unknown class."""
    try:
        ids = resource_class.ids_of(session, amounts)
    except exception.ResourceClassNotFound as e:
        raise errors.HTTPError(
            400, 'Invalid resource class in resources parameter: %s'
                 % e.kwargs['name'])
    return {ids[name]: amount for name, amount in amounts.items()}
