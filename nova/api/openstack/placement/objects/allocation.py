"""Allocations: what each consumer uses of each provider.

Replacing a consumer's allocations is one transaction: record the
consumer's owner first (its row lock is the consumer's lock: a second
writer on the same consumer waits, then reads what the first left), lock
the providers involved by bumping their generations (an UPDATE whatever
the generation: a second writer on the same provider waits for the first
to end rather than failing, as no client named a generation to check),
check the new amounts against inventory and the usage left by everyone
else, replace the consumer's rows, and move the difference into each
inventory's ``used`` column.  ``used`` is what capacity checks read (here
and in allocation candidates), so it changes only here, always in the
transaction that changes the allocation rows, after the provider locks.
Any failure rolls back everything.  A lost race (a deadlock, two writers
creating one project record) is retried with fresh data a few times
before it becomes a 409.
"""

import functools
import time

import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite
from sqlalchemy import exc as sa_exc

from nova.api.openstack.placement import exception
from nova.api.openstack.placement.objects import resource_class
from nova.api.openstack.placement.objects.tables import (
    ALLOC, CONSUMER, INV, PROJECT, RP, USER, Provider, lock_provider)
from nova.db import engine
from nova import exception as nova_exception

RETRIES = 10


def _retryable(exc):
    if isinstance(exc, (exception.ConcurrentUpdateDetected,
                        nova_exception.DBDuplicateEntry)):
        return True
    if isinstance(exc, sa_exc.OperationalError):
        text = str(exc.orig).lower()
        # MariaDB deadlock / lock wait; SQLite stale snapshot or lock.
        return ('deadlock' in text or '1213' in text or '1205' in text
                or 'locked' in text)
    return False


class _Recheck(Exception):
    """The fast path of a write found something it does not judge itself
    (an amount that does not fit, an owner not recorded yet): roll back
    and write again the careful way, which names what is wrong."""


def _in_transaction_with_retries(func, *args):
    """Run ``func(session, *args, careful=...)`` in a transaction: first
    the fast way, then, after any failure worth a retry, carefully."""
    careful = False
    for attempt in range(RETRIES):
        try:
            with engine.api_session() as session:
                return func(session, *args, careful=careful)
        except _Recheck:
            careful = True
            continue
        except Exception as exc:
            careful = True
            if not _retryable(exc) or attempt == RETRIES - 1:
                if isinstance(exc, sa_exc.OperationalError):
                    raise exception.ConcurrentUpdateDetected(
                        uuid='(several)') from exc
                raise
            time.sleep(0.01 * (attempt + 1))


_PROVIDER_COLUMNS = (RP.c.id, RP.c.uuid, RP.c.name, RP.c.generation)
# Statements of every write, built once (see _usage_update).
_PROVIDERS_BY_ID = sa.select(*_PROVIDER_COLUMNS).where(
    RP.c.id.in_(sa.bindparam('ids', expanding=True)))
_PROVIDERS_BY_UUID = sa.select(*_PROVIDER_COLUMNS).where(
    RP.c.uuid.in_(sa.bindparam('uuids', expanding=True)))
# A locking read: of two writers on one consumer without a record (no
# owner), the second waits here for the first to end.
_HELD = sa.select(
    ALLOC.c.resource_provider_id, ALLOC.c.resource_class_id, ALLOC.c.used
).where(ALLOC.c.consumer_id == sa.bindparam('consumer')).with_for_update()


_FORGET_ALLOCATIONS = ALLOC.delete().where(
    ALLOC.c.consumer_id == sa.bindparam('consumer'))
_FORGET_CONSUMER = CONSUMER.delete().where(
    CONSUMER.c.uuid == sa.bindparam('consumer'))


@functools.lru_cache(maxsize=4)
def _record_known_owner(dialect):
    """The consumer's record from its owner's ids (bound as ``project`` and
    ``user``), inserted or, if there is one, updated: either way the
    record's row stays locked to the end of the transaction, so it is the
    consumer's lock.  Writes nothing when the project or user is new."""
    owner = (sa.select(sa.bindparam('consumer', type_=sa.String),
                       PROJECT.c.id, USER.c.id)
             .select_from(PROJECT.join(USER, sa.true()))
             .where(PROJECT.c.external_id == sa.bindparam('project'),
                    USER.c.external_id == sa.bindparam('user')))
    columns = ['uuid', 'project_id', 'user_id']
    if dialect == 'mysql':
        statement = mysql.insert(CONSUMER).from_select(columns, owner)
        return statement.on_duplicate_key_update(
            project_id=statement.inserted.project_id,
            user_id=statement.inserted.user_id)
    insert = postgresql.insert if dialect == 'postgresql' else sqlite.insert
    statement = insert(CONSUMER).from_select(columns, owner)
    return statement.on_conflict_do_update(
        index_elements=['uuid'],
        set_={'project_id': statement.excluded.project_id,
              'user_id': statement.excluded.user_id})


# provider uuid -> id, as earlier writes of this process read them.  A
# build's claim names one provider by uuid; knowing its id saves the
# claim's SELECT of the provider.  Only the fast path uses it, and its
# lock checks the pair (tables.lock_provider): a deleted or re-created
# provider sends the write down the careful path, which reads afresh.
_PROVIDER_IDS = {}
_PROVIDER_IDS_MAX = 100000


def _known_providers(session, uuids):
    """{uuid: Provider} of ``uuids``; ids remembered from earlier writes
    (name and generation None), the others read and remembered."""
    found = {}
    unknown = []
    for uuid in uuids:
        provider_id = _PROVIDER_IDS.get(uuid)
        if provider_id is None:
            unknown.append(uuid)
        else:
            found[uuid] = Provider(provider_id, uuid, None, None)
    if unknown:
        if len(_PROVIDER_IDS) > _PROVIDER_IDS_MAX:
            _PROVIDER_IDS.clear()
        for provider in _providers(session, uuids=unknown):
            _PROVIDER_IDS[provider.uuid] = provider.id
            found[provider.uuid] = provider
    return found


def _providers(session, ids=None, uuids=None):
    if ids is not None:
        rows = session.execute(_PROVIDERS_BY_ID, {'ids': list(ids)})
    else:
        rows = session.execute(_PROVIDERS_BY_UUID, {'uuids': list(uuids)})
    return [Provider(*row) for row in rows]


def get_for_consumer(session, consumer):
    """provider uuid -> {'generation': n, 'resources': {rc: used}}."""
    names = resource_class.names_by_id(session)
    rows = session.execute(
        sa.select(RP.c.uuid, RP.c.generation, ALLOC.c.resource_class_id,
                  ALLOC.c.used)
        .join(RP, RP.c.id == ALLOC.c.resource_provider_id)
        .where(ALLOC.c.consumer_id == consumer))
    result = {}
    for uuid, generation, class_id, used in rows:
        entry = result.setdefault(uuid, {'generation': generation,
                                         'resources': {}})
        entry['resources'][names[class_id]] = used
    return result


def get_for_provider(session, provider):
    """consumer uuid -> {'resources': {rc: used}} on ``provider``."""
    names = resource_class.names_by_id(session)
    rows = session.execute(
        sa.select(ALLOC.c.consumer_id, ALLOC.c.resource_class_id,
                  ALLOC.c.used)
        .where(ALLOC.c.resource_provider_id == provider.id))
    result = {}
    for consumer, class_id, used in rows:
        entry = result.setdefault(consumer, {'resources': {}})
        entry['resources'][names[class_id]] = used
    return result


def _held_by(session, consumer):
    """(provider id, class id) -> units that ``consumer`` holds now, its
    rows locked to the end of the transaction."""
    held = {}
    for provider_id, class_id, used in session.execute(
            _HELD, {'consumer': consumer}):
        key = (provider_id, class_id)
        held[key] = held.get(key, 0) + used
    return held


def _forget_allocations(session, consumer, held):
    """Delete the consumer's allocation rows, which must be ``held``: one
    row per key.  Writers on one consumer wait for each other (its
    record's lock, and :func:`_held_by`'s locking read for a consumer
    written without an owner); where neither could lock anything (two
    ownerless first writes at once) the count differs:
    ConcurrentUpdateDetected, and the write is retried."""
    gone = session.execute(_FORGET_ALLOCATIONS, {'consumer': consumer})
    if gone.rowcount != len(held):
        raise exception.ConcurrentUpdateDetected(uuid=consumer)


def _add_usage(session, deltas):
    """Add ``deltas`` ((provider id, class id) -> units, negative to
    release) to the inventories' ``used``, in one UPDATE."""
    changes = {key: delta for key, delta in deltas.items() if delta}
    if not changes:
        return
    key = sa.tuple_(INV.c.resource_provider_id, INV.c.resource_class_id)
    session.execute(INV.update().where(key.in_(list(changes))).values(
        used=INV.c.used + sa.case(
            *[(sa.and_(INV.c.resource_provider_id == provider_id,
                       INV.c.resource_class_id == class_id), delta)
              for (provider_id, class_id), delta in changes.items()],
            else_=0)))


def _add_usage_if_fits(session, wanted, held):
    """Move the inventories' ``used`` from ``held`` to ``wanted`` (both
    (provider id, class id) -> units) in one UPDATE that also checks what
    :func:`_check_fits` checks, in its WHERE clause: every wanted amount
    within min_unit, max_unit and step_size, and the new usage within
    capacity.  Raises _Recheck unless every inventory involved matched
    (one that does not exist, or does not fit, is left to the careful
    path to name); the caller's transaction is then rolled back."""
    keys = sorted(set(wanted) | set(held))
    params = {}
    for index, key in enumerate(keys):
        params['rp%d' % index], params['rc%d' % index] = key
        params['delta%d' % index] = wanted.get(key, 0) - held.get(key, 0)
        params['amount%d' % index] = wanted.get(key)
    statement = _usage_update(tuple(key in wanted for key in keys))
    if session.execute(statement, params).rowcount != len(keys):
        raise _Recheck()


@functools.lru_cache(maxsize=64)
def _usage_update(checked):
    """The UPDATE of :func:`_add_usage_if_fits` for inventories whose
    new amount is checked (True) or that are only given back (False), in
    that order; their ids, deltas and amounts are parameters (building
    the statement costs more than running it)."""
    matches = []
    deltas = []
    for index, check in enumerate(checked):
        row = sa.and_(
            INV.c.resource_provider_id == sa.bindparam('rp%d' % index),
            INV.c.resource_class_id == sa.bindparam('rc%d' % index))
        delta = sa.bindparam('delta%d' % index, type_=sa.Integer)
        deltas.append((row, delta))
        if check:
            amount = sa.bindparam('amount%d' % index, type_=sa.Integer)
            row = sa.and_(
                row, INV.c.min_unit <= amount, INV.c.max_unit >= amount,
                amount % INV.c.step_size == 0,
                INV.c.used + delta <= INV.c.capacity)
        matches.append(row)
    return INV.update().where(sa.or_(*matches)).values(
        used=INV.c.used + sa.case(*deltas, else_=0))


def _check_fits(session, providers_by_id, wanted, names, released):
    """Raise unless every (provider id, class id) -> amount in ``wanted``
    fits the inventory, given the usage recorded less what the consumer
    gives back (``released``, same keys)."""
    provider_ids = {p for p, _c in wanted}
    class_ids = {c for _p, c in wanted}
    inventories = {
        (row.resource_provider_id, row.resource_class_id): row
        for row in session.execute(sa.select(INV).where(
            INV.c.resource_provider_id.in_(provider_ids),
            INV.c.resource_class_id.in_(class_ids)))}
    for key, amount in sorted(wanted.items()):
        provider_id, class_id = key
        where = {'resource_class': names[class_id],
                 'uuid': providers_by_id[provider_id].uuid}
        inv = inventories.get(key)
        if inv is None:
            raise exception.InvalidInventory(**where)
        if (amount < inv.min_unit or amount > inv.max_unit
                or amount % inv.step_size):
            raise exception.ConstraintsViolated(**where)
        if inv.used - released.get(key, 0) + amount > inv.capacity:
            raise exception.CapacityExceeded(**where)


def _external_id(session, table, external_id):
    row = session.execute(sa.select(table.c.id).where(
        table.c.external_id == external_id)).first()
    if row is not None:
        return row[0]
    return session.execute(table.insert().values(
        external_id=external_id)).inserted_primary_key[0]


def _lock_consumer(session, consumer, project_id, user_id, careful):
    """Record who owns ``consumer`` (replacing any record), first thing in
    a write: the record's row lock makes a second writer on the same
    consumer wait for this one to end, and then read what it left.  The
    fast way (not ``careful``) is one statement when the project and user
    are known, as they nearly always are; raises _Recheck otherwise."""
    if not careful:
        recorded = session.execute(
            _record_known_owner(session.get_bind().dialect.name),
            {'consumer': consumer, 'project': project_id, 'user': user_id})
        if not recorded.rowcount:
            raise _Recheck()
        return
    session.execute(_FORGET_CONSUMER, {'consumer': consumer})
    if project_id is None:
        # Written without an owner (before 1.8): no record, and no lock
        # for a consumer holding nothing yet.
        return
    session.execute(CONSUMER.insert().values(
        uuid=consumer, project_id=_external_id(session, PROJECT, project_id),
        user_id=_external_id(session, USER, user_id)))


def _replace(session, consumer, requests, project_id, user_id,
             careful=True):
    """Make ``requests`` the allocations of ``consumer``.  The fast way
    (not ``careful``) records the consumer in one statement, deletes no
    rows when the consumer holds nothing yet (a build's claim) and checks
    capacity in the usage UPDATE; a write it cannot judge (see _Recheck)
    is done again carefully: check, then write, naming what does not
    fit.  Writes without an owner (before 1.8) go the careful way."""
    careful = careful or project_id is None
    _lock_consumer(session, consumer, project_id, user_id, careful)
    uuids = {uuid for uuid, _res in requests}
    if careful:
        new_providers = {p.uuid: p
                         for p in _providers(session, uuids=uuids)}
    else:
        new_providers = _known_providers(session, uuids)
    for uuid, _res in requests:
        if uuid not in new_providers:
            raise exception.AllocationProviderMissing(uuid=uuid)
    ids = resource_class.ids_of(
        session, {name for _u, res in requests for name in res})
    wanted = {}
    for uuid, resources in requests:
        for name, amount in resources.items():
            key = (new_providers[uuid].id, ids[name])
            wanted[key] = wanted.get(key, 0) + amount
    held = _held_by(session, consumer)
    touched = {p.id: p for p in new_providers.values()}
    missing_old = {p for p, _c in held} - set(touched)
    if missing_old:
        touched.update({p.id: p for p in _providers(session,
                                                    ids=missing_old)})
    # Lock the providers (in id order: no deadlock between two writers)
    # before reading usage, so the usage read below is current.
    for provider_id in sorted(touched):
        try:
            lock_provider(session, touched[provider_id])
        except exception.ConcurrentUpdateDetected:
            if careful:
                raise
            # A remembered id that no longer names the provider.
            for uuid in uuids:
                _PROVIDER_IDS.pop(uuid, None)
            raise _Recheck()
    if careful:
        names = {class_id: name for name, class_id in ids.items()}
        _check_fits(session, touched, wanted, names, released=held)
        deltas = {key: -amount for key, amount in held.items()}
        for key, amount in wanted.items():
            deltas[key] = deltas.get(key, 0) + amount
        _add_usage(session, deltas)
    else:
        _add_usage_if_fits(session, wanted, held)
    if held or careful:
        _forget_allocations(session, consumer, held)
    session.execute(ALLOC.insert(), [
        {'resource_provider_id': provider_id, 'resource_class_id': class_id,
         'consumer_id': consumer, 'used': amount}
        for (provider_id, class_id), amount in sorted(wanted.items())])


def replace_for_consumer(consumer, requests, project_id=None, user_id=None):
    """Make ``requests`` (a list of ``(provider uuid, {rc name: amount})``)
    the whole allocation of ``consumer``, in its own transaction."""
    _in_transaction_with_retries(_replace, consumer, requests, project_id,
                                 user_id)


def owner_of(session, consumer):
    """(project_id, user_id) recorded for ``consumer``, or None."""
    return session.execute(
        sa.select(PROJECT.c.external_id, USER.c.external_id)
        .select_from(CONSUMER.join(PROJECT,
                                   PROJECT.c.id == CONSUMER.c.project_id)
                     .join(USER, USER.c.id == CONSUMER.c.user_id))
        .where(CONSUMER.c.uuid == consumer)).first()


def _replace_many(session, entries, careful=True):
    for consumer, requests, project_id, user_id in entries:
        if requests:
            _replace(session, consumer, requests, project_id, user_id,
                     careful=careful)
        else:
            try:
                _delete(session, consumer)
            except exception.AllocationsNotFound:
                pass


def replace_for_consumers(entries):
    """Several consumers at once (POST /allocations): ``entries`` is a
    list of ``(consumer, requests, project_id, user_id)`` as for
    :func:`replace_for_consumer`, where empty ``requests`` removes the
    consumer's allocations.  One transaction: all or nothing."""
    _in_transaction_with_retries(_replace_many, entries)


def _delete(session, consumer, careful=True):
    # The record first: it is the consumer's lock (see _lock_consumer).
    session.execute(_FORGET_CONSUMER, {'consumer': consumer})
    held = _held_by(session, consumer)
    if not held:
        raise exception.AllocationsNotFound(consumer=consumer)
    providers = sorted(_providers(session, ids={p for p, _c in held}),
                       key=lambda p: p.id)
    for provider in providers:
        lock_provider(session, provider)
    _forget_allocations(session, consumer, held)
    if careful:
        _add_usage(session, {key: -amount for key, amount in held.items()})
    else:
        _add_usage_if_fits(session, {}, held)


def delete_for_consumer(consumer):
    _in_transaction_with_retries(_delete, consumer)
