"""Possible vm states of an instance (the stable, user-visible state).

A vm_state describes where an instance is at rest: running, stopped,
suspended...  A transition in progress is described by the task state
(``nova.compute.task_states``); both are shown to users by the API as the
``OS-EXT-STS`` attributes and folded into the server ``status``.
"""

ACTIVE = 'active'          # running, reachable
BUILDING = 'building'      # being created; not yet running
PAUSED = 'paused'          # frozen in memory, not scheduled on CPUs
SUSPENDED = 'suspended'    # saved to disk, not running
STOPPED = 'stopped'        # powered off, disks kept
RESCUED = 'rescued'        # booted from a rescue image
RESIZED = 'resized'        # resized/migrated, waiting for confirm or revert

# Deleted by the user but kept for [DEFAULT] reclaim_instance_interval
# seconds, during which it can be restored.
SOFT_DELETED = 'soft-delete'

# Deleted: the record stays (soft-deleted row) for accounting.
DELETED = 'deleted'

ERROR = 'error'

SHELVED = 'shelved'                      # shelved, still on its host
SHELVED_OFFLOADED = 'shelved_offloaded'  # shelved and removed from host

# States from which a reboot may be requested.
ALLOW_SOFT_REBOOT = [ACTIVE]
ALLOW_HARD_REBOOT = ALLOW_SOFT_REBOOT + [STOPPED, PAUSED, SUSPENDED, ERROR]
ALLOW_TRIGGER_CRASH_DUMP = [ACTIVE, PAUSED, RESCUED, RESIZED, ERROR]

# States in which an instance holds resources on its host.
ALLOW_RESOURCE_REMOVAL = [DELETED, SHELVED_OFFLOADED]
