"""Flavor extra specs: ``/flavors/{flavor_id}/os-extra_specs[/{key}]``."""

import webob.exc

from nova.api.openstack.compute import flavors
from nova.api.openstack.compute.schemas import flavors_extraspecs as schema
from nova.api.openstack import wsgi
from nova.api import validation
from nova import exception
from nova.i18n import _
from nova.policies import flavor_extra_specs as policies


def _check_values(specs):
    """Numbers are accepted but stored as strings of at most 255 chars."""
    checked = {}
    for key, value in specs.items():
        if isinstance(value, bool):
            value = str(value)
        if isinstance(value, (int, float)):
            value = str(value)
            if len(value) > 255:
                raise webob.exc.HTTPBadRequest(explanation=_(
                    "extra_specs value has more than 255 characters."))
        checked[key] = value
    return checked


def _no_such_key(flavor_id, key):
    return exception.FlavorExtraSpecsNotFound(flavor_id=flavor_id,
                                              extra_specs_key=key)


@wsgi.expected_errors(404)
def index(req, flavor_id):
    req.context.can(policies.POLICY_ROOT % 'index')
    flavor = flavors.get_flavor(req.context, flavor_id)
    return {'extra_specs': flavor.extra_specs}


@wsgi.expected_errors((400, 404, 409))
@validation.schema(schema.create)
def create(req, flavor_id, body):
    req.context.can(policies.POLICY_ROOT % 'create')
    specs = _check_values(body['extra_specs'])
    flavor = flavors.get_flavor(req.context, flavor_id)
    flavor.extra_specs = dict(flavor.extra_specs, **specs)
    flavor.save()
    return body


@wsgi.expected_errors((400, 404, 409))
@validation.schema(schema.update)
def update(req, flavor_id, key, body):
    req.context.can(policies.POLICY_ROOT % 'update')
    specs = _check_values(body)
    if key not in specs:
        raise webob.exc.HTTPBadRequest(
            explanation=_('Request body and URI mismatch'))
    flavor = flavors.get_flavor(req.context, flavor_id)
    flavor.extra_specs = dict(flavor.extra_specs, **specs)
    flavor.save()
    return body


@wsgi.expected_errors(404)
def show(req, flavor_id, key):
    req.context.can(policies.POLICY_ROOT % 'show')
    flavor = flavors.get_flavor(req.context, flavor_id)
    if key not in flavor.extra_specs:
        raise _no_such_key(flavor_id, key)
    return {key: flavor.extra_specs[key]}


# Returns 200 with no body (204 would have been better; kept as v2.0 had
# it).
@wsgi.expected_errors(404)
def delete(req, flavor_id, key):
    req.context.can(policies.POLICY_ROOT % 'delete')
    flavor = flavors.get_flavor(req.context, flavor_id)
    if key not in flavor.extra_specs:
        raise _no_such_key(flavor_id, key)
    specs = dict(flavor.extra_specs)
    del specs[key]
    flavor.extra_specs = specs
    flavor.save()
