"""Service bodies as os-services returns them."""


def isotime(value):
    """A timestamp as the API has always shown it (naive UTC, with
    microseconds: ``2017-06-01T10:20:30.000000``), or None."""
    if value is None:
        return None
    return value.replace(tzinfo=None).strftime('%Y-%m-%dT%H:%M:%S.%f')


def detail(req, service, up):
    """One service of ``GET /os-services`` (and of ``PUT`` from 2.53)."""
    version = req.api_version_request
    body = {
        'id': service.uuid if version.matches('2.53') else service.id,
        'binary': service.binary,
        'host': service.host,
        'zone': service.availability_zone,
        'status': 'disabled' if service.disabled else 'enabled',
        'state': 'up' if up else 'down',
        'updated_at': isotime(service.updated_at),
        'disabled_reason': service.disabled_reason,
    }
    if version.matches('2.11'):
        body['forced_down'] = service.forced_down
    return body
