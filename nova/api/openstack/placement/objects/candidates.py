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

The figures of a fitting provider (total, reserved, allocation_ratio and
used of every requested class, in the request's order) come back as one
short text built by the database.  Most providers of a cloud are built
alike, so a thousand fitting providers hold a handful of distinct texts,
and the result is grouped by that text: a row is one text and the ids and
uuids of the providers that share it (in blocks of at most ``_BLOCK``
providers, to keep every aggregated text well under the servers' length
limits).  The driver decodes a few long rows instead of a thousand short
ones, each text is parsed once, and Python restores the provider order.

The per-provider text is a concatenation of one ``MAX(CASE ...)`` per
class rather than a GROUP_CONCAT: MySQL types a GROUP_CONCAT as TEXT, and
a TEXT column in the derived table sends its materialisation and the
grouping to an on-disk temporary table (on MariaDB that halved the
request's cost at 10,000 providers).
"""

import functools

import sqlalchemy as sa
from sqlalchemy.ext import compiler
from sqlalchemy.sql import expression

from nova.api.openstack.placement.objects.tables import INV, RP
from nova.db import engine

# The figures of one requested class in a provider's text, in this order.
_FIGURES = ('total', 'reserved', 'allocation_ratio', 'used')
_SPACE = sa.literal_column("' '", sa.String)
# At most this many providers share one result row (its text of ids and
# uuids stays under 64 kB, within MySQL's group_concat_max_len once
# raised, see nova.db.engine, and far within the others').
_BLOCK = 1000
_UNREACHED = 2 ** 62


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
    ``resources`` (grouped by provider: one row each); an amount is a
    number or a bind parameter."""
    amount = sa.case(
        *[(INV.c.resource_class_id == class_id,
           value if isinstance(value, sa.BindParameter)
           else sa.literal(value))
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


def _spaced(texts):
    """The texts as one, space-separated."""
    joined = None
    for text in texts:
        joined = text if joined is None else joined + _SPACE + text
    return joined


def _joined(*columns):
    """The columns' values as one text, space-separated."""
    return _spaced([sa.cast(column, sa.String) for column in columns])


def _figures(class_ids):
    """A provider's figures for each of ``class_ids``, in that order, as
    one text (an aggregate over the provider's inventories)."""
    one_class = _joined(*[INV.c[name] for name in _FIGURES])
    return _spaced([
        sa.func.max(sa.case((INV.c.resource_class_id == class_id,
                             one_class)))
        for class_id in class_ids])


def _summary(text, class_ids):
    """{class id: (total, reserved, allocation_ratio, used)} from a
    provider's figures text."""
    values = text.split()
    step = len(_FIGURES)
    summary = {}
    for index, class_id in enumerate(class_ids):
        total, reserved, ratio, used = values[index * step:
                                              (index + 1) * step]
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
    params = {'amount%d' % index: amount
              for index, amount in enumerate(resources.values())}
    params['limit'] = _UNREACHED if limit is None else limit
    found = []
    for text, providers in engine.driver_rows(
            session, _statement(tuple(resources)), params):
        summary = _summary(text, resources)
        pairs = providers.split()
        found.extend(zip(map(int, pairs[0::2]), pairs[1::2],
                         [summary] * (len(pairs) // 2)))
    found.sort()
    return [(uuid, summary) for _id, uuid, summary in found]


@functools.lru_cache(maxsize=256)
def _statement(class_ids):
    """The candidates SELECT for these classes, amounts and limit left as
    parameters (built once per set of classes: building it costs more
    than running it in Python)."""
    amounts = {
        class_id: sa.bindparam('amount%d' % index, type_=sa.Integer)
        for index, class_id in enumerate(class_ids)}
    # Always a LIMIT, one nobody reaches when none is asked: without one,
    # MariaDB may run the pass once per provider joined (a "lateral
    # derived" plan), at twice the cost of one pass.
    fitting = (fitting_provider_ids(amounts)
               .add_columns(_figures(class_ids).label('figures'))
               .order_by(INV.c.resource_provider_id)
               .limit(sa.bindparam('limit', type_=sa.Integer))
               .subquery('fitting'))
    return (sa.select(fitting.c.figures,
                      _joined_text(_joined(RP.c.id, RP.c.uuid)))
            .join(fitting, fitting.c.resource_provider_id == RP.c.id)
            .group_by(fitting.c.figures, RP.c.id - RP.c.id % _BLOCK))
