"""Resource providers: create, update, delete, list with filters.

Providers form trees (nested providers, microversion 1.14): each row
names its parent (``parent_provider_id``, NULL for a root) and the root of
its tree (``root_provider_id``, itself for a root).  A provider without a
parent may be given one (its whole subtree joins the parent's tree); a
parent, once set, cannot be changed or removed, and a provider with
children cannot be deleted.
"""

import sqlalchemy as sa

from nova.api.openstack.placement import exception
from nova.api.openstack.placement.objects import candidates
from nova.api.openstack.placement.objects.tables import (
    AGG, ALLOC, INV, RP, RP_AGG, RP_TRAIT, Provider)

_PARENT = RP.alias('parent_rp')
_ROOT = RP.alias('root_rp')
# Distinguishes "parent_provider_uuid not given" from null.
UNSET = object()


def _shown():
    """A SELECT of providers as they are shown, with the uuids of their
    parent and root."""
    return (sa.select(RP.c.id, RP.c.uuid, RP.c.name, RP.c.generation,
                      _PARENT.c.uuid, _ROOT.c.uuid)
            .select_from(
                RP.outerjoin(_PARENT, _PARENT.c.id == RP.c.parent_provider_id)
                .outerjoin(_ROOT, _ROOT.c.id == RP.c.root_provider_id)))


def get(session, uuid):
    """The provider ``uuid`` with its tree; raises ResourceProviderNotFound.
    """
    row = session.execute(_shown().where(RP.c.uuid == uuid)).first()
    if row is None:
        raise exception.ResourceProviderNotFound(uuid=uuid)
    return Provider(*row)


def _ids(session, uuid):
    """(id, parent id, root id) of ``uuid``, or None."""
    return session.execute(
        sa.select(RP.c.id, RP.c.parent_provider_id, RP.c.root_provider_id)
        .where(RP.c.uuid == uuid)).first()


def _name_taken(session, name, except_id=None):
    query = sa.select(RP.c.id).where(RP.c.name == name)
    if except_id is not None:
        query = query.where(RP.c.id != except_id)
    return session.execute(query).first() is not None


def create(session, uuid, name, parent_uuid=None):
    if _ids(session, uuid) is not None:
        raise exception.ResourceProviderExists(field='uuid', value=uuid)
    if _name_taken(session, name):
        raise exception.ResourceProviderExists(field='name', value=name)
    parent = None
    if parent_uuid is not None:
        parent = _ids(session, parent_uuid)
        if parent is None:
            raise exception.ParentProviderNotFound(uuid=parent_uuid)
    result = session.execute(RP.insert().values(
        uuid=uuid, name=name, generation=0,
        parent_provider_id=parent.id if parent else None,
        root_provider_id=parent.root_provider_id if parent else None))
    if parent is None:
        rp_id = result.inserted_primary_key[0]
        session.execute(RP.update().where(RP.c.id == rp_id)
                        .values(root_provider_id=rp_id))
    return get(session, uuid)


def update(session, uuid, name, parent_uuid=UNSET):
    """Rename ``uuid`` and, when ``parent_uuid`` is given, give a root
    provider a parent (the same parent again is no change)."""
    provider = get(session, uuid)
    if _name_taken(session, name, except_id=provider.id):
        raise exception.ResourceProviderExists(field='name', value=name)
    values = {'name': name}
    if parent_uuid is not UNSET and parent_uuid != provider.parent_uuid:
        if provider.parent_uuid is not None:
            raise exception.CannotReparent(
                what='re-parenting' if parent_uuid else 'un-parenting')
        parent = _ids(session, parent_uuid)
        if parent is None:
            raise exception.ParentProviderNotFound(uuid=parent_uuid)
        # A root provider's tree is every row whose root it is: the new
        # parent must not be in it (itself or one of its descendants).
        if parent.root_provider_id == provider.id:
            raise exception.ProviderTreeLoop()
        values['parent_provider_id'] = parent.id
        session.execute(RP.update()
                        .where(RP.c.root_provider_id == provider.id)
                        .values(root_provider_id=parent.root_provider_id))
    session.execute(RP.update().where(RP.c.id == provider.id)
                    .values(**values))
    return get(session, uuid)


def delete(session, uuid):
    provider = get(session, uuid)
    used = session.execute(sa.select(ALLOC.c.id).where(
        ALLOC.c.resource_provider_id == provider.id).limit(1)).first()
    if used is not None:
        raise exception.ResourceProviderInUse(uuid=uuid)
    child = session.execute(sa.select(RP.c.id).where(
        RP.c.parent_provider_id == provider.id).limit(1)).first()
    if child is not None:
        raise exception.ResourceProviderHasChildren(uuid=uuid)
    session.execute(INV.delete().where(INV.c.resource_provider_id ==
                                       provider.id))
    session.execute(RP_AGG.delete().where(RP_AGG.c.resource_provider_id ==
                                          provider.id))
    session.execute(RP_TRAIT.delete().where(
        RP_TRAIT.c.resource_provider_id == provider.id))
    # A root refers to itself as its own root; InnoDB refuses to delete a
    # row that a foreign key (even its own) still points at.
    session.execute(RP.update().where(RP.c.id == provider.id)
                    .values(root_provider_id=None))
    session.execute(RP.delete().where(RP.c.id == provider.id))


def list_providers(session, name=None, uuid=None, member_of=None,
                   resources=None, in_tree=None):
    """Providers matching every filter given, ordered by creation.

    :param member_of: aggregate uuids; the provider must be in at least one.
    :param resources: resource class id -> amount the provider must have
        room for (capacity and constraints, as for allocation candidates).
    :param in_tree: a provider uuid: only the providers of its tree (none
        when there is no such provider).
    """
    query = _shown()
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
    if in_tree is not None:
        tree_root = RP.alias('tree_of')
        root_of = (sa.select(tree_root.c.root_provider_id)
                   .where(tree_root.c.uuid == in_tree).scalar_subquery())
        query = query.where(RP.c.root_provider_id == root_of)
    rows = session.execute(query.order_by(RP.c.id))
    return [Provider(*row) for row in rows]
