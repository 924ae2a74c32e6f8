"""Absolute limits and usage of a project (``GET /limits``).

The limits are the project's quotas (nova.quota); the ``total*Used``
values count what the project uses now.  Administrators may ask about
another project with ``?tenant_id=``.  Rate limits are not enforced by
nova, so ``rate`` is always empty.
"""

from nova.api.openstack.compute.views import limits as views
from nova.api.openstack import wsgi
from nova.policies import limits as policies
from nova import quota


@wsgi.expected_errors(())
def index(req):
    context = req.context
    context.can(policies.BASE_POLICY_NAME)
    project_id = context.project_id
    if 'tenant_id' in req.params:
        project_id = req.params['tenant_id']
        context.can(policies.USED_LIMITS_POLICY_NAME, target={
            'project_id': project_id, 'user_id': context.user_id})
    quotas = quota.QUOTAS.get_project_quotas(context, project_id,
                                             usages=True)
    return views.build(req, quotas)
