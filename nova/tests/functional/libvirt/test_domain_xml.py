"""The domain XML for ``virt_type = kvm`` (which cannot boot on this
machine): its structure, compared as text, and the config and image
properties that shape it.  No daemon is needed."""

import textwrap

import pytest

import nova.conf
from nova import objects
from nova.tests.functional.libvirt import fixtures as lvfix
from nova.virt.libvirt import config as vconfig
from nova.virt.libvirt import designer

CONF = nova.conf.CONF
UUID = '6f1b3a5e-2c4d-4e8f-9a0b-1c2d3e4f5a6b'


@pytest.fixture
def conf():
    """Set options for one test and put the previous values back."""
    saved = []

    def set_(name, value, group):
        saved.append((name, getattr(CONF[group], name), group))
        CONF.set_override(name, value, group)

    yield set_
    for name, value, group in reversed(saved):
        CONF.set_override(name, value, group)


def _domain(props, disks=None, **kw):
    objects.register_all()
    flavor = lvfix.make_flavor('m1.small', memory_mb=2048, vcpus=2)
    inst = lvfix.make_instance('img', flavor=flavor, uuid=UUID,
                               display_name='web-1')
    bus = designer.disk_bus(props, 'kvm')
    disks = disks or [vconfig.Disk('/inst/%s/disk' % UUID,
                                   designer.dev_name(bus, 0), bus,
                                   cache='none')]
    return designer.build_domain(inst, flavor, props, disks,
                                 '/inst/%s/console.log' % UUID,
                                 virt_type='kvm', **kw).to_xml()


def test_kvm_domain_xml(conf):
    conf('cpu_mode', None, 'libvirt')
    conf('use_usb_tablet', True, 'libvirt')
    conf('mem_stats_period_seconds', 10, 'libvirt')
    conf('hw_machine_type', ['x86_64=pc-i440fx-7.2'], 'libvirt')
    conf('enabled', True, 'vnc')
    conf('server_listen', '127.0.0.1', 'vnc')
    conf('enabled', False, 'spice')
    expected = textwrap.dedent('''\
        <domain xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1" type="kvm">
          <name>instance-%(u)s</name>
          <uuid>%(u)s</uuid>
          <metadata>
            <nova:instance>
              <nova:name>web-1</nova:name>
              <nova:flavor>m1.small</nova:flavor>
              <nova:memory>2048</nova:memory>
              <nova:vcpus>2</nova:vcpus>
            </nova:instance>
          </metadata>
          <memory unit="KiB">2097152</memory>
          <currentMemory unit="KiB">2097152</currentMemory>
          <vcpu>2</vcpu>
          <os>
            <type machine="pc-i440fx-7.2">hvm</type>
            <boot dev="hd" />
          </os>
          <features>
            <acpi />
            <apic />
          </features>
          <cpu mode="host-model" />
          <clock offset="utc">
            <timer name="rtc" tickpolicy="catchup" />
            <timer name="pit" tickpolicy="delay" />
          </clock>
          <on_poweroff>destroy</on_poweroff>
          <on_reboot>restart</on_reboot>
          <on_crash>destroy</on_crash>
          <devices>
            <disk type="file" device="disk">
              <driver name="qemu" type="qcow2" cache="none" />
              <source file="/inst/%(u)s/disk" />
              <target dev="vda" bus="virtio" />
            </disk>
            <interface type="bridge">
              <source bridge="br100" />
              <mac address="fa:16:3e:00:00:01" />
              <model type="virtio" />
            </interface>
            <serial type="pty">
              <log file="/inst/%(u)s/console.log" append="off" />
              <target port="0" />
            </serial>
            <console type="pty">
              <target type="serial" port="0" />
            </console>
            <graphics type="vnc" autoport="yes" listen="127.0.0.1">
              <listen type="address" address="127.0.0.1" />
            </graphics>
            <input type="tablet" bus="usb" />
            <video>
              <model type="cirrus" />
            </video>
            <memballoon model="virtio">
              <stats period="10" />
            </memballoon>
          </devices>
        </domain>''') % {'u': UUID}
    nic = {'address': 'fa:16:3e:00:00:01', 'network': {'bridge': 'br100'}}
    assert _domain({}, network_info=[nic]) == expected


def test_image_properties_shape_disks_nics_and_clock(conf):
    conf('enabled', False, 'vnc')
    conf('cpu_mode', 'host-passthrough', 'libvirt')
    props = {'hw_disk_bus': 'scsi', 'hw_vif_model': 'e1000',
             'os_type': 'windows', 'hw_machine_type': 'q35'}
    xml = _domain(props, network_info=[{'address': 'fa:16:3e:00:00:02',
                                        'devname': 'tap1'}])
    dom = vconfig.parse(xml)
    assert dom.find('./devices/disk/target').attrib == {'dev': 'sda',
                                                        'bus': 'scsi'}
    assert dom.find('./devices/interface').get('type') == 'ethernet'
    assert dom.find('./devices/interface/model').get('type') == 'e1000'
    assert dom.find('./devices/interface/target').get('dev') == 'tap1'
    assert dom.find('clock').get('offset') == 'localtime'
    assert dom.find('./os/type').get('machine') == 'q35'
    assert dom.find('cpu').attrib == {'mode': 'host-passthrough'}
    assert dom.find('./devices/graphics') is None


def test_custom_cpu_spice_and_direct_kernel_boot(conf):
    conf('cpu_mode', 'custom', 'libvirt')
    conf('cpu_model', 'Haswell-noTSX', 'libvirt')
    conf('cpu_model_extra_flags', ['pcid'], 'libvirt')
    conf('enabled', False, 'vnc')
    conf('enabled', True, 'spice')
    conf('server_listen', '0.0.0.0', 'spice')
    xml = _domain({}, kernel='/inst/k', initrd='/inst/r')
    dom = vconfig.parse(xml)
    assert dom.find('cpu').get('mode') == 'custom'
    assert dom.findtext('./cpu/model') == 'Haswell-noTSX'
    assert dom.find('./cpu/feature').attrib == {'policy': 'require',
                                                'name': 'pcid'}
    assert dom.findtext('./os/kernel') == '/inst/k'
    assert dom.findtext('./os/initrd') == '/inst/r'
    assert dom.findtext('./os/cmdline') == \
        'root=/dev/vda console=tty0 console=ttyS0'
    assert dom.find('./os/boot') is None
    gfx = dom.find('./devices/graphics')
    assert (gfx.get('type'), gfx.get('listen')) == ('spice', '0.0.0.0')
    assert dom.find('./devices/video/model').get('type') == 'qxl'


def test_qemu_defaults_to_no_cpu_model_and_cache_modes_follow_config(
        conf, tmp_path):
    conf('cpu_mode', None, 'libvirt')
    assert designer.cpu_config('qemu') is None
    conf('disk_cachemodes', ['file=directsync'], 'libvirt')
    assert designer.cache_mode(str(tmp_path)) == 'directsync'
    conf('disk_cachemodes', [], 'libvirt')
    assert designer.cache_mode(str(tmp_path)) in ('none', 'writethrough')
