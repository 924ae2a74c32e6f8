"""[workarounds]: switches for known bugs in nova or its dependencies."""

from oslo_config import cfg

workarounds_group = cfg.OptGroup(
    'workarounds', title='Workaround Options',
    help="Each option here works around a specific bug; leave them at "
         "their defaults unless you are affected.")

workarounds_opts = [
    cfg.BoolOpt('disable_rootwrap', default=False,
                help="Use sudo directly instead of rootwrap (for hosts "
                     "where rootwrap is too slow)."),
    cfg.BoolOpt('disable_libvirt_livesnapshot', default=True,
                help="Use cold snapshots with libvirt, avoiding live "
                     "snapshot bugs in some libvirt/QEMU versions."),
    cfg.BoolOpt('handle_virt_lifecycle_events', default=True,
                help="React to hypervisor lifecycle events (e.g. a guest "
                     "stopped outside nova) by syncing power state."),
    cfg.BoolOpt('disable_group_policy_check_upcall', default=False,
                help="Skip the compute host's re-check of server group "
                     "(anti-)affinity, which calls the API database."),
    cfg.BoolOpt('enable_consoleauth', default=False,
                help="Keep using nova-consoleauth for console tokens "
                     "during upgrades."),
]


def register_opts(conf):
    conf.register_group(workarounds_group)
    conf.register_opts(workarounds_opts, group=workarounds_group)


def list_opts():
    return {workarounds_group: workarounds_opts}
