"""Controlling a live migration in progress (compute RPC 5.1): force it
to complete, or abort it.

Both are casts to the source host, sent by nova-api after it checked that
the server is MIGRATING and the migration ``running``.  Each runs inside
the ``compute_<method>`` event of the action the API recorded, so a driver
that cannot do it (NotImplementedError) leaves an Error event the user
can read in os-instance-actions.
"""

from oslo_log import log as logging

from nova.compute.flows import base
from nova.compute import task_states
from nova.compute import vm_states
from nova import exception
from nova import objects

LOG = logging.getLogger(__name__)


class LiveControlFlow(base.FlowBase):
    """Mixed into the compute manager."""

    def live_migration_force_complete(self, context, instance, migration):
        """Ask the driver to finish the migration now (it may pause the
        guest so its memory stops changing)."""
        with base.action_event(context, instance,
                               'live_migration_force_complete', self.host):
            self.driver.live_migration_force_complete(instance)

    def live_migration_abort(self, context, instance, migration_id):
        """Stop the migration; the guest keeps running here.

        The driver returns once the guest is back under this host's
        control; the migration ends ``cancelled`` and the server's task is
        cleared, as when a migration is rolled back.
        """
        migration = objects.Migration.get_by_id(context, migration_id)
        with base.action_event(context, instance, 'live_migration_abort',
                               self.host):
            if migration.status != 'running':
                raise exception.InvalidMigrationState(
                    migration_id=migration_id, instance_uuid=instance.uuid,
                    state=migration.status, method='abort live migration')
            self.driver.live_migration_abort(instance)
            migration.status = 'cancelled'
            migration.save()
            self._finish(instance, vm_states.ACTIVE,
                         [task_states.MIGRATING], host=self.host,
                         node=migration.source_node or instance.node)
        LOG.info('%s: live migration %s aborted', instance.uuid,
                 migration_id)
