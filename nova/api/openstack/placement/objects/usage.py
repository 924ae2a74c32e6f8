"""Usage totals, per provider and per project (and user)."""

import sqlalchemy as sa

from nova.api.openstack.placement.objects import resource_class
from nova.api.openstack.placement.objects.tables import (
    ALLOC, CONSUMER, INV, PROJECT, USER)


def for_provider(session, provider):
    """rc name -> units used, for every class the provider has inventory
    of (0 when nothing is allocated)."""
    names = resource_class.names_by_id(session)
    usage = (sa.select(ALLOC.c.resource_class_id,
                       sa.func.sum(ALLOC.c.used).label('used'))
             .where(ALLOC.c.resource_provider_id == provider.id)
             .group_by(ALLOC.c.resource_class_id).subquery())
    rows = session.execute(
        sa.select(INV.c.resource_class_id, sa.func.coalesce(usage.c.used, 0))
        .outerjoin(usage, usage.c.resource_class_id == INV.c.resource_class_id)
        .where(INV.c.resource_provider_id == provider.id))
    result = {names[class_id]: int(used) for class_id, used in rows}
    # Allocations may outlive an inventory only through direct DB edits;
    # still report them rather than hide them.
    for class_id, used in session.execute(
            sa.select(usage.c.resource_class_id, usage.c.used)):
        result.setdefault(names[class_id], int(used))
    return result


def for_project(session, project_id, user_id=None):
    """rc name -> units used by the project's (and user's) consumers."""
    names = resource_class.names_by_id(session)
    query = (sa.select(ALLOC.c.resource_class_id, sa.func.sum(ALLOC.c.used))
             .join(CONSUMER, CONSUMER.c.uuid == ALLOC.c.consumer_id)
             .join(PROJECT, PROJECT.c.id == CONSUMER.c.project_id)
             .where(PROJECT.c.external_id == project_id)
             .group_by(ALLOC.c.resource_class_id))
    if user_id is not None:
        query = (query.join(USER, USER.c.id == CONSUMER.c.user_id)
                 .where(USER.c.external_id == user_id))
    return {names[class_id]: int(used)
            for class_id, used in session.execute(query)}
