"""What this host offers: get_available_resource and diagnostics."""

import os

from nova.compute import power_state
from nova.virt.libvirt import config as vconfig

GiB = 1024 ** 3


def _disk_gb(path):
    os.makedirs(path, exist_ok=True)
    st = os.statvfs(path)
    total = st.f_frsize * st.f_blocks // GiB
    free = st.f_frsize * st.f_bavail // GiB
    return total, total - free, free


def available_resource(drv, nodename):
    host = drv.host
    guests = host.list_guests()
    vcpus_used = 0
    for guest in guests:
        if guest.is_active():
            vcpus_used += guest.info()[3]
    total_gb, used_gb, free_gb = _disk_gb(drv.instances_path)
    return {
        'vcpus': host.get_cpu_count(),
        'memory_mb': host.get_memory_mb_total(),
        'local_gb': total_gb,
        'vcpus_used': vcpus_used,
        'memory_mb_used': host.get_memory_mb_used(),
        'local_gb_used': used_gb,
        'hypervisor_type': host.get_hypervisor_type(),
        'hypervisor_version': host.get_version(),
        'hypervisor_hostname': drv.nodename(),
        'cpu_info': host.get_cpu_info(),
        'disk_available_least': free_gb,
        'supported_instances': host.get_supported_instances(),
        'numa_topology': None,
    }


def diagnostics(drv, instance):
    guest = drv.host.get_guest(instance)
    state, max_kib, kib, vcpus, cpu_ns = guest.info()
    xml = guest.get_xml()
    return {'state': power_state.STATE_MAP[guest.get_power_state()],
            'driver': 'libvirt', 'hypervisor': drv.host.get_hypervisor_type(),
            'num_cpus': vcpus, 'cpu_time_ns': cpu_ns,
            'memory_details': {'maximum': max_kib // 1024,
                               'used': kib // 1024},
            'disks': [dev for dev, _path in vconfig.disk_paths(xml)],
            'config_drive': False}
