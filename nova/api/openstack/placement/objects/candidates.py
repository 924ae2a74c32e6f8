"""Which providers can satisfy a request for resources, in set-based SQL.

A request is ``{resource class id: amount}``.  One statement answers it for
every provider at once.  The inventory of the first requested class is
joined, on the (provider, class) unique key, to the provider's inventory
of each other requested class, and each of those to that class's usage
(allocations summed per provider in a small derived table).  The WHERE
clause keeps a provider only if every class has room for its amount
(capacity ``(total - reserved) * allocation_ratio`` minus usage,
min_unit, max_unit, step_size).  The same row carries capacity and usage
for the summaries, so there is no second query and no per-provider loop in
Python; there is no GROUP BY over the inventories either.
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


def _joined(resources):
    """(FROM clause, WHERE conditions, first inventory alias,
    [(class id, inventory alias, usage expression)])."""
    first = None
    from_clause = None
    conditions = []
    per_class = []
    for index, (class_id, amount) in enumerate(resources.items()):
        inv = INV.alias('inv%d' % index)
        if first is None:
            first = from_clause = inv
            conditions.append(inv.c.resource_class_id == class_id)
        else:
            from_clause = from_clause.join(inv, sa.and_(
                inv.c.resource_provider_id == first.c.resource_provider_id,
                inv.c.resource_class_id == class_id))
        usage = (sa.select(ALLOC.c.resource_provider_id,
                           sa.func.sum(ALLOC.c.used).label('used'))
                 .where(ALLOC.c.resource_class_id == class_id)
                 .group_by(ALLOC.c.resource_provider_id)
                 .subquery('usage%d' % index))
        from_clause = from_clause.outerjoin(
            usage, usage.c.resource_provider_id == first.c.resource_provider_id)
        used = sa.func.coalesce(usage.c.used, 0)
        conditions.append(_fits(inv, used, amount))
        per_class.append((class_id, inv, used))
    return from_clause, conditions, first, per_class


def fitting_provider_ids(resources):
    """A SELECT of the ids of providers with room for ``resources``."""
    from_clause, conditions, first, _per_class = _joined(resources)
    return (sa.select(first.c.resource_provider_id)
            .select_from(from_clause).where(*conditions))


def find(session, resources):
    """Providers with room for every class in ``resources``.

    :returns: a list, ordered by provider id, of ``(provider uuid,
        {class id: (total, reserved, allocation_ratio, used)})``.
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
    found = []
    for row in session.execute(query):
        summary = {}
        for index, (class_id, _inv, _used) in enumerate(per_class):
            total, reserved, ratio, used = row[1 + 4 * index:5 + 4 * index]
            summary[class_id] = (total, reserved, ratio, int(used))
        found.append((row[0], summary))
    return found
