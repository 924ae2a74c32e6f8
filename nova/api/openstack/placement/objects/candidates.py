"""Which providers can satisfy a request for resources, in set-based SQL.

A request is ``{resource class id: amount}``.  One statement answers it for
every provider at once, in one ordered pass over the inventories: a row is
kept if it is one of a requested class with room for that class's amount
(``used + amount <= capacity``, min_unit, max_unit, step_size; one OR
branch per class, the amount inline, which MariaDB judges faster than
one CASE per column), and a provider fits if every requested class kept a
row (``GROUP BY provider HAVING COUNT(*) = classes``; the (provider,
class) pair is unique).  Each inventory row carries its own usage and
capacity (``inventories.used``, kept by the allocation writes, and
``inventories.capacity``, by the inventory writes), so nothing is summed
over the allocations of the cloud and nothing is multiplied per row, and
an index holding every column the pass reads (``inventories_fit_idx``,
in provider order) serves it without touching the table, stopping at
``limit`` providers.  Only fitting providers travel to Python.

The figures of a fitting provider (capacity and used of every requested
class, in the request's order) come back as columns, one ``MAX(CASE
...)`` per class and figure.  Most providers of a cloud are built alike,
so a thousand fitting providers have a handful of distinct figures, and
the result is grouped by them: a row is one set of figures and the ids
and uuids of the providers that share it, as one text (in blocks of at
most ``_BLOCK`` providers, to keep every aggregated text well under the
servers' length limits).  The driver decodes a few long rows instead of
a thousand short ones, and Python restores the provider order.
"""

import collections
import functools

import sqlalchemy as sa
from sqlalchemy.ext import compiler
from sqlalchemy.sql import expression

from nova.api.openstack.placement.objects.tables import INV, RP
from nova.db import engine

# The figures of one requested class, in this order.
_FIGURES = ('capacity', 'used')
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
    fits = []
    for class_id, value in resources.items():
        amount = (value if isinstance(value, sa.BindParameter)
                  else sa.literal(value))
        fits.append(sa.and_(
            INV.c.resource_class_id == class_id,
            INV.c.used + amount <= INV.c.capacity,
            INV.c.min_unit <= amount,
            INV.c.max_unit >= amount,
            amount % INV.c.step_size == 0))
    return (sa.select(INV.c.resource_provider_id)
            .where(sa.or_(*fits))
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
    """A provider's figures for each of ``class_ids``, in that order
    (aggregates over the provider's inventories, named f0, f1...)."""
    columns = [
        sa.func.max(sa.case((INV.c.resource_class_id == class_id,
                             INV.c[name])))
        for class_id in class_ids for name in _FIGURES]
    return [column.label('f%d' % index)
            for index, column in enumerate(columns)]


def _summary(figures, class_ids):
    """{class id: (capacity, used)} from a row's figures."""
    pairs = iter(figures)
    return {class_id: (int(next(pairs)), int(next(pairs)))
            for class_id in class_ids}


class Found(collections.namedtuple('Found', 'uuids summaries kind_of')):
    """Fitting providers as columns: ``uuids`` in provider order, the
    distinct ``summaries`` ({class id: (capacity, used)}) and, for each
    provider, the index of its own in ``kind_of``.  Columns let a caller
    handle a thousand providers with a few calls that loop in C (a join,
    a ``map``) rather than a Python step per provider."""

    def pairs(self):
        """``(uuid, summary)`` per provider, in order; providers with
        identical figures share one summary dict (not to be modified)."""
        return list(zip(self.uuids, map(self.summaries.__getitem__,
                                        self.kind_of)))


def find_columns(session, resources, limit=None):
    """Providers with room for every class in ``resources``, the first
    ``limit`` of them (by provider id) when a limit is given, as a
    :class:`Found`."""
    if not resources:
        return Found([], [], [])
    params = {'amount%d' % index: amount
              for index, amount in enumerate(resources.values())}
    params['limit'] = _UNREACHED if limit is None else limit
    ids, uuids, summaries, kind_of = [], [], [], []
    for row in engine.driver_rows(session, _statement(tuple(resources)),
                                  params):
        parts = row[-1].split()
        ids.extend(map(int, parts[0::2]))
        uuids.extend(parts[1::2])
        kind_of.extend([len(summaries)] * (len(parts) // 2))
        summaries.append(_summary(row[:-1], resources))
    # Rows come grouped by figures, and within a row in the database's
    # order.
    order = sorted(range(len(ids)), key=ids.__getitem__)
    return Found(list(map(uuids.__getitem__, order)), summaries,
                 list(map(kind_of.__getitem__, order)))


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
               .add_columns(*_figures(class_ids))
               .order_by(INV.c.resource_provider_id)
               .limit(sa.bindparam('limit', type_=sa.Integer))
               .subquery('fitting'))
    figures = [column for column in fitting.c
               if column.name != 'resource_provider_id']
    return (sa.select(*figures,
                      _joined_text(_joined(RP.c.id, RP.c.uuid)))
            .join(fitting, fitting.c.resource_provider_id == RP.c.id)
            .group_by(*figures, RP.c.id - RP.c.id % _BLOCK))
