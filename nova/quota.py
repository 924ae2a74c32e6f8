"""The quota engine: limits, usage counted from the databases, checks.

Limits come, most specific first, from ``project_user_quotas`` (a user in a
project), ``quotas`` (a project), ``quota_classes`` (the request's quota
class, then the 'default' class) and finally ``[quota]`` in nova.conf.
-1 means unlimited.

Usage is never stored: it is counted when checked (instances, cores and RAM
from the cell databases plus the build requests still being scheduled; key
pairs, server groups and their members from the API database).  Counting
cannot reserve anything, so a caller that creates resources after a check
must check again afterwards (``[quota] recheck_quota``) and undo its work if
a concurrent request made both exceed the limit: see
:func:`create_with_recheck`.
"""

import copy

import nova.conf
from nova import context as nova_context
from nova import exception

CONF = nova.conf.CONF

# Used when the [quota] option group is not registered (same values as
# upstream's defaults).
FALLBACK_DEFAULTS = {
    'instances': 10, 'cores': 20, 'ram': 50 * 1024, 'metadata_items': 128,
    'key_pairs': 100, 'server_groups': 10, 'server_group_members': 10,
    'injected_files': 5, 'injected_file_content_bytes': 10 * 1024,
    'injected_file_path_length': 255, 'floating_ips': 10, 'fixed_ips': -1,
    'security_groups': 10, 'security_group_rules': 20,
}


# --- counting ------------------------------------------------------------------

def _cell_contexts(context):
    """Contexts for every cell database to count instances in."""
    if getattr(context, 'db_connection', None):
        return [context]
    from nova.objects import cell_mapping
    try:
        cells = [c for c in cell_mapping.cached_cells(context)
                 if c.database_connection]
    except exception.DatabaseNotConfigured:
        cells = []
    if not cells:
        return [context]
    result = []
    for cell in cells:
        cctxt = copy.copy(context)
        nova_context.set_target_cell(cctxt, cell)
        result.append(cctxt)
    return result


_USAGE_STATEMENTS = {}


def _usage_statement(per_user):
    """The aggregate query over the ``instances`` table, built once per
    process: a POST /servers counts twice per cell, and building and
    caching-keying the statement each time cost a fifth of nova-api's CPU
    under a boot burst.  Parameters: project_id, user_id, pending
    (expanding: instances left out, counted as build requests)."""
    statement = _USAGE_STATEMENTS.get(per_user)
    if statement is not None:
        return statement
    import sqlalchemy as sa
    from nova.compute import vm_states
    from nova.db.main import models as main_models

    inst = main_models.Instance.__table__.c
    columns = [sa.func.count(inst.id),
               sa.func.coalesce(sa.func.sum(inst.vcpus), 0),
               sa.func.coalesce(sa.func.sum(inst.memory_mb), 0)]
    if per_user:
        mine = inst.user_id == sa.bindparam('user_id')
        columns += [
            sa.func.coalesce(sa.func.sum(sa.case((mine, 1), else_=0)), 0),
            sa.func.coalesce(sa.func.sum(
                sa.case((mine, inst.vcpus), else_=0)), 0),
            sa.func.coalesce(sa.func.sum(
                sa.case((mine, inst.memory_mb), else_=0)), 0)]
    statement = _USAGE_STATEMENTS[per_user] = (
        sa.select(*columns)
        .where(inst.deleted == 0)
        .where(sa.or_(inst.vm_state != vm_states.SOFT_DELETED,
                      inst.vm_state.is_(None)))
        .where(inst.project_id == sa.bindparam('project_id'))
        .where(inst.uuid.not_in(sa.bindparam('pending', expanding=True))))
    return statement


def _cell_usage(cctxt, project_id, user_id, pending_uuids):
    """Instances, cores and RAM of the live (not soft-deleted) instances
    of ``project_id`` (and of ``user_id`` in it) in one cell, leaving out
    ``pending_uuids``: one statement (the rows ``InstanceList.get_counts``
    counts, less those)."""
    from nova.db import engine as db

    params = {'project_id': project_id, 'pending': pending_uuids}
    if user_id is not None:
        params['user_id'] = user_id
    with db.main_session(cctxt) as session:
        row = [int(v or 0) for v in session.execute(
            _usage_statement(user_id is not None), params).one()]
    counts = {'project': dict(zip(('instances', 'cores', 'ram'), row[:3]))}
    if user_id is not None:
        counts['user'] = dict(zip(('instances', 'cores', 'ram'), row[3:]))
    return counts


def _instances_cores_ram_count(context, project_id, user_id=None):
    from nova.objects import build_request

    zero = {'instances': 0, 'cores': 0, 'ram': 0}
    result = {'project': dict(zero)}
    if user_id is not None:
        result['user'] = dict(zero)
    # Servers accepted but not scheduled yet hold quota too (their sizes
    # read straight from the stored rows, not by loading each instance).
    # Each is counted once, as a build request, and left out of the cells'
    # counts: read before the cells, a request scheduled in between is
    # then counted here and not in its cell; one accepted after is counted
    # in its cell if it got there.  Never missed by both.
    pending = build_request.pending_usage(context, project_id)
    pending_uuids = list(pending)
    for cctxt in _cell_contexts(context):
        counts = _cell_usage(cctxt, project_id, user_id, pending_uuids)
        for scope, values in counts.items():
            for key, value in values.items():
                result[scope][key] += value
    for pending_user, vcpus, ram in pending.values():
        scopes = ['project']
        if user_id is not None and pending_user == user_id:
            scopes.append('user')
        for scope in scopes:
            result[scope]['instances'] += 1
            result[scope]['cores'] += vcpus
            result[scope]['ram'] += ram
    return result


def _keypair_count(context, user_id, *args):
    from nova.objects import keypair
    return {'user': {'key_pairs': keypair.KeyPairList.get_count_by_user(
        context, user_id)}}


def _server_group_count(context, project_id, user_id=None):
    from nova.objects import instance_group
    return instance_group.InstanceGroupList.get_counts(context, project_id,
                                                       user_id)


def _server_group_members_count(context, group, user_id=None):
    """Members of ``group`` (an InstanceGroup) owned by ``user_id``."""
    if user_id is None:
        count = len(group.members or [])
    else:
        count = group.count_members_by_user(user_id)
    return {'user': {'server_group_members': count}}


class Resource(object):
    """A quota resource; ``counter`` is None for absolute limits."""

    def __init__(self, name, counter=None, count_args=()):
        self.name = name
        self.counter = counter
        # What the positional count arguments mean (to find the project
        # and user whose limits apply).
        self.count_args = count_args

    def default(self):
        try:
            return getattr(CONF.quota, self.name)
        except Exception:
            return FALLBACK_DEFAULTS[self.name]


# --- the engine ----------------------------------------------------------------

class QuotaEngine(object):

    def __init__(self, resources):
        self.resources = {r.name: r for r in resources}

    def __contains__(self, name):
        return name in self.resources

    def _check_known(self, names):
        unknown = sorted(set(names) - set(self.resources))
        if unknown:
            raise exception.QuotaResourceUnknown(unknown=unknown)

    # limits

    def get_defaults(self, context):
        from nova.objects import quotas
        limits = {name: res.default() for name, res in self.resources.items()}
        for name, value in quotas.Quotas.get_all_class_by_name(
                context, 'default').items():
            if name in limits:
                limits[name] = value
        return limits

    def get_class_quotas(self, context, quota_class):
        from nova.objects import quotas
        limits = self.get_defaults(context)
        if quota_class and quota_class != 'default':
            for name, value in quotas.Quotas.get_all_class_by_name(
                    context, quota_class).items():
                if name in limits:
                    limits[name] = value
        return limits

    def limits(self, context, project_id, user_id=None, quota_class=None):
        """(project limits, user limits) from one API database transaction
        (the user's are the project's when ``user_id`` is None)."""
        from nova.objects import quotas
        quota_class = quota_class or getattr(context, 'quota_class', None)
        class_names = ['default']
        if quota_class and quota_class != 'default':
            class_names.append(quota_class)
        rows = quotas.Quotas.get_all_limits(context, project_id, user_id,
                                            class_names)
        project = {name: res.default()
                   for name, res in self.resources.items()}
        for layer in ([rows['classes'].get(c, {}) for c in class_names] +
                      [rows['project']]):
            for name, value in layer.items():
                if name in project:
                    project[name] = value
        user = dict(project)
        for name, value in rows['user'].items():
            if name in user:
                user[name] = value
        return project, user

    def _project_limits(self, context, project_id, quota_class=None):
        return self.limits(context, project_id, None, quota_class)[0]

    def _user_limits(self, context, project_id, user_id, quota_class=None):
        return self.limits(context, project_id, user_id, quota_class)[1]

    def _usages(self, context, project_id, user_id=None):
        """{resource: in_use} for the project (or the user, when given)."""
        scope = 'user' if user_id is not None else 'project'
        usages = {}
        for name, res in self.resources.items():
            if res.counter is None or name in usages:
                continue
            if res.count_args == ('project_id', 'user_id'):
                counts = res.counter(context, project_id, user_id)
            elif res.count_args == ('user_id',):
                if user_id is None:
                    continue
                counts = res.counter(context, user_id)
            else:
                continue  # per-group counts are not per project
            for key, value in counts.get(scope, {}).items():
                usages[key] = value
        return usages

    def _report(self, limits, usages, usages_wanted, remains):
        result = {}
        for name, limit in limits.items():
            item = {'limit': limit}
            if usages_wanted:
                item['in_use'] = usages.get(name, 0)
                item['reserved'] = 0
            if remains:
                item['remains'] = (-1 if limit < 0 else
                                   limit - usages.get(name, 0))
            result[name] = item
        return result

    def get_project_quotas(self, context, project_id, quota_class=None,
                           usages=True, remains=False):
        limits = self._project_limits(context, project_id, quota_class)
        used = self._usages(context, project_id) if usages or remains else {}
        return self._report(limits, used, usages, remains)

    def get_user_quotas(self, context, project_id, user_id,
                        quota_class=None, usages=True):
        limits = self._user_limits(context, project_id, user_id,
                                   quota_class)
        used = self._usages(context, project_id, user_id) if usages else {}
        return self._report(limits, used, usages, False)

    def get_settable_quotas(self, context, project_id, user_id=None):
        """{resource: {'minimum': m, 'maximum': M}} a new limit must
        respect (not below what is in use; a user's not above the
        project's)."""
        project = self.get_project_quotas(context, project_id)
        result = {}
        if user_id is None:
            for name, item in project.items():
                result[name] = {'minimum': item.get('in_use', 0),
                                'maximum': -1}
            return result
        user = self.get_user_quotas(context, project_id, user_id)
        for name, item in user.items():
            result[name] = {'minimum': item.get('in_use', 0),
                            'maximum': project[name]['limit']}
        return result

    # checks

    def _raise_over(self, overs, limits, usages, deltas):
        overs = sorted(set(overs))
        headroom = {name: (-1 if limits[name] < 0 else
                           max(limits[name] - usages.get(name, 0), 0))
                    for name in limits}
        raise exception.OverQuota(
            overs=overs, quotas=dict(limits),
            usages={name: {'in_use': usages.get(name, 0), 'reserved': 0}
                    for name in limits},
            headroom=headroom, deltas=dict(deltas or {}))

    def limit_check(self, context, project_id=None, user_id=None,
                    limits=None, **values):
        """Absolute values (metadata items, injected files...) against
        their limits; negative values are refused.  ``limits`` is a
        (project, user) pair from :meth:`limits` already looked up."""
        self._check_known(values)
        for name, value in values.items():
            if value < 0:
                raise exception.Invalid('Quota value for %s is negative'
                                        % name)
        project_id = project_id or context.project_id
        user_id = user_id or context.user_id
        if limits is None:
            limits = self.limits(context, project_id, user_id)
        limits = limits[1] if user_id else limits[0]
        limits = {name: limits[name] for name in values}
        overs = [name for name, value in values.items()
                 if 0 <= limits[name] < value]
        if overs:
            self._raise_over(overs, limits, values, {})

    def limit_check_project_and_user(self, context, project_values=None,
                                     user_values=None, project_id=None,
                                     user_id=None, deltas=None,
                                     usages=None, limits=None):
        """Totals (usage + delta) against the project's and the user's
        limits.  ``usages`` is only used to describe the failure;
        ``limits`` is a (project, user) pair already looked up."""
        project_values = project_values or {}
        user_values = user_values or {}
        self._check_known(list(project_values) + list(user_values))
        project_id = project_id or context.project_id
        user_id = user_id or context.user_id
        if limits is None:
            limits = self.limits(context, project_id,
                                 user_id if user_values else None)
        p_limits, u_limits = limits
        if not (user_id and user_values):
            u_limits = p_limits
        overs = [n for n, v in project_values.items()
                 if 0 <= p_limits[n] < v]
        overs += [n for n, v in user_values.items()
                  if 0 <= u_limits[n] < v]
        if overs:
            names = set(project_values) | set(user_values)
            limits = {}
            for name in names:
                if name in overs and name in user_values and (
                        0 <= u_limits[name] < user_values[name]) and not (
                        name in project_values and
                        0 <= p_limits[name] < project_values[name]):
                    limits[name] = u_limits[name]
                else:
                    limits[name] = p_limits[name]
            if usages is None:
                usages = {n: v - (deltas or {}).get(n, 0)
                          for n, v in dict(user_values,
                                           **project_values).items()}
            self._raise_over(overs, limits, usages, deltas)

    def count_as_dict(self, context, resource, *args):
        res = self.resources.get(resource)
        if res is None or res.counter is None:
            raise exception.QuotaResourceUnknown(unknown=[resource])
        return res.counter(context, *args)

    def check_deltas(self, context, deltas, *count_args, **kwargs):
        """Raise OverQuota if usage + ``deltas`` exceeds a limit.

        ``count_args`` are passed to the resources' counters: (project_id,
        user_id) for instances/cores/ram and server_groups, (user_id,) for
        key_pairs, (group, user_id) for server_group_members.  The limits
        are those of ``check_project_id``/``check_user_id`` when given,
        else of the project/user named in ``count_args``, else of the
        context; ``limits`` (a (project, user) pair from :meth:`limits`)
        saves looking them up again.

        Only resources with a limit are counted (a counter shared by
        several resources runs once); when every resource asked about is
        unlimited nothing is counted at all.
        """
        self._check_known(deltas)
        project_id = kwargs.get('check_project_id')
        user_id = kwargs.get('check_user_id')
        for name in deltas:
            res = self.resources[name]
            if res.counter is None:
                raise exception.Invalid('%s is not a counted resource'
                                        % name)
            named = dict(zip(res.count_args, count_args))
            if project_id is None and named.get('project_id'):
                project_id = named['project_id']
            if user_id is None and named.get('user_id'):
                user_id = named['user_id']
        project_id = project_id or context.project_id
        user_id = user_id or context.user_id
        limits = kwargs.get('limits')
        if limits is None:
            limits = self.limits(context, project_id, user_id)
        p_limits, u_limits = limits
        limited = [name for name in deltas
                   if p_limits[name] >= 0 or u_limits[name] >= 0]
        if not limited:
            return
        project_values, user_values, usages = {}, {}, {}
        counted = {}
        for name in limited:
            res = self.resources[name]
            key = id(res.counter)
            if key not in counted:
                counted[key] = res.counter(context, *count_args)
            counts = counted[key]
            if name in counts.get('project', {}):
                used = counts['project'][name]
                project_values[name] = used + deltas[name]
                usages[name] = used
            if name in counts.get('user', {}):
                used = counts['user'][name]
                user_values[name] = used + deltas[name]
                usages.setdefault(name, used)
        self.limit_check_project_and_user(
            context, project_values, user_values, project_id=project_id,
            user_id=user_id, deltas=deltas, usages=usages, limits=limits)

    def recheck(self, context, resources, *count_args, **kwargs):
        """Count again after creating: fail if a race overshot a limit."""
        self.check_deltas(context, {name: 0 for name in resources},
                          *count_args, **kwargs)


QUOTAS = QuotaEngine([
    Resource('instances', _instances_cores_ram_count,
             ('project_id', 'user_id')),
    Resource('cores', _instances_cores_ram_count, ('project_id', 'user_id')),
    Resource('ram', _instances_cores_ram_count, ('project_id', 'user_id')),
    Resource('key_pairs', _keypair_count, ('user_id',)),
    Resource('server_groups', _server_group_count,
             ('project_id', 'user_id')),
    Resource('server_group_members', _server_group_members_count,
             ('group', 'user_id')),
    Resource('metadata_items'),
    Resource('injected_files'),
    Resource('injected_file_content_bytes'),
    Resource('injected_file_path_length'),
    Resource('floating_ips'),
    Resource('fixed_ips'),
    Resource('security_groups'),
    Resource('security_group_rules'),
])


def _recheck_enabled():
    try:
        return CONF.quota.recheck_quota
    except Exception:
        return True


def create_with_recheck(context, deltas, count_args, create, undo,
                        checked=False, **kwargs):
    """Check ``deltas`` (unless the caller already did: ``checked``), run
    ``create()``, count again and ``undo(result)`` then re-raise
    OverQuota if concurrent requests overshot a limit.  ``kwargs`` go to
    :meth:`QuotaEngine.check_deltas` (``limits`` among them)."""
    if not checked:
        QUOTAS.check_deltas(context, deltas, *count_args, **kwargs)
    result = create()
    if _recheck_enabled():
        try:
            QUOTAS.recheck(context, list(deltas), *count_args, **kwargs)
        except exception.OverQuota:
            undo(result)
            raise
    return result


def too_many_instances(error, deltas=None):
    """The API's TooManyInstances for an OverQuota on instances/cores/ram
    ("Quota exceeded for cores: Requested 2, but already used 19 of 20
    cores")."""
    kwargs = error.kwargs
    deltas = deltas or kwargs.get('deltas') or {}
    overs = kwargs['overs']
    usages = kwargs['usages']
    quotas = kwargs['quotas']
    names = ', '.join(overs)
    return exception.TooManyInstances(
        overs=names,
        req=', '.join(str(deltas.get(n, 0)) for n in overs),
        used=', '.join(str(usages[n]['in_use']) for n in overs),
        allowed=', '.join(str(quotas[n]) for n in overs))
