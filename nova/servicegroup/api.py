"""Service liveness: heartbeats in, up/down out.

The database driver (the only one) is here: a service "joins" by starting a
heartbeat thread that bumps its row's ``report_count`` every
``report_interval`` seconds (through conductor for nova-compute); a service
is up while its last heartbeat is younger than ``service_down_time`` and it
is not forced down.
"""

import datetime
import threading

from oslo_log import log as logging
from oslo_utils import timeutils

import nova.conf
from nova import context as nova_context

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


class API(object):

    def __init__(self):
        report_interval = CONF.report_interval
        if report_interval >= CONF.service_down_time:
            LOG.warning('Report interval must be less than service down '
                        'time.  Current config: <service_down_time: '
                        '%(down)s, report_interval: %(report)s>.  Setting '
                        'service_down_time to: %(new)s',
                        {'down': CONF.service_down_time,
                         'report': report_interval,
                         'new': int(report_interval * 2.5)})
            CONF.set_override('service_down_time', int(report_interval * 2.5))

    def join(self, service):
        """Start heartbeats for ``service`` (a nova.service.Service)."""
        heartbeat = Heartbeat(service, CONF.report_interval)
        heartbeat.start()
        return heartbeat

    def is_up(self, service_ref, now=None):
        """True if ``service_ref`` (a Service object) reported recently.

        ``now`` (naive UTC) lets a caller judging many services read the
        clock once.
        """
        earliest, latest = self.up_window(now)
        return self.is_up_in(self.last_heartbeat(service_ref), earliest,
                             latest)

    @staticmethod
    def last_heartbeat(service_ref):
        """When ``service_ref`` last reported (naive UTC), or None if it
        never did or is forced down: what :meth:`is_up_in` judges."""
        return API.heartbeat_of(service_ref.forced_down,
                                service_ref.last_seen_up,
                                service_ref.updated_at,
                                service_ref.created_at)

    @staticmethod
    def heartbeat_of(forced_down, last_seen_up, updated_at, created_at):
        """:meth:`last_heartbeat` from a service's columns."""
        if forced_down:
            return None
        last_heartbeat = last_seen_up or updated_at or created_at
        if last_heartbeat is None:
            return None
        return last_heartbeat.replace(tzinfo=None)

    @staticmethod
    def up_window(now=None):
        """(earliest, latest) heartbeat of a service up at ``now`` (naive
        UTC, default the clock): ``service_down_time`` either side, so a
        heartbeat stamped by a clock ahead of ours still counts."""
        if now is None:
            now = timeutils.utcnow(with_timezone=False)
        down_time = datetime.timedelta(seconds=CONF.service_down_time)
        return now - down_time, now + down_time

    @staticmethod
    def is_up_in(last_heartbeat, earliest, latest):
        return (last_heartbeat is not None and
                earliest <= last_heartbeat <= latest)

    def service_is_up(self, service_ref):
        return self.is_up(service_ref)


class Heartbeat(threading.Thread):
    """Bumps a service's report_count every ``interval`` seconds."""

    def __init__(self, service, interval):
        super().__init__(name='heartbeat-%s' % service.binary, daemon=True)
        self.service = service
        self.interval = interval
        self._stop_event = threading.Event()
        self.model_disconnected = False

    def stop(self):
        self._stop_event.set()

    def run(self):
        while not self._stop_event.wait(self.interval):
            self.report_state()

    def report_state(self):
        service_ref = self.service.service_ref
        ctxt = nova_context.get_admin_context()
        try:
            with service_ref.obj_alternate_context(ctxt):
                service_ref.report_count += 1
                service_ref.save()
            if self.model_disconnected:
                self.model_disconnected = False
                LOG.info('Recovered connection to nova-conductor/database '
                         'for reporting service status.')
        except Exception:
            # Keep beating: a restarted broker or database must not make
            # a healthy service look dead for good.
            if not self.model_disconnected:
                self.model_disconnected = True
                LOG.exception('Unexpected error while reporting service '
                              'status')
