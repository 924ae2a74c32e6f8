"""Usage of projects over a period (``os-simple-tenant-usage``).

A server counts for the hours it ran inside [start, end): from its
``launched_at`` (or start) to its ``terminated_at`` (or end).  Its flavor
turns hours into vCPU-hours, MB-hours and GB-hours.  Servers are read in
every cell, deleted ones included.  ``start`` and ``end`` default to now;
``detailed=1`` lists the servers of each project in the index.  From 2.40
the servers are paged (``limit``, ``marker``: a server uuid), ordered by
project then uuid, with a ``next`` link when a page is full.
"""

import datetime
import heapq
import urllib.parse

import sqlalchemy as sa
import webob.exc
from oslo_utils import timeutils

import nova.conf
from nova.api.openstack import common
from nova.api.openstack.compute import services
from nova.api.openstack import wsgi
from nova.db import engine as db
from nova.i18n import _
from nova.objects import instance as instance_obj
from nova.policies import simple_tenant_usage as policies

CONF = nova.conf.CONF
PAGING_SINCE = '2.40'
_TIME_FORMATS = ('%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M:%S.%f',
                 '%Y-%m-%d %H:%M:%S.%f')
_OUT_FORMAT = '%Y-%m-%dT%H:%M:%S.%f'


# --- the period -------------------------------------------------------------

def _parse_time(value):
    if not value:
        return timeutils.utcnow()
    for fmt in _TIME_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt)
        except ValueError:
            continue
    raise webob.exc.HTTPBadRequest(
        explanation=_('Datetime is in invalid format'))


def _period(req):
    start = _parse_time(req.params.get('start'))
    end = _parse_time(req.params.get('end'))
    if not start < end:
        raise webob.exc.HTTPBadRequest(explanation=_(
            'Invalid start time. The start time cannot occur after the end '
            'time.'))
    return start, end


def _time(value):
    return value.strftime(_OUT_FORMAT) if value else None


def _naive(value):
    return timeutils.normalize_time(value) if value else None


# --- finding the servers ---------------------------------------------------------

def _window_query(start, end, project_id):
    from nova.db.main import models
    Inst = models.Instance
    query = (sa.select(Inst.project_id, Inst.uuid)
             .where(sa.or_(Inst.terminated_at.is_(None),
                           Inst.terminated_at > start))
             .where(Inst.launched_at < end))
    if project_id is not None:
        query = query.where(Inst.project_id == project_id)
    return Inst, query


def _marker_key(context, marker):
    """(project_id, uuid) of the marker server, in whichever cell."""
    from nova.db.main import models
    Inst = models.Instance
    for cctxt in services.each_cell(context):
        with db.main_session(cctxt) as session:
            project_id = session.execute(
                sa.select(Inst.project_id).where(Inst.uuid == marker)
            ).scalars().first()
        if project_id is not None:
            return (project_id, marker)
    raise webob.exc.HTTPBadRequest(
        explanation=_('Marker %(marker)s could not be found.') % {
            'marker': marker})


def _servers(context, start, end, project_id, limit=None, marker=None):
    """Instances (with their flavor) active in the period, across cells,
    ordered by (project_id, uuid), at most ``limit`` after ``marker``."""
    after = _marker_key(context, marker) if marker else None
    per_cell = []
    for cctxt in services.each_cell(context):
        Inst, query = _window_query(start, end, project_id)
        if after is not None:
            query = query.where(sa.or_(
                Inst.project_id > after[0],
                sa.and_(Inst.project_id == after[0], Inst.uuid > after[1])))
        query = query.order_by(Inst.project_id, Inst.uuid)
        if limit is not None:
            query = query.limit(limit)
        with db.main_session(cctxt) as session:
            keys = [tuple(row) for row in session.execute(query)]
        if not keys:
            continue
        cctxt.read_deleted = 'yes'
        found = {inst.uuid: inst for inst in
                 instance_obj.InstanceList.get_by_filters(
                     cctxt, {'uuid': [uuid for _p, uuid in keys]},
                     expected_attrs=['flavor'])}
        per_cell.append([(key, found[key[1]]) for key in keys
                         if key[1] in found])
    merged = [inst for _key, inst in heapq.merge(*per_cell,
                                                key=lambda kv: kv[0])]
    return merged[:limit] if limit is not None else merged


# --- the arithmetic --------------------------------------------------------------

def _hours(instance, start, end):
    launched = _naive(instance.launched_at)
    terminated = _naive(instance.terminated_at)
    if launched is None or launched > end:
        return 0
    if terminated is not None and terminated < start:
        return 0
    begin = max(launched, start)
    stop = min(end, terminated) if terminated is not None else end
    return (stop - begin).total_seconds() / 3600.0


def _server_usage(instance, start, end, now):
    flavor = instance.flavor
    hours = _hours(instance, start, end)
    started = _naive(instance.launched_at)
    ended = _naive(instance.terminated_at)
    uptime = (ended or now) - started if started else datetime.timedelta()
    return {
        'instance_id': instance.uuid,
        'name': instance.display_name,
        'hours': hours,
        'memory_mb': flavor.memory_mb,
        'local_gb': flavor.root_gb + flavor.ephemeral_gb,
        'vcpus': flavor.vcpus,
        'tenant_id': instance.project_id,
        'flavor': flavor.name,
        'started_at': _time(started),
        'ended_at': _time(ended),
        'state': 'terminated' if ended else instance.vm_state,
        'uptime': int(uptime.total_seconds()),
    }


def _tenant_usages(instances, start, end):
    """[tenant usage] in order of first appearance, and the server
    usages in the order of ``instances``."""
    now = timeutils.utcnow()
    tenants = {}
    server_usages = []
    for instance in instances:
        if instance.flavor is None:
            continue
        usage = _server_usage(instance, start, end, now)
        server_usages.append(usage)
        tenant = tenants.setdefault(instance.project_id, {
            'tenant_id': instance.project_id,
            'total_local_gb_usage': 0,
            'total_vcpus_usage': 0,
            'total_memory_mb_usage': 0,
            'total_hours': 0,
            'start': _time(start),
            'stop': _time(end),
            'server_usages': [],
        })
        hours = usage['hours']
        tenant['total_local_gb_usage'] += usage['local_gb'] * hours
        tenant['total_vcpus_usage'] += usage['vcpus'] * hours
        tenant['total_memory_mb_usage'] += usage['memory_mb'] * hours
        tenant['total_hours'] += hours
        tenant['server_usages'].append(usage)
    return list(tenants.values()), server_usages


# --- handlers --------------------------------------------------------------------

def _paging(req):
    if not req.api_version_request.matches(PAGING_SINCE):
        return None, None
    return common.get_limit_and_marker(req)


def _next_links(req, server_usages, limit, path):
    if limit is None or not server_usages or len(server_usages) < limit:
        return []
    params = dict(req.params)
    params['marker'] = server_usages[-1]['instance_id']
    url = common.url_join(common._link_prefix(req.application_url),
                          common._project_segment(req), path)
    return [{'rel': 'next', 'href': '%s?%s' % (
        url, urllib.parse.urlencode(sorted(params.items())))}]


@wsgi.expected_errors(400)
def index(req):
    context = req.context
    context.can(policies.POLICY_ROOT % 'list')
    start, end = _period(req)
    detailed = req.params.get('detailed', '0') == '1'
    limit, marker = _paging(req)
    instances = _servers(context, start, end, None, limit, marker)
    usages, server_usages = _tenant_usages(instances, start, end)
    if not detailed:
        for usage in usages:
            del usage['server_usages']
    body = {'tenant_usages': usages}
    if limit is not None:
        links = _next_links(req, server_usages, limit,
                            'os-simple-tenant-usage')
        if links:
            body['tenant_usages_links'] = links
    return body


@wsgi.expected_errors(400)
def show(req, tenant_id):
    context = req.context
    context.can(policies.POLICY_ROOT % 'show', target={
        'project_id': tenant_id})
    start, end = _period(req)
    limit, marker = _paging(req)
    instances = _servers(context, start, end, tenant_id, limit, marker)
    usages, server_usages = _tenant_usages(instances, start, end)
    body = {'tenant_usage': usages[0] if usages else {}}
    if limit is not None:
        links = _next_links(req, server_usages, limit,
                            'os-simple-tenant-usage/%s' % tenant_id)
        if links:
            body['tenant_usage_links'] = links
    return body
