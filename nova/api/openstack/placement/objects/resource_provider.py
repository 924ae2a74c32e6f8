"""Resource providers: create, rename, delete, list with filters."""

import sqlalchemy as sa

from nova.api.openstack.placement import exception
from nova.api.openstack.placement.objects import candidates
from nova.api.openstack.placement.objects.tables import (
    AGG, ALLOC, INV, RP, RP_AGG, RP_TRAIT, Provider, get_provider)

get = get_provider


def _name_taken(session, name, except_id=None):
    query = sa.select(RP.c.id).where(RP.c.name == name)
    if except_id is not None:
        query = query.where(RP.c.id != except_id)
    return session.execute(query).first() is not None


def create(session, uuid, name):
    if session.execute(sa.select(RP.c.id).where(RP.c.uuid == uuid)).first():
        raise exception.ResourceProviderExists(field='uuid', value=uuid)
    if _name_taken(session, name):
        raise exception.ResourceProviderExists(field='name', value=name)
    result = session.execute(RP.insert().values(uuid=uuid, name=name,
                                                generation=0))
    rp_id = result.inserted_primary_key[0]
    session.execute(RP.update().where(RP.c.id == rp_id)
                    .values(root_provider_id=rp_id))
    return Provider(rp_id, uuid, name, 0)


def rename(session, uuid, name):
    provider = get_provider(session, uuid)
    if _name_taken(session, name, except_id=provider.id):
        raise exception.ResourceProviderExists(field='name', value=name)
    session.execute(RP.update().where(RP.c.id == provider.id)
                    .values(name=name))
    provider.name = name
    return provider


def delete(session, uuid):
    provider = get_provider(session, uuid)
    used = session.execute(sa.select(ALLOC.c.id).where(
        ALLOC.c.resource_provider_id == provider.id).limit(1)).first()
    if used is not None:
        raise exception.ResourceProviderInUse(uuid=uuid)
    session.execute(INV.delete().where(INV.c.resource_provider_id ==
                                       provider.id))
    session.execute(RP_AGG.delete().where(RP_AGG.c.resource_provider_id ==
                                          provider.id))
    session.execute(RP_TRAIT.delete().where(
        RP_TRAIT.c.resource_provider_id == provider.id))
    # The row refers to itself as its own root; InnoDB refuses to delete
    # a row that a foreign key (even its own) still points at.
    session.execute(RP.update().where(RP.c.id == provider.id)
                    .values(root_provider_id=None))
    session.execute(RP.delete().where(RP.c.id == provider.id))


def list_providers(session, name=None, uuid=None, member_of=None,
                   resources=None):
    """Providers matching every filter given, ordered by creation.

    :param member_of: aggregate uuids; the provider must be in at least one.
    :param resources: resource class id -> amount the provider must have
        room for (capacity and constraints, as for allocation candidates).
    """
    query = sa.select(RP.c.id, RP.c.uuid, RP.c.name, RP.c.generation)
    if name is not None:
        query = query.where(RP.c.name == name)
    if uuid is not None:
        query = query.where(RP.c.uuid == uuid)
    if member_of:
        in_aggs = (sa.select(RP_AGG.c.resource_provider_id)
                   .join(AGG, AGG.c.id == RP_AGG.c.aggregate_id)
                   .where(AGG.c.uuid.in_(member_of)))
        query = query.where(RP.c.id.in_(in_aggs))
    if resources:
        fitting = candidates.fitting_provider_ids(resources)
        query = query.where(RP.c.id.in_(fitting))
    rows = session.execute(query.order_by(RP.c.id))
    return [Provider(*row) for row in rows]
