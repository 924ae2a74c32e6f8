"""Extra data for the ``http/audit_*.yaml`` tests, on top of
:func:`servers_data.cloud`.

:func:`cell0_server` puts proj1's server ``nowhere`` (5e7e...0040, ERROR,
no host) in cell0, as conductor leaves a server it could not schedule;
:func:`group_member_quota` gives proj1 a server group ``pair`` (uuid
GROUP) that already holds ON_DOWN ('stranded', on the down host2) and a ``server_group_members`` limit
of two.
"""

from nova import context as nova_context
from nova import objects
from nova.tests.unit.api import servers_data

NOWHERE = servers_data.server_uuid(40)
GROUP = '9a0c0000-0000-4000-8000-000000000001'


def cell0_server(api_env):
    ctxt = nova_context.get_admin_context()
    cell0 = objects.CellMapping.get_by_uuid(ctxt, servers_data.CELL0_UUID)
    tiny = objects.Flavor.get_by_flavor_id(ctxt, '1')
    with nova_context.target_cell(ctxt, cell0) as cctxt:
        inst = servers_data._server(cctxt, NOWHERE, 'nowhere', 'error',
                                    tiny, host=None, minutes=30)
    objects.InstanceMapping(
        ctxt, instance_uuid=inst.uuid, cell_mapping=cell0,
        project_id=inst.project_id, user_id=inst.user_id).create()


def group_member_quota(api_env):
    ctxt = nova_context.get_admin_context()
    objects.InstanceGroup(
        ctxt, uuid=GROUP, name='pair', project_id='proj1', user_id='alice',
        policies=['anti-affinity'],
        members=[servers_data.ON_DOWN]).create()
    objects.Quotas.create_limit(ctxt, 'proj1', 'server_group_members', 2)
    objects.Quotas.create_limit(ctxt, 'proj1', 'instances', 20)
