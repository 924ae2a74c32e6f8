"""General [DEFAULT] options that belong to no single service."""

from oslo_config import cfg

base_options = [
    cfg.IntOpt('password_length', default=12, min=0,
               help="Length of the admin passwords nova generates for new "
                    "servers (rebuild, rescue, create without adminPass)."),
    cfg.StrOpt('instance_usage_audit_period', default='month',
               regex=r'^(hour|month|day|year)(@([0-9]+))?$',
               help="Period covered by instance usage audit notifications: "
                    "hour, day, month or year, optionally with an offset "
                    "such as ``month@15`` (the period starts on the 15th)."),
    cfg.BoolOpt('use_rootwrap_daemon', default=False,
                help="Run privileged commands through a long-lived "
                     "rootwrap daemon instead of one sudo per command."),
    cfg.StrOpt('rootwrap_config', default='/etc/nova/rootwrap.conf',
               help="Path to the rootwrap configuration file, used to run "
                    "commands as root."),
    cfg.StrOpt('tempdir',
               help="Directory for temporary files (default: the system's "
                    "temporary directory)."),
    cfg.BoolOpt('monkey_patch', default=False,
                deprecated_for_removal=True,
                deprecated_since='17.0.0',
                deprecated_reason="Monkey patching of nova modules is not "
                                  "supported.",
                help="Decorate the functions named in "
                     "monkey_patch_modules (debugging aid)."),
    cfg.ListOpt('monkey_patch_modules',
                default=['nova.compute.api:nova.notifications.'
                         'notify_decorator'],
                deprecated_for_removal=True,
                deprecated_since='17.0.0',
                deprecated_reason="Monkey patching of nova modules is not "
                                  "supported.",
                help="``module:decorator`` pairs applied when "
                     "monkey_patch is set."),
]


def register_opts(conf):
    conf.register_opts(base_options)


def list_opts():
    return {'DEFAULT': base_options}
