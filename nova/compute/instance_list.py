"""One sorted, paged list of servers across every cell and the build
requests not yet scheduled.

Each source is queried already sorted and limited to ``limit`` rows, then
the sources are merged (``heapq.merge``) and the first ``limit`` kept.  The
sort order is the caller's keys followed by ``uuid``, which is unique
across cells, so the order is total and the same everywhere.

Paging: the ``marker`` (a server uuid) is looked up once, in the build
requests or in whichever cell holds it; every source then returns only the
rows sorting strictly after the marker's sort values.  So a page never
repeats or skips a server, whichever cell or build request it came from.
"""

import datetime
import heapq
import types

from oslo_log import log as logging

import nova.conf
from nova import context as nova_context
from nova.db import engine as db
from nova import exception
from nova import objects
from nova.objects import instance as instance_obj

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)
_UTC = datetime.timezone.utc


class _Desc(object):
    """Inverts the order of a value (for descending sort keys)."""
    __slots__ = ('value',)

    def __init__(self, value):
        self.value = value

    def __lt__(self, other):
        return _lt(other.value, self.value)

    def __eq__(self, other):
        return self.value == other.value


def _lt(a, b):
    try:
        return a < b
    except TypeError:
        return str(a) < str(b)


class _Asc(_Desc):
    __slots__ = ()

    def __lt__(self, other):
        return _lt(self.value, other.value)


def _value(instance, key):
    value = getattr(instance, key) if instance.obj_attr_is_set(key) else None
    if isinstance(value, datetime.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=_UTC)
    return value


def sort_key_func(keys, dirs):
    """key(instance) sorting as the databases do: NULL before any value
    when ascending, after when descending."""
    def key(instance):
        parts = []
        for name, direction in zip(keys, dirs):
            value = _value(instance, name)
            item = (value is not None, value)
            parts.append(_Asc(item) if direction == 'asc' else _Desc(item))
        return parts
    return key


def normalize_sort(sort_keys, sort_dirs):
    """([keys], [dirs]) with defaults (created_at desc) and ``uuid``
    appended as the cross-cell tie-breaker."""
    keys = list(sort_keys or ['created_at'])
    dirs = list(sort_dirs or [])
    default = dirs[0] if dirs else 'desc'
    while len(dirs) < len(keys):
        dirs.append(default)
    dirs = dirs[:len(keys)]
    for key in keys:
        if key not in instance_obj.Instance.fields or key in (
                instance_obj.INSTANCE_OPTIONAL_ATTRS):
            raise exception.InvalidSortKey(sort_key=key)
    for direction in dirs:
        if direction not in ('asc', 'desc'):
            raise exception.InvalidSortKey(sort_key=direction)
    if 'uuid' not in keys:
        keys.append('uuid')
        dirs.append(default)
    return keys, dirs


def _marker_values(instance, keys):
    """An object with the marker's sort values, as the cell databases
    store them (naive UTC datetimes)."""
    values = {}
    for key in keys + ['id']:
        value = _value(instance, key) if key != 'id' else None
        if isinstance(value, datetime.datetime):
            value = value.astimezone(_UTC).replace(tzinfo=None)
        values[key] = value
    return types.SimpleNamespace(**values)


def _cell_query(cctxt, filters, keys, dirs, limit, marker_values,
                expected_attrs):
    """One cell's page: sorted, after the marker, at most ``limit``."""
    models = instance_obj._models()
    Inst = models.Instance
    joins = instance_obj.joins_for(expected_attrs)
    query = instance_obj._apply_filters(
        instance_obj.select_for_listing(joins), cctxt, filters)
    if marker_values is not None:
        query = query.where(instance_obj._after_marker(
            Inst, keys, dirs, marker_values))
    query = query.order_by(*instance_obj._order_by(Inst, keys, dirs))
    if limit is not None:
        query = query.limit(limit)
    with db.main_session(cctxt) as session:
        rows = db.core_rows(session, query).all()
        return objects.InstanceList._from_tuples(cctxt, session, rows,
                                                 expected_attrs)


def _find_marker(context, marker, build_requests, cells):
    for req in build_requests:
        if req.instance_uuid == marker:
            return req.instance
    try:
        mapping = objects.InstanceMapping.get_by_instance_uuid(context,
                                                               marker)
    except exception.InstanceMappingNotFound:
        mapping = None
    candidates = cells
    if mapping is not None and mapping.cell_mapping is not None:
        candidates = [mapping.cell_mapping]
    for cell in candidates:
        with nova_context.target_cell(context, cell) as cctxt:
            try:
                return objects.Instance.get_by_uuid(
                    cctxt.elevated(read_deleted='yes'), marker,
                    expected_attrs=[])
            except exception.InstanceNotFound:
                continue
            except Exception:
                LOG.warning('Cell %s unreachable while looking for marker '
                            '%s', cell.uuid, marker)
                continue
    raise exception.MarkerNotFound(marker=marker)


def get_cells(context):
    """Every cell (cell0 included) whose database is configured."""
    from nova.objects import cell_mapping
    return [c for c in cell_mapping.cached_cells(context)
            if c.database_connection]


def get_instances_sorted(context, filters, limit=None, marker=None,
                         expected_attrs=None, sort_keys=None,
                         sort_dirs=None, cells=None,
                         include_build_requests=True):
    """A list of Instance objects (build requests' instances included),
    sorted across every source, after ``marker``, at most ``limit``.

    Instances from cells carry a context targeted at their cell.
    """
    keys, dirs = normalize_sort(sort_keys, sort_dirs)
    if limit is not None and limit <= 0:
        return []
    if cells is None:
        cells = get_cells(context)
    build_requests = []
    if include_build_requests:
        build_requests = list(objects.BuildRequestList.get_by_filters(
            context, filters, sort_keys=keys, sort_dirs=dirs))
    key = sort_key_func(keys, dirs)
    marker_values = None
    sources = []
    br_instances = [req.instance for req in build_requests]
    if marker is not None:
        marker_inst = _find_marker(context, marker, build_requests, cells)
        marker_key = key(marker_inst)
        br_instances = [inst for inst in br_instances
                        if marker_key < key(inst)]
        marker_values = _marker_values(marker_inst, keys)
    if limit is not None:
        br_instances = br_instances[:limit]
    sources.append(br_instances)
    for cell in cells:
        with nova_context.target_cell(context, cell) as cctxt:
            try:
                found = _cell_query(cctxt, filters, keys, dirs, limit,
                                    marker_values, expected_attrs)
            except (exception.InvalidSortKey, exception.MarkerNotFound):
                raise
            except Exception:
                if not CONF.api.list_records_by_skipping_down_cells:
                    raise
                LOG.warning('Cell %s did not answer; its servers are left '
                            'out of the list', cell.uuid, exc_info=True)
                continue
        sources.append(list(found))
    result = []
    seen = set()
    sources = [source for source in sources if source]
    # Each source is sorted already: with one, there is nothing to merge.
    merged = (sources[0] if len(sources) == 1
              else heapq.merge(*sources, key=key))
    for inst in merged:
        if inst.uuid in seen:
            # Scheduled meanwhile: the build request and the cell
            # instance both matched; one is enough.
            continue
        seen.add(inst.uuid)
        result.append(inst)
        if limit is not None and len(result) >= limit:
            break
    return result
