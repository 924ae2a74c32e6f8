"""Which providers can satisfy a request for resources, in set-based SQL.

A request is ``{resource class id: amount}``.  One statement answers it for
every provider at once, in one ordered pass over the inventories of the
requested classes: a row is kept if its class has room for the class's
amount (capacity ``(total - reserved) * allocation_ratio`` minus usage,
min_unit, max_unit, step_size), and a provider fits if every requested
class kept a row (``GROUP BY provider HAVING COUNT(*) = classes``; the
(provider, class) pair is unique).  Each inventory row carries its own
usage (``inventories.used``, kept by the allocation writes), so nothing is
summed over the allocations of the cloud, and an index holding every
column the pass reads (``inventories_fit_idx``, in provider order) serves
it without touching the table, stopping at ``limit`` providers.  Only
fitting providers travel to Python.

Each result row is the provider's uuid and one text of its figures (class
id, total, reserved, allocation_ratio and used of every requested class),
aggregated by the database.  Most providers of a cloud are built alike, so
a thousand rows hold a handful of distinct texts: the driver decodes two
columns per row instead of a dozen, and each distinct text is parsed once.
"""

import sqlalchemy as sa
from sqlalchemy.ext import compiler
from sqlalchemy.sql import expression

from nova.api.openstack.placement.objects.tables import INV, RP
from nova.db import engine

# The figures of one inventory in a row's text, in this order.
_FIGURES = ('resource_class_id', 'total', 'reserved', 'allocation_ratio',
            'used')
_SPACE = sa.literal_column("' '", sa.String)


class _joined_text(expression.FunctionElement):
    """The texts of a group, space-separated (an aggregate; the order of
    the parts is the database's)."""

    type = sa.String()
    name = 'joined_text'
    inherit_cache = True


@compiler.compiles(_joined_text)
def _joined_text_sqlite(element, compiler, **kw):
    return "group_concat(%s, ' ')" % compiler.process(element.clauses, **kw)


@compiler.compiles(_joined_text, 'mysql')
def _joined_text_mysql(element, compiler, **kw):
    return "GROUP_CONCAT(%s SEPARATOR ' ')" % compiler.process(
        element.clauses, **kw)


@compiler.compiles(_joined_text, 'postgresql')
def _joined_text_postgresql(element, compiler, **kw):
    return "string_agg(%s, ' ')" % compiler.process(element.clauses, **kw)


def fitting_provider_ids(resources):
    """A SELECT of the ids of providers with room for every class of
    ``resources`` (grouped by provider: one row each)."""
    amount = sa.case(
        *[(INV.c.resource_class_id == class_id, sa.literal(value))
          for class_id, value in resources.items()], else_=sa.null())
    return (sa.select(INV.c.resource_provider_id)
            .where(INV.c.resource_class_id.in_(list(resources)),
                   INV.c.used + amount <= (INV.c.total - INV.c.reserved)
                   * INV.c.allocation_ratio,
                   INV.c.min_unit <= amount,
                   INV.c.max_unit >= amount,
                   amount % INV.c.step_size == 0)
            .group_by(INV.c.resource_provider_id)
            .having(sa.func.count() == len(resources)))


def _figures_text():
    """One inventory's figures as text, space-separated."""
    text = None
    for name in _FIGURES:
        part = sa.cast(INV.c[name], sa.String)
        text = part if text is None else text + _SPACE + part
    return text


def _summary(text):
    """{class id: (total, reserved, allocation_ratio, used)} from a row's
    figures text."""
    values = text.split()
    summary = {}
    for index in range(0, len(values), len(_FIGURES)):
        class_id, total, reserved, ratio, used = values[
            index:index + len(_FIGURES)]
        summary[int(class_id)] = (int(total), int(reserved), float(ratio),
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
    fitting = (fitting_provider_ids(resources)
               .add_columns(_joined_text(_figures_text()).label('figures'))
               .order_by(INV.c.resource_provider_id))
    if limit is not None:
        fitting = fitting.limit(limit)
    fitting = fitting.subquery('fitting')
    query = (sa.select(RP.c.uuid, fitting.c.figures)
             .join(fitting, fitting.c.resource_provider_id == RP.c.id)
             .order_by(RP.c.id))
    summaries = {}
    found = []
    for uuid, text in engine.driver_rows(session, query):
        summary = summaries.get(text)
        if summary is None:
            summary = summaries[text] = _summary(text)
        found.append((uuid, summary))
    return found
