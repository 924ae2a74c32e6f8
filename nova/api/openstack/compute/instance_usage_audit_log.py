"""The instance usage audit log (administrators):
``GET /os-instance_usage_audit_log[/{before_timestamp}]``.

Computes with ``instance_usage_audit`` on record, per audit period
(``instance_usage_audit_period``: hour, day, month or year, optionally
``@offset``), one ``task_log`` row 'instance_usage_audit' each.  This
summarizes the last period completed (before now, or before the given
time) over every cell: which compute hosts are done, running or have not
run, and their instance and error counts.
"""

import datetime

import webob.exc
from oslo_utils import timeutils

import nova.conf
from nova.api.openstack import wsgi
from nova import context as nova_context
from nova.i18n import _
from nova import objects
from nova.objects import task_log
from nova.policies import instance_usage_audit_log as policies

CONF = nova.conf.CONF
TASK_NAME = 'instance_usage_audit'


def _month_before(year, month):
    return (year - 1, 12) if month == 1 else (year, month - 1)


def last_completed_audit_period(unit=None, before=None):
    """(begin, end) of the last audit period that ended before ``before``
    (default: now)."""
    unit = unit or CONF.instance_usage_audit_period
    offset = 0
    if '@' in unit:
        unit, offset = unit.split('@', 1)
        offset = int(offset)
    now = before if before is not None else timeutils.utcnow()
    if unit == 'month':
        offset = offset or 1
        end = datetime.datetime(now.year, now.month, offset)
        if end >= now:
            end = datetime.datetime(*_month_before(now.year, now.month),
                                    offset)
        begin = datetime.datetime(*_month_before(end.year, end.month),
                                  offset)
    elif unit == 'year':
        offset = offset or 1
        end = datetime.datetime(now.year, offset, 1)
        if end >= now:
            end = datetime.datetime(now.year - 1, offset, 1)
        begin = datetime.datetime(end.year - 1, offset, 1)
    elif unit == 'day':
        end = datetime.datetime(now.year, now.month, now.day, offset)
        if end >= now:
            end -= datetime.timedelta(days=1)
        begin = end - datetime.timedelta(days=1)
    elif unit == 'hour':
        end = now.replace(minute=offset, second=0, microsecond=0)
        if end >= now:
            end -= datetime.timedelta(hours=1)
        begin = end - datetime.timedelta(hours=1)
    else:
        raise ValueError('Time period must be hour, day, month or year')
    return begin, end


def _cells(context):
    return [cell for cell in objects.CellMappingList.get_all(context)
            if not cell.is_cell0()]


def _audit(context, before=None):
    begin, end = last_completed_audit_period(before=before)
    hosts, logs = set(), []
    for cell in _cells(context):
        with nova_context.target_cell(context, cell) as cctxt:
            # Disabled computes count: they may still hold instances.
            hosts.update(s.host for s in objects.ServiceList.get_all(cctxt)
                         if s.binary == 'nova-compute')
            logs.extend(task_log.get_all(cctxt, TASK_NAME, begin, end))
    seen = {log['host'] for log in logs}
    done = {log['host'] for log in logs if log['state'] == 'DONE'}
    running = {log['host'] for log in logs if log['state'] == 'RUNNING'}
    errors = sum(log['errors'] for log in logs)
    items = sum(log['task_items'] for log in logs)
    not_run = sorted(hosts - seen)
    overall = '%s hosts done. %s errors.' % (
        'ALL' if len(done) == len(hosts)
        else '%s of %s' % (len(done), len(hosts)), errors)
    return {
        'period_beginning': str(begin), 'period_ending': str(end),
        'num_hosts': len(hosts), 'num_hosts_done': len(done),
        'num_hosts_running': len(running),
        'num_hosts_not_run': len(not_run), 'hosts_not_run': not_run,
        'total_instances': items, 'total_errors': errors,
        'overall_status': overall,
        'log': {log['host']: {'state': log['state'],
                              'instances': log['task_items'],
                              'errors': log['errors'],
                              'message': log['message']}
                for log in logs},
    }


@wsgi.expected_errors(())
def index(req):
    req.context.can(policies.BASE_POLICY_NAME, target={})
    return {'instance_usage_audit_logs': _audit(req.context)}


@wsgi.expected_errors(400)
def show(req, before_timestamp):
    req.context.can(policies.BASE_POLICY_NAME, target={})
    fmt = ('%Y-%m-%d %H:%M:%S.%f' if '.' in before_timestamp
           else '%Y-%m-%d %H:%M:%S')
    try:
        before = datetime.datetime.strptime(before_timestamp, fmt)
    except ValueError:
        raise webob.exc.HTTPBadRequest(explanation=_(
            'Invalid timestamp for date %s') % before_timestamp)
    return {'instance_usage_audit_log': _audit(req.context, before)}
