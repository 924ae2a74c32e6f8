"""Which providers can satisfy a request for resources, in set-based SQL.

A request is ``{resource class id: amount}``.  One statement answers it for
every provider at once: each inventory row of a requested class is joined
to the provider's usage of that class (allocations summed per provider and
class), kept when the amount fits (capacity, min_unit, max_unit,
step_size), and the rows are grouped per provider; a provider qualifies
when it kept one row per requested class.  Capacity and usage come back in
the same row, pivoted into columns per class, so the summaries need no
second query and there is no per-provider loop in Python.
"""

import sqlalchemy as sa

from nova.api.openstack.placement.objects.tables import ALLOC, INV, RP


def _usage(class_ids):
    """Allocated units per (provider, class) for ``class_ids``."""
    return (sa.select(ALLOC.c.resource_provider_id,
                      ALLOC.c.resource_class_id,
                      sa.func.sum(ALLOC.c.used).label('used'))
            .where(ALLOC.c.resource_class_id.in_(class_ids))
            .group_by(ALLOC.c.resource_provider_id,
                      ALLOC.c.resource_class_id)
            .subquery('usage'))


def _fits(usage, class_id, amount):
    """SQL condition: this inventory row is of ``class_id`` and has room
    for ``amount`` more units."""
    used = sa.func.coalesce(usage.c.used, 0)
    amount = sa.literal(amount, sa.Integer)
    return sa.and_(
        INV.c.resource_class_id == class_id,
        used + amount <= (INV.c.total - INV.c.reserved)
        * INV.c.allocation_ratio,
        INV.c.min_unit <= amount,
        INV.c.max_unit >= amount,
        amount % INV.c.step_size == 0)


def _fitting_rows(resources):
    usage = _usage(list(resources))
    joined = INV.outerjoin(usage, sa.and_(
        usage.c.resource_provider_id == INV.c.resource_provider_id,
        usage.c.resource_class_id == INV.c.resource_class_id))
    condition = sa.or_(*[_fits(usage, class_id, amount)
                         for class_id, amount in resources.items()])
    return usage, joined, condition


def fitting_provider_ids(resources):
    """A SELECT of the ids of providers with room for ``resources``."""
    _usage_sq, joined, condition = _fitting_rows(resources)
    return (sa.select(INV.c.resource_provider_id)
            .select_from(joined)
            .where(condition)
            .group_by(INV.c.resource_provider_id)
            .having(sa.func.count() == len(resources)))


def find(session, resources):
    """Providers with room for every class in ``resources``.

    :returns: a list, ordered by provider id, of ``(provider uuid,
        {class id: (total, reserved, allocation_ratio, used)})``.
    """
    if not resources:
        return []
    usage, joined, condition = _fitting_rows(resources)
    class_ids = sorted(resources)
    columns = [RP.c.uuid]
    for class_id in class_ids:
        mine = INV.c.resource_class_id == class_id
        for value in (INV.c.total, INV.c.reserved, INV.c.allocation_ratio,
                      sa.func.coalesce(usage.c.used, 0)):
            columns.append(sa.func.max(sa.case((mine, value))))
    query = (sa.select(*columns)
             .select_from(joined.join(
                 RP, RP.c.id == INV.c.resource_provider_id))
             .where(condition)
             .group_by(RP.c.id, RP.c.uuid)
             .having(sa.func.count() == len(class_ids))
             .order_by(RP.c.id))
    found = []
    for row in session.execute(query):
        per_class = {}
        for index, class_id in enumerate(class_ids):
            total, reserved, ratio, used = row[1 + 4 * index:5 + 4 * index]
            per_class[class_id] = (int(total), int(reserved), float(ratio),
                                   int(used))
        found.append((row[0], per_class))
    return found
