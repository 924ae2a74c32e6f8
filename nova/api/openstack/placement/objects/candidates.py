"""Which providers can satisfy a request for resources, in set-based SQL.

A request is ``{resource class id: amount}``.  One statement answers it for
every provider at once.  The inventory of the first requested class is
joined, on the (provider, class) unique key, to the provider's inventory
of each other requested class.  Each inventory row carries its own usage
(``inventories.used``, kept by the allocation writes), so nothing is
summed over the allocations of the cloud.  The WHERE clause keeps a
provider only if every class has room for its amount (capacity ``(total -
reserved) * allocation_ratio`` minus usage, min_unit, max_unit,
step_size), so only fitting providers travel to Python.

Each row is the provider's uuid and one text of its figures (total,
reserved, allocation_ratio and used of every requested class).  Most
providers of a cloud are built alike, so a thousand rows hold a handful of
distinct texts: the driver decodes two columns per row instead of a dozen,
and each distinct text is parsed once.
"""

import sqlalchemy as sa

from nova.api.openstack.placement.objects.tables import INV, RP

# The figures of one class in a row's text, in this order.
_FIGURES = ('total', 'reserved', 'allocation_ratio', 'used')
_SPACE = sa.literal_column("' '", sa.String)


def _fits(inv, amount):
    amount = sa.literal(amount, sa.Integer)
    return sa.and_(
        inv.c.used + amount <= (inv.c.total - inv.c.reserved)
        * inv.c.allocation_ratio,
        inv.c.min_unit <= amount,
        inv.c.max_unit >= amount,
        amount % inv.c.step_size == 0)


def _joined(resources):
    """(FROM clause, WHERE conditions, first inventory alias, aliases in
    the order of ``resources``)."""
    inventories = []
    conditions = []
    from_clause = first = None
    for index, (class_id, amount) in enumerate(resources.items()):
        inv = INV.alias('inv%d' % index)
        if first is None:
            first = from_clause = inv
            conditions.append(inv.c.resource_class_id == class_id)
        else:
            from_clause = from_clause.join(inv, sa.and_(
                inv.c.resource_provider_id == first.c.resource_provider_id,
                inv.c.resource_class_id == class_id))
        conditions.append(_fits(inv, amount))
        inventories.append(inv)
    return from_clause, conditions, first, inventories


def fitting_provider_ids(resources):
    """A SELECT of the ids of providers with room for ``resources``."""
    from_clause, conditions, first, _inventories = _joined(resources)
    return (sa.select(first.c.resource_provider_id)
            .select_from(from_clause).where(*conditions))


def _figures_text(inventories):
    """One text column: the figures of every class, space-separated."""
    text = None
    for inv in inventories:
        for name in _FIGURES:
            part = sa.cast(inv.c[name], sa.String)
            text = part if text is None else text + _SPACE + part
    return text


def _summary(text, class_ids):
    """{class id: (total, reserved, allocation_ratio, used)} from a row's
    figures text."""
    values = text.split()
    summary = {}
    for index, class_id in enumerate(class_ids):
        total, reserved, ratio, used = values[4 * index:4 * index + 4]
        summary[class_id] = (int(total), int(reserved), float(ratio),
                             int(used))
    return summary


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
    from_clause, conditions, first, inventories = _joined(resources)
    query = (sa.select(RP.c.uuid, _figures_text(inventories))
             .select_from(from_clause.join(
                 RP, RP.c.id == first.c.resource_provider_id))
             .where(*conditions)
             .order_by(RP.c.id))
    if limit is not None:
        query = query.limit(limit)
    class_ids = list(resources)
    summaries = {}
    found = []
    for uuid, text in session.execute(query):
        summary = summaries.get(text)
        if summary is None:
            summary = summaries[text] = _summary(text, class_ids)
        found.append((uuid, summary))
    return found
