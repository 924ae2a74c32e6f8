"""One Service class for every RPC daemon, and the process launcher.

A Service binds a manager (the RPC endpoint) to a topic and a host: it
creates or updates its ``services`` row, serves RPC on ``topic`` and
``topic.host`` (oslo.messaging's threading executor), heartbeats through the
servicegroup API and runs the manager's periodic tasks in a thread.

``serve(service, workers)`` runs it in the foreground: SIGTERM/SIGINT stop
gracefully (in-flight RPC calls finish), SIGHUP reloads mutable
configuration and calls ``manager.reset()``.  With workers > 1 the process
forks that many children, each a full copy of the service.
"""

import logging as std_logging
import os
import random
import signal
import sys
import threading

import oslo_messaging as messaging
from oslo_log import log as logging
from oslo_utils import importutils

import nova.conf
from nova import baserpc
from nova import context
from nova import exception
from nova import objects
from nova import process
from nova.objects import service as service_obj
from nova import rpc
from nova import servicegroup
from nova import version

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

SERVICE_MANAGERS = {
    'nova-compute': 'nova.compute.manager.ComputeManager',
    'nova-conductor': 'nova.conductor.manager.ConductorManager',
    'nova-scheduler': 'nova.scheduler.manager.SchedulerManager',
}


class Service(object):
    """An RPC service: a manager, an RPC server, heartbeats, periodic tasks.
    """

    def __init__(self, host, binary, topic, manager,
                 report_interval=None, periodic_enable=None,
                 periodic_fuzzy_delay=None, periodic_interval_max=None):
        self.host = host
        self.binary = binary
        self.topic = topic
        self.manager_class_name = manager
        self.servicegroup_api = servicegroup.API()
        manager_class = importutils.import_class(self.manager_class_name)
        self.manager = manager_class(host=self.host)
        self.report_interval = report_interval
        self.periodic_enable = periodic_enable
        self.periodic_fuzzy_delay = periodic_fuzzy_delay
        self.periodic_interval_max = periodic_interval_max
        self.service_ref = None
        self.rpcserver = None
        self._heartbeat = None
        self._periodic_thread = None
        self._stop_event = threading.Event()

    def __repr__(self):
        return "<%s: host=%s, binary=%s, manager_class_name=%s>" % (
            self.__class__.__name__, self.host, self.binary,
            self.manager_class_name)

    @classmethod
    def create(cls, host=None, binary=None, topic=None, manager=None,
               report_interval=None, periodic_enable=None,
               periodic_fuzzy_delay=None, periodic_interval_max=None):
        """A service for ``binary`` with defaults from configuration."""
        binary = binary or os.path.basename(sys.argv[0])
        topic = topic or binary.rpartition('nova-')[2]
        manager = manager or SERVICE_MANAGERS[binary]
        return cls(host or CONF.host, binary, topic, manager,
                   report_interval=(CONF.report_interval
                                    if report_interval is None
                                    else report_interval),
                   periodic_enable=(CONF.periodic_enable
                                    if periodic_enable is None
                                    else periodic_enable),
                   periodic_fuzzy_delay=(CONF.periodic_fuzzy_delay
                                         if periodic_fuzzy_delay is None
                                         else periodic_fuzzy_delay),
                   periodic_interval_max=periodic_interval_max)

    # -- life cycle ---------------------------------------------------------

    def start(self):
        LOG.info('Starting %(topic)s node (version %(version)s)',
                 {'topic': self.topic,
                  'version': version.version_string_with_package()})
        self.manager.init_host()
        ctxt = context.get_admin_context()
        self.service_ref = self._register(ctxt)
        self.manager.pre_start_hook(service_ref=self.service_ref)

        target = messaging.Target(topic=self.topic, server=self.host)
        endpoints = [self.manager, baserpc.BaseRPCAPI(self.topic)]
        endpoints.extend(self.manager.additional_endpoints)
        self.rpcserver = rpc.get_server(target, endpoints)
        self.rpcserver.start()
        self.manager.post_start_hook()

        if self.report_interval:
            self._heartbeat = self.servicegroup_api.join(self)
        if self.periodic_enable:
            self._periodic_thread = threading.Thread(
                target=self._run_periodic_tasks, daemon=True,
                name='periodic-%s' % self.binary)
            self._periodic_thread.start()
        LOG.info('%(binary)s started on host %(host)s (topic %(topic)s)',
                 {'binary': self.binary, 'host': self.host,
                  'topic': self.topic})

    def _register(self, ctxt):
        """Create our services row, or bring an existing one up to date."""
        ref = service_obj.Service.get_by_host_and_binary(
            ctxt, self.host, self.binary)
        if ref is None:
            ref = service_obj.Service(ctxt)
            ref.host = self.host
            ref.binary = self.binary
            ref.topic = self.topic
            ref.report_count = 0
            ref.disabled = False
            ref.forced_down = False
            try:
                ref.create()
            except (exception.ServiceBinaryExists,
                    exception.ServiceTopicExists,
                    exception.DBDuplicateEntry):
                # Another worker of this service registered first.
                ref = service_obj.Service.get_by_host_and_binary(
                    ctxt, self.host, self.binary)
        else:
            if ref.version != service_obj.SERVICE_VERSION:
                ref.version = service_obj.SERVICE_VERSION
            if ref.topic != self.topic:
                ref.topic = self.topic
            ref.save()
        return ref

    def _run_periodic_tasks(self):
        if self.periodic_fuzzy_delay:
            if self._stop_event.wait(
                    random.randint(0, self.periodic_fuzzy_delay)):
                return
        ctxt = context.get_admin_context()
        while not self._stop_event.is_set():
            try:
                idle = self.manager.periodic_tasks(ctxt)
            except Exception:
                LOG.exception('Error during %s periodic tasks', self.binary)
                idle = 1
            if self.periodic_interval_max is not None:
                idle = min(idle, self.periodic_interval_max)
            self._stop_event.wait(max(idle or 1, 0.1))

    def stop(self, graceful=True):
        """Stop taking RPC, let in-flight calls finish, stop the threads."""
        self._stop_event.set()
        if self.rpcserver is not None:
            try:
                self.rpcserver.stop()
                if graceful:
                    self.rpcserver.wait()
            except Exception:
                LOG.exception('Error stopping the RPC server')
        if self._heartbeat is not None:
            self._heartbeat.stop()
        try:
            self.manager.cleanup_host()
        except Exception:
            LOG.exception('Service error occurred during cleanup_host')
        LOG.info('%s stopped', self.binary)

    def reset(self):
        """SIGHUP: reload mutable options and let the manager react."""
        CONF.mutate_config_files()
        self.manager.reset()

    def wait(self):
        self._stop_event.wait()


def serve(service, workers=None):
    """Run ``service`` until SIGTERM/SIGINT; fork ``workers`` copies.

    Returns the exit status for the process.
    """
    workers = workers or 1
    if workers == 1:
        return _run_one(service)
    return _run_workers(service, workers)


def _run_one(service):
    stop_requested = threading.Event()

    def _on_stop(signum, _frame):
        LOG.info('Caught %s, stopping gracefully',
                 signal.Signals(signum).name)
        stop_requested.set()

    def _on_hup(_signum, _frame):
        LOG.info('Caught SIGHUP, reloading configuration')
        try:
            service.reset()
        except Exception:
            LOG.exception('Error while reloading')

    signal.signal(signal.SIGTERM, _on_stop)
    signal.signal(signal.SIGINT, _on_stop)
    signal.signal(signal.SIGHUP, _on_hup)
    service.start()
    # Modules, configuration, the manager and its RPC server live as long
    # as the process: without this, each full collection (one every few
    # hundred RPCs under load) walked all of them, 0.3-0.4 s of a
    # conductor's CPU at a time on a slow machine.
    process.freeze_long_lived()
    while not stop_requested.wait(1.0):
        pass
    service.stop(graceful=True)
    rpc.cleanup()
    return 0


def _run_workers(service, workers):
    """Fork ``workers`` children, each running the service; relay signals.
    """
    children = set()
    master = os.getpid()
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:
            # Child: fresh connections, then run like a single process.
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            process.die_with_parent(parent=master)
            from nova.db import engine as db_engine
            db_engine.dispose_all()
            rpc.TRANSPORT = None
            rpc.init(CONF)
            status = 1
            try:
                status = _run_one(service)
            except Exception:
                LOG.exception('Worker failed')
            finally:
                os._exit(status)
        children.add(pid)

    def _relay(signum, _frame):
        for pid in list(children):
            try:
                os.kill(pid, signum)
            except ProcessLookupError:
                children.discard(pid)

    signal.signal(signal.SIGTERM, _relay)
    signal.signal(signal.SIGINT, _relay)
    signal.signal(signal.SIGHUP, _relay)
    status = 0
    while children:
        try:
            pid, wstatus = os.wait()
        except ChildProcessError:
            break
        children.discard(pid)
        if os.waitstatus_to_exitcode(wstatus) != 0:
            status = 1
    return status


def setup_service(binary, argv=None):
    """Common start-up of an RPC daemon: config, logging, objects, RPC."""
    from nova import config
    config.parse_args(argv if argv is not None else sys.argv)
    if hasattr(config, 'setup_logging'):
        config.setup_logging(binary)
    objects.register_all()
    # stevedore logs its own warning for an unknown driver; the one line
    # below says it better.
    stevedore_log = std_logging.getLogger('stevedore')
    level = stevedore_log.level
    stevedore_log.setLevel(std_logging.ERROR)
    try:
        rpc.init(CONF)
    except (messaging.InvalidTransportURL,
            messaging.DriverLoadFailure) as e:
        sys.stderr.write('%s: error: invalid value for [DEFAULT] '
                         'transport_url: %s\n' % (binary, e))
        sys.exit(2)
    finally:
        stevedore_log.setLevel(level)
