"""Which providers can satisfy a request for resources, in set-based SQL.

A request is ``{resource class id: amount}``.  One statement answers it for
every provider at once.  The inventory of the first requested class is
joined, on the (provider, class) unique key, to the provider's inventory
of each other requested class, and to the provider's usage: one derived
table that sums the allocations of all the requested classes per provider
in a single pass (a conditional SUM per class), rather than one grouped
scan of the allocations per class.  The WHERE clause keeps a provider only
if every class has room for its amount (capacity ``(total - reserved) *
allocation_ratio`` minus usage, min_unit, max_unit, step_size), so only
fitting providers travel to Python.  The same row carries capacity and
usage for the summaries, so there is no second query and no per-provider
query in Python.
"""

import sqlalchemy as sa

from nova.api.openstack.placement.objects.tables import ALLOC, INV, RP


def _fits(inv, used, amount):
    amount = sa.literal(amount, sa.Integer)
    return sa.and_(
        used + amount <= (inv.c.total - inv.c.reserved)
        * inv.c.allocation_ratio,
        inv.c.min_unit <= amount,
        inv.c.max_unit >= amount,
        amount % inv.c.step_size == 0)


def _usage(resources):
    """Per provider, the summed allocations of each requested class: a
    derived table with a column ``u<index>`` per class, in one pass."""
    columns = [ALLOC.c.resource_provider_id]
    for index, class_id in enumerate(resources):
        columns.append(sa.func.sum(sa.case(
            (ALLOC.c.resource_class_id == class_id, ALLOC.c.used),
            else_=0)).label('u%d' % index))
    return (sa.select(*columns)
            .where(ALLOC.c.resource_class_id.in_(list(resources)))
            .group_by(ALLOC.c.resource_provider_id)
            .subquery('usage'))


def _joined(resources):
    """(FROM clause, WHERE conditions, first inventory alias,
    [(class id, inventory alias, usage expression)])."""
    first = None
    from_clause = None
    conditions = []
    inventories = []
    for index, class_id in enumerate(resources):
        inv = INV.alias('inv%d' % index)
        if first is None:
            first = from_clause = inv
            conditions.append(inv.c.resource_class_id == class_id)
        else:
            from_clause = from_clause.join(inv, sa.and_(
                inv.c.resource_provider_id == first.c.resource_provider_id,
                inv.c.resource_class_id == class_id))
        inventories.append(inv)
    usage = _usage(resources)
    from_clause = from_clause.outerjoin(
        usage, usage.c.resource_provider_id == first.c.resource_provider_id)
    per_class = []
    for index, (class_id, amount) in enumerate(resources.items()):
        inv = inventories[index]
        used = sa.func.coalesce(usage.c['u%d' % index], 0)
        conditions.append(_fits(inv, used, amount))
        per_class.append((class_id, inv, used))
    return from_clause, conditions, first, per_class


def fitting_provider_ids(resources):
    """A SELECT of the ids of providers with room for ``resources``."""
    from_clause, conditions, first, _per_class = _joined(resources)
    return (sa.select(first.c.resource_provider_id)
            .select_from(from_clause).where(*conditions))


def find(session, resources, limit=None):
    """Providers with room for every class in ``resources``; the first
    ``limit`` of them (by provider id) when a limit is given.

    :returns: a list, ordered by provider id, of ``(provider uuid,
        {class id: (total, reserved, allocation_ratio, used)})``;
        providers with identical figures share one summary dict, so
        callers must not modify it.
    """
    if not resources:
        return []
    from_clause, conditions, first, per_class = _joined(resources)
    columns = [RP.c.uuid]
    for _class_id, inv, used in per_class:
        columns += [inv.c.total, inv.c.reserved, inv.c.allocation_ratio,
                    used]
    query = (sa.select(*columns)
             .select_from(from_clause.join(
                 RP, RP.c.id == first.c.resource_provider_id))
             .where(*conditions)
             .order_by(RP.c.id))
    if limit is not None:
        query = query.limit(limit)
    class_ids = [class_id for class_id, _inv, _used in per_class]
    # Providers built alike share one summary: decode it once per shape.
    shapes = {}
    found = []
    for row in session.execute(query):
        shape = row[1:]
        summary = shapes.get(shape)
        if summary is None:
            summary = shapes[shape] = {
                class_id: (shape[4 * i], shape[4 * i + 1], shape[4 * i + 2],
                           int(shape[4 * i + 3]))
                for i, class_id in enumerate(class_ids)}
        found.append((row[0], summary))
    return found
