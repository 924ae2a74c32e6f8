"""Traits: the standard names of the os-traits library, synced into the
traits table once per process and database, plus ``CUSTOM_*`` ones."""

import re
import threading

import os_traits
import sqlalchemy as sa

from nova.api.openstack.placement import exception
from nova.api.openstack.placement.objects.tables import (
    RP_TRAIT, TRAIT, bump_generation)
from nova.db import engine
from nova import exception as nova_exception

CUSTOM_NAME_RE = re.compile(r'^CUSTOM_[A-Z0-9_]+$')
_SYNCED = set()
_SYNC_LOCK = threading.Lock()


def standard_names():
    return os_traits.get_traits()


def is_standard(name):
    return name in _standard_set()


_STANDARD = []


def _standard_set():
    if not _STANDARD:
        _STANDARD.append(frozenset(standard_names()))
    return _STANDARD[0]


def ensure_synced():
    """Insert the standard traits missing from this database (once)."""
    url = engine.api_url()
    if url in _SYNCED:
        return
    with _SYNC_LOCK:
        if url in _SYNCED:
            return
        try:
            with engine.api_session() as session:
                present = {n for (n,) in session.execute(
                    sa.select(TRAIT.c.name))}
                missing = sorted(_standard_set() - present)
                if missing:
                    session.execute(TRAIT.insert(),
                                    [{'name': n} for n in missing])
        except nova_exception.DBDuplicateEntry:
            # Another process synced at the same time; it did the work.
            pass
        _SYNCED.add(url)


def list_names(session, names=None, prefix=None, associated=None):
    query = sa.select(TRAIT.c.name)
    if names is not None:
        query = query.where(TRAIT.c.name.in_(names))
    if prefix is not None:
        query = query.where(TRAIT.c.name.startswith(prefix,
                                                    autoescape=True))
    if associated is not None:
        linked = sa.select(RP_TRAIT.c.trait_id)
        query = query.where(TRAIT.c.id.in_(linked) if associated
                            else TRAIT.c.id.not_in(linked))
    return [name for (name,) in session.execute(query.order_by(TRAIT.c.name))]


def _id_of(session, name):
    row = session.execute(sa.select(TRAIT.c.id).where(
        TRAIT.c.name == name)).first()
    if row is None:
        raise exception.TraitNotFound(names=name)
    return row[0]


def exists(session, name):
    return session.execute(sa.select(TRAIT.c.id).where(
        TRAIT.c.name == name)).first() is not None


def ensure(name):
    """Create custom trait ``name`` unless present; True if created."""
    try:
        with engine.api_session() as session:
            if exists(session, name):
                return False
            session.execute(TRAIT.insert().values(name=name))
    except nova_exception.DBDuplicateEntry:
        return False
    return True


def delete(session, name):
    if is_standard(name):
        raise exception.StandardTrait(name=name)
    trait_id = _id_of(session, name)
    in_use = session.execute(sa.select(RP_TRAIT.c.trait_id).where(
        RP_TRAIT.c.trait_id == trait_id).limit(1)).first()
    if in_use is not None:
        raise exception.TraitInUse(name=name)
    session.execute(TRAIT.delete().where(TRAIT.c.id == trait_id))


def of_provider(session, provider):
    rows = session.execute(
        sa.select(TRAIT.c.name)
        .join(RP_TRAIT, RP_TRAIT.c.trait_id == TRAIT.c.id)
        .where(RP_TRAIT.c.resource_provider_id == provider.id)
        .order_by(TRAIT.c.name))
    return [name for (name,) in rows]


def set_for_provider(session, provider, expected_generation, names):
    """Make ``names`` the provider's traits; TraitNotFound (400 here) if
    some do not exist."""
    names = sorted(set(names))
    found = dict(session.execute(sa.select(TRAIT.c.name, TRAIT.c.id).where(
        TRAIT.c.name.in_(names))).all()) if names else {}
    missing = [n for n in names if n not in found]
    if missing:
        raise exception.TraitNotFound(names=', '.join(missing))
    bump_generation(session, provider, expected_generation)
    session.execute(RP_TRAIT.delete().where(
        RP_TRAIT.c.resource_provider_id == provider.id))
    if names:
        session.execute(RP_TRAIT.insert(), [
            {'resource_provider_id': provider.id, 'trait_id': found[n]}
            for n in names])
    return names


def delete_for_provider(session, provider):
    bump_generation(session, provider)
    session.execute(RP_TRAIT.delete().where(
        RP_TRAIT.c.resource_provider_id == provider.id))
