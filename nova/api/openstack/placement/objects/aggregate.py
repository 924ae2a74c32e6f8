"""Aggregates a provider belongs to (placement's own aggregate uuids)."""

import sqlalchemy as sa

from nova.api.openstack.placement.objects.tables import (
    AGG, RP_AGG, bump_generation)


def of_provider(session, provider):
    rows = session.execute(
        sa.select(AGG.c.uuid)
        .join(RP_AGG, RP_AGG.c.aggregate_id == AGG.c.id)
        .where(RP_AGG.c.resource_provider_id == provider.id)
        .order_by(AGG.c.uuid))
    return [uuid for (uuid,) in rows]


def set_for_provider(session, provider, uuids):
    """Make ``uuids`` the provider's aggregates (creating unknown ones)."""
    uuids = sorted(set(uuids))
    if uuids == of_provider(session, provider):
        return uuids
    bump_generation(session, provider)
    known = dict(session.execute(sa.select(AGG.c.uuid, AGG.c.id).where(
        AGG.c.uuid.in_(uuids))).all()) if uuids else {}
    for uuid in uuids:
        if uuid not in known:
            known[uuid] = session.execute(AGG.insert().values(
                uuid=uuid)).inserted_primary_key[0]
    session.execute(RP_AGG.delete().where(
        RP_AGG.c.resource_provider_id == provider.id))
    if uuids:
        session.execute(RP_AGG.insert(), [
            {'resource_provider_id': provider.id, 'aggregate_id': known[u]}
            for u in uuids])
    return uuids
