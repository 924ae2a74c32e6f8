"""Data for the HTTP tests of the server sub-resources (metadata, tags,
ips, os-instance-actions, migrations, consoles, external events,
diagnostics, os-interface, os-server-password) and of
os-instance_usage_audit_log, on top of :func:`servers_data.cloud`
(``fixtures:`` in their YAML files).

* :func:`compute_calls`: the recording compute endpoint of servers_data
  also records ``live_migration_force_complete`` and
  ``live_migration_abort`` casts (RPC 5.1).
* :func:`network_cache`: ACTIVE_1's info cache holds two VIFs: 'private'
  (10.0.0.3 with floating 172.24.4.10, and 2001:db8::3) and 'public'
  (203.0.113.5); STOPPED's cache is empty.
* :func:`actions`: ACTIVE_1 has actions 'create' (req-create, 2017-09-01
  10:01, events compute__do_build_and_run_instance Success) and 'reboot'
  (req-reboot, 10:30, event compute_reboot_instance Error with a
  traceback); DELETED_OLD (see resources_data.deleted_server) has
  'delete' (req-old-delete).
* :func:`live_migrating`: on top of resources_data.migrations (2 is a
  running live migration of ACTIVE_1): ACTIVE_1 is MIGRATING; PAUSED is
  MIGRATING with live migration 4 'preparing'; ACTIVE_1 also has 5, a
  'running' resize, and 6, a finished ('completed') live migration.
* :func:`password`: ACTIVE_1's system_metadata holds a 300-character
  encrypted password in password_0 and password_1.
* :func:`locked`: PAUSED is locked (by its owner).
* :func:`audit_logs`: task_log rows of 'instance_usage_audit' for the
  month August 2017 (host1 DONE, 7 instances, 1 error) and for July 2017
  (host1 DONE, host2 RUNNING); cell1 has computes host1 and host2.
* :func:`nova_network`: ``use_neutron = False``.
* :func:`small_metadata_quota`: proj1 may have three metadata items.
* :func:`serial_console_enabled`: ``[serial_console] enabled = True``.
"""

import datetime

import nova.conf
from nova import context as nova_context
from nova.db import engine as db
from nova import objects
from nova.objects import task_log
from nova.tests.unit.api import resources_data
from nova.tests.unit.api import servers_data

CONF = nova.conf.CONF
ACTIVE_1 = servers_data.ACTIVE_1
PASSWORD = ''.join('%x' % (i % 16) for i in range(300))


def _cell1(ctxt):
    return objects.CellMapping.get_by_uuid(ctxt, servers_data.CELL1_UUID)


def _in_cell1(func):
    ctxt = nova_context.get_admin_context()
    with nova_context.target_cell(ctxt, _cell1(ctxt)) as cctxt:
        return func(cctxt)


def compute_calls(api_env):
    import oslo_messaging as messaging
    servers_data.ComputeRecorder.target = messaging.Target(version='5.1')
    for name in ('live_migration_force_complete', 'live_migration_abort'):
        setattr(servers_data.ComputeRecorder, name,
                servers_data._recorder(name))


def network_cache(api_env):
    from nova.network import model
    nw_info = model.NetworkInfo.hydrate([
        {'id': 'f1e2d3c4-0000-4000-8000-000000000001',
         'address': 'fa:16:3e:00:00:01',
         'network': {'id': 'e0000000-0000-4000-8000-000000000001',
                     'label': 'private',
                     'subnets': [
                         {'cidr': '10.0.0.0/24', 'version': 4,
                          'ips': [{'address': '10.0.0.3', 'type': 'fixed',
                                   'version': 4,
                                   'floating_ips': [
                                       {'address': '172.24.4.10',
                                        'type': 'floating',
                                        'version': 4}]}]},
                         {'cidr': '2001:db8::/64', 'version': 6,
                          'ips': [{'address': '2001:db8::3',
                                   'type': 'fixed'}]}]}},
        {'id': 'f1e2d3c4-0000-4000-8000-000000000002',
         'address': 'fa:16:3e:00:00:02',
         'network': {'id': 'e0000000-0000-4000-8000-000000000002',
                     'label': 'public',
                     'subnets': [{'cidr': '203.0.113.0/24', 'version': 4,
                                  'ips': [{'address': '203.0.113.5',
                                           'type': 'fixed',
                                           'version': 4}]}]}},
    ])

    def write(cctxt):
        from nova.objects import instance_info_cache as cache_obj
        with db.main_session(cctxt) as session:
            cache_obj.InstanceInfoCache._upsert(session, ACTIVE_1, nw_info)
            cache_obj.InstanceInfoCache._upsert(
                session, servers_data.STOPPED, [])
    _in_cell1(write)


def actions(api_env):
    from nova.db.main import models

    def write(cctxt):
        day = datetime.datetime(2017, 9, 1)
        with db.main_session(cctxt) as session:
            for uuid, name, request_id, minute, events in (
                    (ACTIVE_1, 'create', 'req-create', 1, [
                        ('compute__do_build_and_run_instance', 'Success',
                         None)]),
                    (ACTIVE_1, 'reboot', 'req-reboot', 30, [
                        ('compute_reboot_instance', 'Error',
                         'Traceback (most recent call last): boom')]),
                    (resources_data.DELETED_OLD, 'delete',
                     'req-old-delete', 45, [])):
                start = day + datetime.timedelta(hours=10, minutes=minute)
                action = models.InstanceAction(
                    action=name, instance_uuid=uuid, request_id=request_id,
                    user_id='alice', project_id='proj1', start_time=start,
                    finish_time=start + datetime.timedelta(minutes=1),
                    created_at=start, deleted=0)
                session.add(action)
                session.flush()
                for event, result, traceback in events:
                    session.add(models.InstanceActionEvent(
                        event=event, action_id=action.id, start_time=start,
                        finish_time=start + datetime.timedelta(seconds=30),
                        result=result, traceback=traceback, host='host1',
                        created_at=start, deleted=0))
    _in_cell1(write)


def live_migrating(api_env):
    def write(cctxt):
        for uuid in (ACTIVE_1, servers_data.PAUSED):
            inst = objects.Instance.get_by_uuid(cctxt, uuid)
            inst.task_state = 'migrating'
            inst.save()
        created = datetime.datetime(2017, 9, 5, 8, 0)
        for uuid, values in (
                (servers_data.PAUSED, dict(
                    migration_type='live-migration', status='preparing',
                    source_compute='host1', dest_compute='host2',
                    source_node='node-host1', dest_node='node-host2')),
                (ACTIVE_1, dict(
                    migration_type='resize', status='running',
                    source_compute='host1', dest_compute='host1',
                    source_node='node-host1', dest_node='node-host1')),
                (ACTIVE_1, dict(
                    migration_type='live-migration', status='completed',
                    source_compute='host2', dest_compute='host1',
                    source_node='node-host2', dest_node='node-host1'))):
            objects.Migration(cctxt, instance_uuid=uuid, created_at=created,
                              updated_at=created, old_instance_type_id=1,
                              new_instance_type_id=1, **values).create()
    _in_cell1(write)


def password(api_env):
    from nova.api.openstack.compute import server_password

    def write(cctxt):
        inst = objects.Instance.get_by_uuid(cctxt, ACTIVE_1,
                                            ['system_metadata'])
        sys_meta = dict(inst.system_metadata)
        sys_meta.update(server_password.password_chunks(PASSWORD))
        inst.system_metadata = sys_meta
        inst.save()
    _in_cell1(write)


def locked(api_env):
    def write(cctxt):
        inst = objects.Instance.get_by_uuid(cctxt, servers_data.PAUSED)
        inst.locked = True
        inst.locked_by = 'owner'
        inst.save()
    _in_cell1(write)


def audit_logs(api_env):
    def write(cctxt):
        for begin, end, host, state, items, errors in (
                ((2017, 8, 1), (2017, 9, 1), 'host1', 'DONE', 7, 1),
                ((2017, 7, 1), (2017, 8, 1), 'host1', 'DONE', 3, 0),
                ((2017, 7, 1), (2017, 8, 1), 'host2', 'RUNNING', 2, 0)):
            task_log.create(cctxt, 'instance_usage_audit', host,
                            datetime.datetime(*begin),
                            datetime.datetime(*end), state=state,
                            message='Instance usage audit ran for host %s'
                            % host, task_items=items, errors=errors)
    _in_cell1(write)


def nova_network(api_env):
    CONF.set_override('use_neutron', False)
    close = api_env.close

    def close_all():
        CONF.clear_override('use_neutron')
        close()
    api_env.close = close_all


def small_metadata_quota(api_env):
    """proj1 may have three metadata items per server."""
    ctxt = nova_context.get_admin_context()
    objects.Quotas.create_limit(ctxt, 'proj1', 'metadata_items', 3)


def serial_console_enabled(api_env):
    """``[serial_console] enabled = True``."""
    CONF.set_override('enabled', True, group='serial_console')
    close = api_env.close

    def close_all():
        CONF.clear_override('enabled', group='serial_console')
        close()
    api_env.close = close_all
