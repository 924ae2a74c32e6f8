"""Events a virt driver reports about its guests.

A driver turns what its hypervisor tells it (libvirt's domain lifecycle
callbacks, for example) into :class:`LifecycleEvent` objects and hands them
to the listener the compute manager registered with
``ComputeDriver.register_event_listener``.  The compute manager then syncs
the instance's power state (e.g. a guest shut down from inside shows up
as SHUTOFF).
"""

import time

EVENT_LIFECYCLE_STARTED = 0
EVENT_LIFECYCLE_STOPPED = 1
EVENT_LIFECYCLE_PAUSED = 2
EVENT_LIFECYCLE_RESUMED = 3
EVENT_LIFECYCLE_SUSPENDED = 4
EVENT_LIFECYCLE_POSTCOPY_STARTED = 5
EVENT_LIFECYCLE_MIGRATION_COMPLETED = 6

NAMES = {
    EVENT_LIFECYCLE_STARTED: 'Started',
    EVENT_LIFECYCLE_STOPPED: 'Stopped',
    EVENT_LIFECYCLE_PAUSED: 'Paused',
    EVENT_LIFECYCLE_RESUMED: 'Resumed',
    EVENT_LIFECYCLE_SUSPENDED: 'Suspended',
    EVENT_LIFECYCLE_POSTCOPY_STARTED: 'Postcopy Started',
    EVENT_LIFECYCLE_MIGRATION_COMPLETED: 'Migration Completed',
}


class Event(object):
    """Something that happened on the hypervisor, with a timestamp."""

    def __init__(self, timestamp=None):
        self.timestamp = time.time() if timestamp is None else timestamp


class InstanceEvent(Event):
    """An event about one guest, named by its instance uuid."""

    def __init__(self, uuid, timestamp=None):
        super().__init__(timestamp)
        self.uuid = uuid


class LifecycleEvent(InstanceEvent):
    """A guest started, stopped, paused, resumed or was suspended."""

    def __init__(self, uuid, transition, timestamp=None):
        super().__init__(uuid, timestamp)
        if transition not in NAMES:
            raise ValueError('unknown lifecycle transition %r' % transition)
        self.transition = transition

    def get_name(self):
        return NAMES[self.transition]

    def __repr__(self):
        return '<LifecycleEvent: %s, %s => %s>' % (
            self.timestamp, self.uuid, self.get_name())
