"""Data and RPC stand-ins for the servers HTTP tests (``fixtures:`` in
``http/servers*.yaml``).

:func:`cloud` builds cell0 and cell1 (real SQLite databases), flavors
1 (m1.tiny), 2 (m1.small), 3 (disabled) and 'priv' (private, shared with
proj2), a key pair 'alice-key' of user alice, a nova-compute service on
host1 (up) and host2 (down) in cell1, and these servers in cell1 (project
proj1, user alice unless said otherwise):

====================================  ======================  ===========
uuid                                  state                   host
====================================  ======================  ===========
ACTIVE_1  5e7e...0001 'web'           active                  host1
STOPPED   5e7e...0002 'db'            stopped                 host1
PAUSED    5e7e...0003 'cache'         paused                  host1
ERROR     5e7e...0004 'broken'        error + fault (500)     host1
OTHER     5e7e...0005 'theirs'        active, project proj2   host1
ON_DOWN   5e7e...0006 'stranded'      active                  host2 (down)
====================================  ======================  ===========

It installs oslo.messaging's in-memory transport and serves the
conductor (``compute_task``) and compute (``host1``) topics with
:class:`Recorder` endpoints: casts are recorded in :data:`CASTS`, calls
answer like a fake hypervisor would.  This tests the API side only; the
real services have their own tests.
"""

import datetime

import oslo_messaging as messaging

import nova.conf
from nova import context as nova_context
from nova.db import migration
from nova import objects
from nova import rpc
from nova.tests.unit.api import compute_data

CONF = nova.conf.CONF
CELL0_UUID = objects.CellMapping.CELL0_UUID
CELL1_UUID = compute_data.CELL1_UUID


def server_uuid(n):
    return '5e7e0000-0000-4000-8000-%012d' % n


ACTIVE_1, STOPPED, PAUSED, ERROR, OTHER, ON_DOWN = (
    server_uuid(n) for n in range(1, 7))

CASTS = []

_COMPUTE_CASTS = (
    'build_and_run_instance', 'terminate_instance', 'reboot_instance',
    'stop_instance', 'start_instance', 'pause_instance', 'unpause_instance',
    'suspend_instance', 'resume_instance', 'rescue_instance',
    'unrescue_instance', 'soft_delete_instance', 'restore_instance',
    'snapshot_instance', 'backup_instance', 'trigger_crash_dump',
    'confirm_resize', 'revert_resize', 'shelve_instance',
    'shelve_offload_instance', 'external_instance_event')
_CONDUCTOR_CASTS = ('schedule_and_build_instances', 'migrate_server',
                    'live_migrate_instance', 'rebuild_instance',
                    'unshelve_instance')


def _recorder(name):
    def method(self, ctxt, **kwargs):
        CASTS.append((name, kwargs))
    method.__name__ = name
    return method


class ComputeRecorder(object):
    target = messaging.Target(version='5.0')

    def get_console_output(self, ctxt, instance, tail_length):
        CASTS.append(('get_console_output', {'tail_length': tail_length}))
        return 'FAKE CONSOLE\x07 OUTPUT\nline 2\n'

    def get_vnc_console(self, ctxt, instance, console_type):
        return {'host': 'host1', 'port': 5900,
                'internal_access_path': None,
                'access_url': 'http://vnc.example/?token=abc'}

    def get_spice_console(self, ctxt, instance, console_type):
        return {'host': 'host1', 'port': 5901,
                'internal_access_path': None,
                'access_url': 'http://spice.example/?token=abc'}

    def set_admin_password(self, ctxt, instance, new_pass):
        CASTS.append(('set_admin_password', {'new_pass': new_pass}))

    def get_diagnostics(self, ctxt, instance):
        return {'cpu0_time': 17300000000, 'memory': 524288}


class ConductorRecorder(object):
    target = messaging.Target(namespace='compute_task', version='1.0')


for _name in _COMPUTE_CASTS:
    setattr(ComputeRecorder, _name, _recorder(_name))
for _name in _CONDUCTOR_CASTS:
    setattr(ConductorRecorder, _name, _recorder(_name))


def _start_rpc(api_env):
    from nova.api.openstack.compute import servers
    rpc.set_defaults('nova')
    old = rpc.TRANSPORT
    rpc.TRANSPORT = messaging.get_rpc_transport(
        CONF, url='fake:///', allowed_remote_exmods=rpc.ALLOWED_EXMODS)
    # Cells name the same transport, so their RPC uses it too.
    CONF.set_override('transport_url', 'fake:///')
    rpc_servers = [
        rpc.get_server(messaging.Target(topic='conductor', server='c1'),
                       [ConductorRecorder()]),
        rpc.get_server(messaging.Target(topic='compute', server='host1'),
                       [ComputeRecorder()]),
    ]
    for server in rpc_servers:
        server.start()
    # Clients bind to the transport they were made with.
    servers.COMPUTE_API._compute_task_api = None
    servers.COMPUTE_API._compute_rpcapi = None
    del CASTS[:]
    close = api_env.close

    def close_all():
        for server in rpc_servers:
            server.stop()
            server.wait()
        rpc.TRANSPORT.cleanup()
        rpc.TRANSPORT = old
        servers.COMPUTE_API._compute_task_api = None
        servers.COMPUTE_API._compute_rpcapi = None
        CONF.clear_override('transport_url')
        close()
    api_env.close = close_all


def _cell(api_env, ctxt, uuid, name):
    url = 'sqlite:///%s/%s.db' % (api_env.tmpdir.name, name)
    migration.db_sync('main', url=url)
    cell = objects.CellMapping(ctxt, uuid=uuid, name=name,
                               transport_url='fake:///',
                               database_connection=url)
    cell.create()
    return cell


def _flavor(ctxt, flavorid, name, ram, vcpus, disk, **kw):
    flavor = objects.Flavor(
        ctxt, flavorid=flavorid, name=name, memory_mb=ram, vcpus=vcpus,
        root_gb=disk, ephemeral_gb=0, swap=0, rxtx_factor=1.0,
        is_public=kw.pop('is_public', True),
        disabled=kw.pop('disabled', False), extra_specs={}, projects=[])
    flavor.create()
    return flavor


def _server(cctxt, uuid, name, vm_state, flavor, host='host1',
            project_id='proj1', user_id='alice', minutes=0, **kw):
    created = (datetime.datetime(2017, 9, 1, 10, 0) +
               datetime.timedelta(minutes=minutes))
    inst = objects.Instance(
        cctxt, uuid=uuid, display_name=name, hostname=name,
        vm_state=vm_state, task_state=None, power_state=1, host=host,
        node=host and 'node-' + host, project_id=project_id,
        user_id=user_id, image_ref='155d900f-4e14-4e4c-a73d-069cbf4541e6',
        flavor=flavor, old_flavor=None, new_flavor=None,
        instance_type_id=flavor.id, memory_mb=flavor.memory_mb,
        vcpus=flavor.vcpus, root_gb=flavor.root_gb, ephemeral_gb=0,
        availability_zone='nova', launch_index=0,
        reservation_id='r-fixture1', metadata={'role': name},
        system_metadata={}, launched_at=created, created_at=created,
        updated_at=created, locked=False, key_name=None, config_drive='',
        **kw)
    inst.create()
    return inst


def cloud(api_env):
    _start_rpc(api_env)
    ctxt = nova_context.get_admin_context()
    _cell(api_env, ctxt, CELL0_UUID, 'cell0')
    cell1 = _cell(api_env, ctxt, CELL1_UUID, 'cell1')
    tiny = _flavor(ctxt, '1', 'm1.tiny', 512, 1, 1)
    _flavor(ctxt, '2', 'm1.small', 2048, 2, 20)
    _flavor(ctxt, '3', 'm1.gone', 512, 1, 1, disabled=True)
    priv = _flavor(ctxt, 'priv', 'private', 512, 1, 1, is_public=False)
    priv.add_access('proj2')
    objects.KeyPair(ctxt, name='alice-key', user_id='alice',
                    fingerprint='aa:bb', public_key='ssh-rsa AAAA alice',
                    type='ssh').create()
    with nova_context.target_cell(ctxt, cell1) as cctxt:
        compute_data._service(cctxt, 'host1', 'nova-compute',
                              compute_data.SVC_C1)
        compute_data._service(cctxt, 'host2', 'nova-compute',
                              compute_data.SVC_C2, up=False)
        found = [
            _server(cctxt, ACTIVE_1, 'web', 'active', tiny, minutes=1),
            _server(cctxt, STOPPED, 'db', 'stopped', tiny, minutes=2),
            _server(cctxt, PAUSED, 'cache', 'paused', tiny, minutes=3),
            _server(cctxt, ERROR, 'broken', 'error', tiny, minutes=4),
            _server(cctxt, OTHER, 'theirs', 'active', tiny, minutes=5,
                    project_id='proj2', user_id='bob'),
            _server(cctxt, ON_DOWN, 'stranded', 'active', tiny, minutes=6,
                    host='host2'),
        ]
        objects.InstanceFault(
            cctxt, instance_uuid=ERROR, code=500,
            message='No valid host was found.',
            details='Traceback: boom', host='host1').create()
    for inst in found:
        objects.InstanceMapping(
            ctxt, instance_uuid=inst.uuid, cell_mapping=cell1,
            project_id=inst.project_id, user_id=inst.user_id).create()


def small_instance_quota(api_env):
    """proj1 may have 7 servers (it has 5 in cell1)."""
    ctxt = nova_context.get_admin_context()
    objects.Quotas.create_limit(ctxt, 'proj1', 'instances', 7)


def deferred_delete(api_env):
    CONF.set_override('reclaim_instance_interval', 3600)
    close = api_env.close

    def close_all():
        CONF.clear_override('reclaim_instance_interval')
        close()
    api_env.close = close_all


# --- more states, for the action tests (http/server_actions_*.yaml) -------

RESIZED, RESCUED, SHELVED, OFFLOADED, SOFT_DELETED, ADMIN_LOCKED, \
    SUSPENDED = (server_uuid(n) for n in range(21, 28))


def more_states(api_env):
    """Servers of proj1/alice in cell1 in the states actions start from:

    ====================================  ==================  ========
    uuid                                  state               host
    ====================================  ==================  ========
    RESIZED      5e7e...0021 'grown'      resized (m1.tiny    host1
                                          -> m1.small), its
                                          resize migration
                                          finished
    RESCUED      5e7e...0022 'rescued'    rescued             host1
    SHELVED      5e7e...0023 'shelved'    shelved             host1
    OFFLOADED    5e7e...0024 'offloaded'  shelved_offloaded   (none)
    SOFT_DELETED 5e7e...0025 'binned'     soft-delete         host1
    ADMIN_LOCKED 5e7e...0026 'frozen'     active, locked by   host1
                                          an administrator
    SUSPENDED    5e7e...0027 'sleeping'   suspended           host1
    ====================================  ==================  ========

    ACTIVE_1 and these get a request spec with security group
    'default' (the security group actions keep names there).
    """
    ctxt = nova_context.get_admin_context()
    cell1 = objects.CellMapping.get_by_uuid(ctxt, CELL1_UUID)
    tiny = objects.Flavor.get_by_flavor_id(ctxt, '1')
    small = objects.Flavor.get_by_flavor_id(ctxt, '2')
    with nova_context.target_cell(ctxt, cell1) as cctxt:
        found = [
            _server(cctxt, RESIZED, 'grown', 'resized', small, minutes=21),
            _server(cctxt, RESCUED, 'rescued', 'rescued', tiny, minutes=22),
            _server(cctxt, SHELVED, 'shelved', 'shelved', tiny, minutes=23),
            _server(cctxt, OFFLOADED, 'offloaded', 'shelved_offloaded',
                    tiny, minutes=24, host=None),
            _server(cctxt, SOFT_DELETED, 'binned', 'soft-delete', tiny,
                    minutes=25,
                    deleted_at=datetime.datetime(2017, 9, 2, 10, 0)),
            _server(cctxt, ADMIN_LOCKED, 'frozen', 'active', tiny,
                    minutes=26, locked_by='admin'),
            _server(cctxt, SUSPENDED, 'sleeping', 'suspended', tiny,
                    minutes=27),
        ]
        found[0].old_flavor = tiny
        found[0].new_flavor = small
        found[0].save()
        found[5].locked = True
        found[5].save()
        created = datetime.datetime(2017, 9, 2, 9, 0)
        objects.Migration(
            cctxt, instance_uuid=RESIZED, migration_type='resize',
            status='finished', old_instance_type_id=tiny.id,
            new_instance_type_id=small.id, source_compute='host1',
            dest_compute='host1', source_node='node-host1',
            dest_node='node-host1', dest_host='192.0.2.1',
            created_at=created, updated_at=created).create()
    for inst in found:
        objects.InstanceMapping(
            ctxt, instance_uuid=inst.uuid, cell_mapping=cell1,
            project_id=inst.project_id, user_id=inst.user_id).create()
    for uuid in [ACTIVE_1] + [inst.uuid for inst in found]:
        objects.RequestSpec.from_components(
            ctxt, uuid, tiny, security_groups=['default'],
            project_id='proj1', user_id='alice').create()


def no_instance_password(api_env):
    """[api] enable_instance_password = False: no adminPass in answers."""
    CONF.set_override('enable_instance_password', False, group='api')
    close = api_env.close

    def close_all():
        CONF.clear_override('enable_instance_password', group='api')
        close()
    api_env.close = close_all


def roomy_instance_quota(api_env):
    """proj1 may have 20 servers (cloud + more_states give it 12), so
    restoring a soft-deleted one fits."""
    ctxt = nova_context.get_admin_context()
    objects.Quotas.create_limit(ctxt, 'proj1', 'instances', 20)


REVERTIBLE = server_uuid(28)


def second_resize(api_env):
    """REVERTIBLE 5e7e...0028 'grown-too': like RESIZED (more_states), a
    resize of proj1/alice's from m1.tiny to m1.small finished on host1,
    for the revertResize tests."""
    ctxt = nova_context.get_admin_context()
    cell1 = objects.CellMapping.get_by_uuid(ctxt, CELL1_UUID)
    tiny = objects.Flavor.get_by_flavor_id(ctxt, '1')
    small = objects.Flavor.get_by_flavor_id(ctxt, '2')
    with nova_context.target_cell(ctxt, cell1) as cctxt:
        inst = _server(cctxt, REVERTIBLE, 'grown-too', 'resized', small,
                       minutes=28)
        inst.old_flavor = tiny
        inst.new_flavor = small
        inst.save()
        objects.Migration(
            cctxt, instance_uuid=REVERTIBLE, migration_type='resize',
            status='finished', old_instance_type_id=tiny.id,
            new_instance_type_id=small.id, source_compute='host1',
            dest_compute='host1', source_node='node-host1',
            dest_node='node-host1', dest_host='192.0.2.1').create()
    objects.InstanceMapping(
        ctxt, instance_uuid=REVERTIBLE, cell_mapping=cell1,
        project_id='proj1', user_id='alice').create()
