"""LibvirtDriver on real QEMU guests (one at a time), a private libvirtd
and a real Glance.  Instances and flavors are built in memory."""

import os
import threading

import pytest

import nova.conf
from nova.compute import power_state
from nova.compute import task_states
from nova import exception
from nova.image import glance as glance_client
from nova.tests.functional.libvirt import fixtures as lvfix
from nova.virt import event as virtevent
from nova.virt.libvirt import build
from nova.virt.libvirt import config as vconfig

CONF = nova.conf.CONF


def _memory_mib(env, instance):
    xml = env.libvirtd.virsh('dumpxml', instance.name)
    return vconfig.memory_kib(xml) // 1024


def _assert_gone(env, drv, instance):
    assert instance.name not in env.libvirtd.domains()
    assert not os.path.exists(drv.files(instance).dir)
    assert not os.path.exists(drv.files(instance).resize_dir)


def test_spawn_power_operations_events_and_delete(env):
    drv = env.driver()
    events = []
    drv.register_event_listener(events.append)
    inst = lvfix.make_instance(env.images['disk'])
    drv.spawn(None, inst, {'id': env.images['disk'], 'properties': {}},
              [], None, {})
    try:
        assert env.libvirtd.domstate(inst.name) == 'running'
        out = lvfix.wait_for_marker(drv, inst)
        assert lvfix.MARKER in out
        assert drv.get_info(inst).state == power_state.RUNNING
        assert inst.name in drv.list_instances()
        assert inst.uuid in drv.list_instance_uuids()
        disk = drv.files(inst).path('disk')
        backing = drv.image_cache.base_dir
        info = lvfix.run(['qemu-img', 'info', '-U', disk])
        assert backing in info and 'qcow2' in info
        vnc = drv.get_vnc_console(None, inst)
        assert vnc['port'] >= 5900

        drv.pause(inst)
        assert env.libvirtd.domstate(inst.name) == 'paused'
        assert drv.get_info(inst).state == power_state.PAUSED
        drv.unpause(inst)
        assert env.libvirtd.domstate(inst.name) == 'running'

        drv.suspend(None, inst)
        assert env.libvirtd.domstate(inst.name) == 'shut off'
        assert drv.get_info(inst).state == power_state.SUSPENDED
        drv.resume(None, inst, None)
        assert env.libvirtd.domstate(inst.name) == 'running'

        # Soft reboot: ACPI power-off inside the guest, then a new boot.
        drv.reboot(None, inst, None, 'SOFT')
        lvfix.wait_for_marker(drv, inst)
        drv.reboot(None, inst, None, 'HARD')
        assert env.libvirtd.domstate(inst.name) == 'running'

        drv.power_off(inst)
        assert env.libvirtd.domstate(inst.name) == 'shut off'
        assert drv.get_info(inst).state == power_state.SHUTDOWN
        drv.power_on(None, inst, None)
        lvfix.wait_for_marker(drv, inst)

        # Powered off from inside (ACPI): the driver sees it, and libvirt's
        # lifecycle event reaches the listener.
        env.libvirtd.virsh('shutdown', inst.name)
        lvfix.wait_for(lambda: drv.get_info(inst).state ==
                       power_state.SHUTDOWN, 60, 'ACPI shutdown')
        lvfix.wait_for(
            lambda: any(e.uuid == inst.uuid and
                        e.transition == virtevent.EVENT_LIFECYCLE_STOPPED
                        for e in events), 10, 'a Stopped event')
        assert any(e.transition == virtevent.EVENT_LIFECYCLE_STARTED
                   for e in events)
    finally:
        drv.destroy(None, inst, None)
    _assert_gone(env, drv, inst)


def test_snapshot_is_an_active_image_that_boots(env):
    drv = env.driver()
    first = lvfix.make_instance(env.images['disk'])
    drv.spawn(None, first, None, [], None, {})
    try:
        lvfix.wait_for_marker(drv, first)
        image = env.glance.create(None, 'snap-of-%s' % first.uuid)
        states = []
        drv.snapshot(None, first, image['id'],
                     lambda **kw: states.append(kw['task_state']))
        assert states == [task_states.IMAGE_PENDING_UPLOAD,
                          task_states.IMAGE_UPLOADING]
        snap = env.glance.show(None, image['id'])
        assert snap['status'] == 'active'
        assert snap['disk_format'] == 'qcow2'
        assert env.libvirtd.domstate(first.name) == 'running'
    finally:
        drv.destroy(None, first, None)
    _assert_gone(env, drv, first)

    second = lvfix.make_instance(image['id'])
    drv.spawn(None, second, snap, [], None, {})
    try:
        lvfix.wait_for_marker(drv, second)
    finally:
        drv.destroy(None, second, None)
        env.glance.delete(None, image['id'])
    _assert_gone(env, drv, second)


def test_resize_between_instances_paths_confirm_and_revert(env, tmp_path):
    src = env.driver()
    dst = env.driver(str(tmp_path / 'other-host-instances'))
    small = lvfix.make_flavor('t.small', memory_mb=128, root_gb=1)
    big = lvfix.make_flavor('t.big', memory_mb=192, root_gb=2,
                            flavor_id=2)
    inst = lvfix.make_instance(env.images['disk'], flavor=small)
    src.spawn(None, inst, None, [], None, {})
    try:
        assert _memory_mib(env, inst) == 128

        # Resize to the bigger flavor on the other instances path, revert.
        info = src.migrate_disk_and_power_off(None, inst, 'other', big,
                                              None)
        assert not os.path.exists(src.files(inst).dir)
        inst.flavor = big
        dst.finish_migration(None, None, inst, info, None, None, True)
        assert env.libvirtd.domstate(inst.name) == 'running'
        assert _memory_mib(env, inst) == 192
        root = dst.files(inst).path('disk')
        assert lvfix.run(['qemu-img', 'info', '-U', root]).count(
            dst.image_cache.base_dir) == 1
        lvfix.wait_for_marker(dst, inst)

        inst.task_state = task_states.RESIZE_REVERTING
        dst.destroy(None, inst, None)
        inst.flavor = small
        src.finish_revert_migration(None, inst, None)
        inst.task_state = None
        assert not os.path.exists(dst.files(inst).dir)
        assert _memory_mib(env, inst) == 128
        assert env.libvirtd.domstate(inst.name) == 'running'

        # Again, and confirm this time.
        info = src.migrate_disk_and_power_off(None, inst, 'other', big,
                                              None)
        inst.flavor = big
        dst.finish_migration(None, None, inst, info, None, None, True)
        src.confirm_migration(None, None, inst, None)
        assert not os.path.exists(src.files(inst).resize_dir)
        assert _memory_mib(env, inst) == 192
        lvfix.wait_for_marker(dst, inst)
    finally:
        src.destroy(None, inst, None)
        dst.destroy(None, inst, None)
    _assert_gone(env, src, inst)
    _assert_gone(env, dst, inst)


def test_rescue_boots_rescue_image_with_own_disk_second(env):
    drv = env.driver()
    inst = lvfix.make_instance(env.images['disk'])
    drv.spawn(None, inst, None, [], None, {})
    try:
        drv.rescue(None, inst, None, {'id': env.images['disk'],
                                      'properties': {}}, 'pw')
        disks = vconfig.disk_paths(env.libvirtd.virsh('dumpxml', inst.name))
        assert [os.path.basename(p) for _dev, p in disks] == [
            'disk.rescue', 'disk']
        lvfix.wait_for_marker(drv, inst)
        drv.unrescue(inst, None)
        disks = vconfig.disk_paths(env.libvirtd.virsh('dumpxml', inst.name))
        assert [os.path.basename(p) for _dev, p in disks] == ['disk']
        assert not os.path.exists(drv.files(inst).path('disk.rescue'))
        assert env.libvirtd.domstate(inst.name) == 'running'
    finally:
        drv.destroy(None, inst, None)
    _assert_gone(env, drv, inst)


def test_direct_kernel_boot_with_ephemeral_and_swap(env):
    drv = env.driver()
    flavor = lvfix.make_flavor('t.eph', root_gb=1, ephemeral_gb=1, swap=64,
                               flavor_id=3)
    inst = lvfix.make_instance(env.images['disk'], flavor=flavor,
                               kernel_id=env.images['kernel'],
                               ramdisk_id=env.images['ramdisk'])
    drv.spawn(None, inst, None, [], None, {})
    try:
        xml = env.libvirtd.virsh('dumpxml', inst.name)
        dom = vconfig.parse(xml)
        assert dom.findtext('./os/kernel') == drv.files(inst).path('kernel')
        assert [os.path.basename(p) for _d, p in vconfig.disk_paths(xml)] \
            == ['disk', 'disk.local', 'disk.swap']
        lvfix.wait_for_marker(drv, inst)
    finally:
        drv.destroy(None, inst, None)
    _assert_gone(env, drv, inst)


def test_failed_spawns_leave_nothing_behind(env):
    drv = env.driver()
    missing = lvfix.make_instance('8a9ba3d6-98a4-4b1c-9a8c-000000000000')
    with pytest.raises(exception.ImageNotFound):
        drv.spawn(None, missing, None, [], None, {})
    _assert_gone(env, drv, missing)

    bad = lvfix.make_instance(env.images['disk'])
    meta = {'id': env.images['disk'],
            'properties': {'hw_machine_type': 'no-such-machine'}}
    with pytest.raises(build.GuestLaunchFailed) as err:
        drv.spawn(None, bad, meta, [], None, {})
    # libvirt's own message is part of the error.
    assert 'error' in str(err.value).split(bad.uuid, 1)[1].lower()
    _assert_gone(env, drv, bad)


def test_host_resources_and_uptime(env):
    drv = env.driver()
    res = drv.get_available_resource('libvirt-test')
    assert res['vcpus'] >= 1 and res['memory_mb'] > 0
    assert res['local_gb'] > 0
    assert res['hypervisor_type'] == 'QEMU'
    assert res['hypervisor_version'] > 1000000
    assert res['hypervisor_hostname']
    assert '"arch": "x86_64"' in res['cpu_info']
    assert ['x86_64', 'qemu', 'hvm'] in res['supported_instances']
    assert 'load average' in drv.get_host_uptime()


def test_image_cache_downloads_once_under_concurrency(env, tmp_path):
    drv = env.driver(str(tmp_path / 'cache-instances'))
    results = []
    threads = [threading.Thread(target=lambda: results.append(
        drv.image_cache.fetch(None, env.images['disk'])))
        for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert drv.image_cache.fetch_count == 1
    assert len({r[0] for r in results}) == 1 and results[0][1] == 'qcow2'


def test_glance_errors_become_nova_exceptions(env):
    with pytest.raises(exception.ImageNotFound):
        env.glance.show(None, '8a9ba3d6-98a4-4b1c-9a8c-000000000001')
    with pytest.raises(glance_client.ImageBadRequest):
        env.glance.create(None, 'bad', disk_format='not-a-format')
