"""[notifications]: what nova emits on the notification bus."""

from oslo_config import cfg

notifications_group = cfg.OptGroup(
    'notifications', title='Notifications options',
    help="Nova's notifications.  Where they go (driver, topics, "
         "transport) is set in [oslo_messaging_notifications].")

notifications_opts = [
    cfg.StrOpt('notify_on_state_change',
               choices=[(None, 'No state-change notifications.'),
                        ('vm_state', 'Notify on VM state changes.'),
                        ('vm_and_task_state',
                         'Notify on VM and task state changes.')],
               deprecated_group='DEFAULT',
               help="Send compute.instance.update when an instance's "
                    "state changes."),
    cfg.BoolOpt('notify_on_api_faults', default=False,
                deprecated_group='DEFAULT',
                deprecated_name='notify_api_faults',
                help="Send api.fault notifications for API errors."),
    cfg.StrOpt('default_level', default='INFO',
               choices=('DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'),
               deprecated_group='DEFAULT',
               deprecated_name='default_notification_level',
               help="Priority of notifications nova sends."),
    cfg.StrOpt('default_publisher_id', default='$host',
               deprecated_group='DEFAULT',
               help="Publisher id of notifications (default: the host)."),
    cfg.StrOpt('notification_format', default='both',
               choices=[('both', 'Send both formats.'),
                        ('versioned', 'Only versioned notifications.'),
                        ('unversioned', 'Only legacy notifications.')],
               deprecated_group='DEFAULT',
               help="Which notification formats are emitted."),
    cfg.ListOpt('versioned_notifications_topics',
                default=['versioned_notifications'],
                help="Topics versioned notifications are sent to."),
    cfg.BoolOpt('bdms_in_notifications', default=False,
                help="Include block device mappings in versioned instance "
                     "notifications."),
]


def register_opts(conf):
    conf.register_group(notifications_group)
    conf.register_opts(notifications_opts, group=notifications_group)


def list_opts():
    return {notifications_group: notifications_opts}
