"""Consoles: the serial log, and where the VNC/SPICE servers listen."""

import os

import nova.conf
from nova import exception
from nova.virt.libvirt import config as vconfig

CONF = nova.conf.CONF
MAX_CONSOLE_BYTES = 100 * 1024


def console_output(drv, instance):
    """The last 100 KiB the guest printed on its serial port."""
    drv.host.get_guest(instance)  # InstanceNotFound when there is none
    path = drv.files(instance).console_log
    if not os.path.exists(path):
        return ''
    with open(path, 'rb') as f:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        f.seek(max(0, size - MAX_CONSOLE_BYTES))
        return f.read().decode('utf-8', 'replace')


def vnc_console(drv, instance):
    ports = vconfig.graphics_port(drv.host.get_guest(instance).get_xml(),
                                  'vnc')
    if ports is None:
        raise exception.ConsoleTypeUnavailable(console_type='vnc')
    return {'host': CONF.vnc.server_proxyclient_address, 'port': ports[0],
            'internal_access_path': None}


def spice_console(drv, instance):
    ports = vconfig.graphics_port(drv.host.get_guest(instance).get_xml(),
                                  'spice')
    if ports is None:
        raise exception.ConsoleTypeUnavailable(console_type='spice')
    return {'host': CONF.spice.server_proxyclient_address,
            'port': ports[0], 'tlsPort': ports[1],
            'internal_access_path': None}
