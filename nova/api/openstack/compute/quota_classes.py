"""Quota classes (``os-quota-class-sets``).  The 'default' class is what
every project starts from; other classes apply to requests whose context
names them.  Before 2.50 bodies show the network quotas and not the
server group ones; from 2.50 the other way round.
"""

from nova.api.openstack.compute.schemas import quota_classes as schema
from nova.api.openstack.compute.views import quota_sets as views
from nova.api.openstack import wsgi
from nova.api import validation
from nova.objects import quotas as quotas_obj
from nova.policies import quota_classes as policies
from nova import quota

QUOTAS = quota.QUOTAS
SERVER_GROUP_QUOTAS_SINCE = '2.50'
_SERVER_GROUP_QUOTAS = ('server_groups', 'server_group_members')


def _api_names(req):
    if req.api_version_request.matches(SERVER_GROUP_QUOTAS_SINCE):
        return [n for n in views.API_TO_RESOURCE
                if n not in views.NETWORK_QUOTAS]
    return [n for n in views.API_TO_RESOURCE
            if n not in _SERVER_GROUP_QUOTAS]


def _body(req, context, class_name, with_id):
    limits = QUOTAS.get_class_quotas(context, class_name)
    return {'quota_class_set': views.quota_body(
        _api_names(req), limits, class_name if with_id else None)}


@wsgi.expected_errors(())
def show(req, class_id):
    context = req.context
    context.can(policies.POLICY_ROOT % 'show',
                target={'quota_class': class_id})
    return _body(req, context, class_id, with_id=True)


@wsgi.expected_errors(400)
@validation.schema(schema.update, '2.0', '2.49')
@validation.schema(schema.update_v250, '2.50')
def update(req, class_id, body):
    context = req.context
    context.can(policies.POLICY_ROOT % 'update',
                target={'quota_class': class_id})
    for name, value in body['quota_class_set'].items():
        if name not in views.API_TO_RESOURCE:
            continue  # /v2 tolerates unknown names
        quotas_obj.Quotas.set_class(context, class_id,
                                    views.API_TO_RESOURCE[name], int(value))
    return _body(req, context, class_id, with_id=False)
