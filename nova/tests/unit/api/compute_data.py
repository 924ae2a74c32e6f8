"""Data for the HTTP tests of the admin resources (``fixtures:`` in a YAML
file names these functions; each gets the fresh APIEnvironment).

:func:`two_cells` builds this deployment, in real SQLite cell databases:

=====  ======================================================  ============
cell   services (id, uuid)                                      nodes
=====  ======================================================  ============
cell0  (mapping only; its database does not exist: never read)
cell1  1 host1 nova-compute  up, enabled          SVC_C1       1 node1
       2 host1 nova-scheduler up                  SVC_S1
       3 host1 nova-osapi_compute (never listed)  SVC_A1
cell2  4 host2 nova-compute  down, disabled "maintenance"      2 node2
                                                  SVC_C2
       5 host3 nova-compute  up, enabled          SVC_C3       3 node3
                                                  (not mapped)
=====  ======================================================  ============

host1 and host2 are mapped to their cells (host_mappings); host3 is not,
as if discover_hosts had not run yet.  Cell2's ids start after cell1's so
integer ids (up to 2.52) name one service each; :func:`clashing_ids`
adds a cell3 whose only service reuses id 1.
"""

import datetime
import os

import oslo_messaging as messaging
from oslo_utils import timeutils

import nova.conf

from nova import context as nova_context
from nova.db import migration
from nova.objects import cell_mapping as cell_obj
from nova.objects import compute_node as compute_node_obj
from nova.objects import host_mapping as host_mapping_obj
from nova.objects import quotas as quotas_obj
from nova.objects import service as service_obj

CONF = nova.conf.CONF

CELL0_UUID = cell_obj.CellMapping.CELL0_UUID
CELL1_UUID = 'c0000000-0000-4000-8000-000000000001'
CELL2_UUID = 'c0000000-0000-4000-8000-000000000002'
CELL3_UUID = 'c0000000-0000-4000-8000-000000000003'

SVC_C1 = '5e000000-0000-4000-8000-0000000000c1'
SVC_S1 = '5e000000-0000-4000-8000-0000000000d1'
SVC_A1 = '5e000000-0000-4000-8000-0000000000a1'
SVC_C2 = '5e000000-0000-4000-8000-0000000000c2'
SVC_C3 = '5e000000-0000-4000-8000-0000000000c3'

NODE1 = '40de0000-0000-4000-8000-000000000001'
NODE2 = '40de0000-0000-4000-8000-000000000002'
NODE3 = '40de0000-0000-4000-8000-000000000003'


def _cell(api_env, ctxt, uuid, name):
    url = 'sqlite:///%s' % os.path.join(api_env.tmpdir.name,
                                        '%s.db' % name)
    migration.db_sync('main', url=url)
    cell = cell_obj.CellMapping(ctxt, uuid=uuid, name=name,
                                transport_url='fake://',
                                database_connection=url)
    cell.create()
    return cell


def _service(cctxt, host, binary, uuid, up=True, **values):
    now = timeutils.utcnow()
    fields = dict(
        host=host, binary=binary, topic=binary[len('nova-'):], uuid=uuid,
        report_count=1, disabled=False, forced_down=False,
        last_seen_up=now if up else now - datetime.timedelta(days=1))
    fields.update(values)
    service = service_obj.Service(cctxt, **fields)
    service.create()
    return service


def _node(cctxt, service, nodename, uuid, **values):
    fields = dict(
        vcpus=8, memory_mb=16384, local_gb=200, vcpus_used=2,
        memory_mb_used=4096, local_gb_used=40, hypervisor_type='fake',
        hypervisor_version=1000, free_ram_mb=12288, free_disk_gb=160,
        current_workload=0, running_vms=1, disk_available_least=150,
        cpu_info='{"arch": "x86_64", "model": "fake"}', host_ip='192.0.2.1',
        cpu_allocation_ratio=16.0, ram_allocation_ratio=1.5,
        disk_allocation_ratio=1.0, stats={}, supported_hv_specs=[])
    fields.update(values)
    node = compute_node_obj.ComputeNode(
        cctxt, host=service.host, service_id=service.id,
        hypervisor_hostname=nodename, uuid=uuid, **fields)
    node.create()
    return node


def _burn_service_ids(cctxt, count):
    """Consume ids with services deleted at once (soft-deleted rows keep
    their ids), so the next services get higher ids."""
    for i in range(count):
        _service(cctxt, 'gone', 'nova-gone-%d' % i,
                 '0dead000-0000-4000-8000-%012d' % i).destroy()


def two_cells(api_env):
    ctxt = nova_context.get_admin_context()
    cell_obj.CellMapping(ctxt, uuid=CELL0_UUID, name='cell0',
                         transport_url='none:///',
                         database_connection='sqlite:////nonexistent/c0.db'
                         ).create()
    cell1 = _cell(api_env, ctxt, CELL1_UUID, 'cell1')
    cell2 = _cell(api_env, ctxt, CELL2_UUID, 'cell2')

    with nova_context.target_cell(ctxt, cell1) as cctxt:
        compute1 = _service(cctxt, 'host1', 'nova-compute', SVC_C1)
        _service(cctxt, 'host1', 'nova-scheduler', SVC_S1)
        _service(cctxt, 'host1', 'nova-osapi_compute', SVC_A1, up=False)
        _node(cctxt, compute1, 'node1', NODE1, host_ip='192.0.2.1')
    host_mapping_obj.HostMapping(ctxt, host='host1',
                                 cell_mapping=cell1).create()

    with nova_context.target_cell(ctxt, cell2) as cctxt:
        _burn_service_ids(cctxt, 3)
        compute2 = _service(cctxt, 'host2', 'nova-compute', SVC_C2,
                            up=False, disabled=True,
                            disabled_reason='maintenance')
        compute3 = _service(cctxt, 'host3', 'nova-compute', SVC_C3)
        # Node ids too: a deleted node takes id 1.
        _node(cctxt, compute2, 'gone-node',
              '0dead000-0000-4000-9000-000000000000').destroy()
        _node(cctxt, compute2, 'node2', NODE2, host_ip='192.0.2.2',
              vcpus=16, running_vms=0, vcpus_used=0)
        _node(cctxt, compute3, 'node3', NODE3, host_ip='192.0.2.3',
              vcpus=4)
    host_mapping_obj.HostMapping(ctxt, host='host2',
                                 cell_mapping=cell2).create()


def clashing_ids(api_env):
    """A third cell whose only service has id 1, like host1's compute."""
    ctxt = nova_context.get_admin_context()
    cell3 = _cell(api_env, ctxt, CELL3_UUID, 'cell3')
    with nova_context.target_cell(ctxt, cell3) as cctxt:
        _service(cctxt, 'host9', 'nova-conductor',
                 '5e000000-0000-4000-8000-000000000009')


def small_keypair_quota(api_env):
    """user ``carol`` of project ``proj1`` may own two key pairs."""
    ctxt = nova_context.get_admin_context()
    quotas_obj.Quotas.create_limit(ctxt, 'proj1', 'key_pairs', 2,
                                   user_id='carol')


SERVER1 = '5e7e0000-0000-4000-8000-000000000001'
SERVER2 = '5e7e0000-0000-4000-8000-000000000002'


def servers_on_host1(api_env):
    """Two servers on host1/node1 (in cell1); ids 1 and 2, so their names
    are instance-00000001 and instance-00000002."""
    from nova.objects import instance as instance_obj
    ctxt = nova_context.get_admin_context()
    cell1 = cell_obj.CellMapping.get_by_uuid(ctxt, CELL1_UUID)
    with nova_context.target_cell(ctxt, cell1) as cctxt:
        for uuid in (SERVER1, SERVER2):
            instance_obj.Instance(
                cctxt, uuid=uuid, user_id='alice', project_id='proj1',
                host='host1', node='node1', vm_state='active',
                display_name='server', memory_mb=512, vcpus=1).create()


class _UptimeEndpoint(object):
    """host1's compute service, as far as the uptime call goes: it answers
    with what the fake virt driver reports."""

    target = messaging.Target(version='5.0')

    def get_host_uptime(self, context):
        from nova.virt import fake
        return fake.FakeDriver(None).get_host_uptime()


def compute_rpc_on_host1(api_env):
    """An in-memory RPC transport with the computes of host1 and host3
    (the hosts that are up) answering."""
    from nova import rpc
    rpc.set_defaults('nova')
    old = rpc.TRANSPORT
    rpc.TRANSPORT = messaging.get_rpc_transport(
        CONF, url='fake:///', allowed_remote_exmods=rpc.ALLOWED_EXMODS)
    servers = [rpc.get_server(messaging.Target(topic='compute', server=host),
                              [_UptimeEndpoint()])
               for host in ('host1', 'host3')]
    for server in servers:
        server.start()
    close = api_env.close

    def close_all():
        for server in servers:
            server.stop()
            server.wait()
        rpc.TRANSPORT.cleanup()
        rpc.TRANSPORT = old
        close()
    api_env.close = close_all
