"""Inventories: what a provider has of each resource class.

Every change bumps the provider's generation in the same transaction
(:func:`tables.bump_generation`), before it touches an inventory row: the
allocation writes lock in that order too (provider, then the inventories'
``used``), so the two never wait on each other in a cycle.  ``used`` is
the allocations' to keep; the writes here leave it alone, and store each
inventory's ``capacity`` with it (:func:`tables.with_capacity`).
"""

import logging

import sqlalchemy as sa

from nova.api.openstack.placement import exception
from nova.api.openstack.placement.objects import resource_class
from nova.api.openstack.placement.objects.tables import (
    ALLOC, INV, MAX_INT, bump_generation, with_capacity)

LOG = logging.getLogger(__name__)

FIELDS = ('total', 'reserved', 'min_unit', 'max_unit', 'step_size',
          'allocation_ratio')
DEFAULTS = {'reserved': 0, 'min_unit': 1, 'max_unit': MAX_INT,
            'step_size': 1, 'allocation_ratio': 1.0}


def with_defaults(record):
    """The six fields of ``record`` with defaults filled in."""
    values = dict(DEFAULTS)
    values.update({k: v for k, v in record.items() if k in FIELDS})
    return values


def check(provider, rc_name, values):
    """Raise InvalidInventoryCapacity for self-contradicting values."""
    reason = None
    if values['reserved'] > values['total']:
        reason = 'The reserved value is greater than total.'
    elif values['min_unit'] > values['max_unit']:
        reason = 'The min_unit value is greater than max_unit.'
    if reason:
        raise exception.InvalidInventoryCapacity(
            resource_class=rc_name, uuid=provider.uuid, reason=reason)


def _row_to_dict(row):
    return {'total': row.total, 'reserved': row.reserved,
            'min_unit': row.min_unit, 'max_unit': row.max_unit,
            'step_size': row.step_size,
            'allocation_ratio': row.allocation_ratio}


def get_all(session, provider):
    """rc name -> inventory dict of ``provider``."""
    names = resource_class.names_by_id(session)
    rows = session.execute(sa.select(INV).where(
        INV.c.resource_provider_id == provider.id))
    return {names[row.resource_class_id]: _row_to_dict(row) for row in rows}


def get_one(session, provider, rc_name):
    try:
        class_id = resource_class.id_of(session, rc_name)
    except exception.ResourceClassNotFound:
        class_id = None
    row = None
    if class_id is not None:
        row = session.execute(sa.select(INV).where(
            INV.c.resource_provider_id == provider.id,
            INV.c.resource_class_id == class_id)).first()
    if row is None:
        raise exception.InventoryNotFound(resource_class=rc_name,
                                          uuid=provider.uuid)
    return _row_to_dict(row)


def _used_by_class(session, provider, class_ids=None):
    query = (sa.select(ALLOC.c.resource_class_id, sa.func.sum(ALLOC.c.used))
             .where(ALLOC.c.resource_provider_id == provider.id)
             .group_by(ALLOC.c.resource_class_id))
    if class_ids is not None:
        query = query.where(ALLOC.c.resource_class_id.in_(class_ids))
    return {class_id: int(used) for class_id, used in session.execute(query)}


def _warn_if_overcommitted(provider, rc_name, stored, used):
    """Warn when the ``used`` units exceed the capacity of the inventory
    row just ``stored`` (:func:`tables.with_capacity`)."""
    if used and used > stored['capacity']:
        LOG.warning('Resource provider %(uuid)s now has less %(rc)s '
                    'capacity than is allocated (%(used)d)',
                    {'uuid': provider.uuid, 'rc': rc_name, 'used': used})


def add(session, provider, rc_name, record):
    """Create one inventory (POST); InventoryExists if there is one."""
    class_id = resource_class.id_of(session, rc_name)
    values = with_defaults(record)
    check(provider, rc_name, values)
    bump_generation(session, provider)
    exists = session.execute(sa.select(INV.c.id).where(
        INV.c.resource_provider_id == provider.id,
        INV.c.resource_class_id == class_id)).first()
    if exists:
        raise exception.InventoryExists(resource_class=rc_name,
                                        uuid=provider.uuid)
    session.execute(INV.insert().values(resource_provider_id=provider.id,
                                        resource_class_id=class_id,
                                        **with_capacity(values)))
    return values


def update_one(session, provider, expected_generation, rc_name, record):
    """Replace one existing inventory (PUT .../inventories/{rc})."""
    class_id = resource_class.id_of(session, rc_name)
    values = with_defaults(record)
    check(provider, rc_name, values)
    bump_generation(session, provider, expected_generation)
    stored = with_capacity(values)
    result = session.execute(INV.update().where(
        INV.c.resource_provider_id == provider.id,
        INV.c.resource_class_id == class_id).values(**stored))
    if result.rowcount != 1:
        raise exception.InventoryNotFound(resource_class=rc_name,
                                          uuid=provider.uuid)
    used = _used_by_class(session, provider, [class_id]).get(class_id)
    _warn_if_overcommitted(provider, rc_name, stored, used)
    return values


def replace_all(session, provider, expected_generation, records):
    """Make ``records`` (rc name -> fields) the provider's whole inventory.

    Removing a class that is allocated from is InventoryInUse (409).
    """
    ids = resource_class.ids_of(session, records)
    new = {}
    for rc_name, record in records.items():
        values = with_defaults(record)
        check(provider, rc_name, values)
        new[ids[rc_name]] = (rc_name, values)
    bump_generation(session, provider, expected_generation)
    _set(session, provider, new)
    return {rc_name: values for rc_name, values in new.values()}


def _set(session, provider, new):
    current = {row.resource_class_id for row in session.execute(
        sa.select(INV.c.resource_class_id).where(
            INV.c.resource_provider_id == provider.id))}
    removed = current - set(new)
    used = _used_by_class(session, provider)
    in_use = [class_id for class_id in removed if used.get(class_id)]
    if in_use:
        names = resource_class.names_by_id(session)
        raise exception.InventoryInUse(
            resource_classes=', '.join(sorted(names[c] for c in in_use)),
            uuid=provider.uuid)
    if removed:
        session.execute(INV.delete().where(
            INV.c.resource_provider_id == provider.id,
            INV.c.resource_class_id.in_(removed)))
    for class_id, (rc_name, values) in new.items():
        stored = with_capacity(values)
        if class_id in current:
            session.execute(INV.update().where(
                INV.c.resource_provider_id == provider.id,
                INV.c.resource_class_id == class_id).values(**stored))
            _warn_if_overcommitted(provider, rc_name, stored,
                                   used.get(class_id))
        else:
            session.execute(INV.insert().values(
                resource_provider_id=provider.id, resource_class_id=class_id,
                **stored))


def delete_one(session, provider, rc_name):
    try:
        class_id = resource_class.id_of(session, rc_name)
    except exception.ResourceClassNotFound:
        class_id = None
    bump_generation(session, provider)
    if class_id is not None and _used_by_class(
            session, provider, [class_id]).get(class_id):
        raise exception.InventoryInUse(resource_classes=rc_name,
                                       uuid=provider.uuid)
    result = None
    if class_id is not None:
        result = session.execute(INV.delete().where(
            INV.c.resource_provider_id == provider.id,
            INV.c.resource_class_id == class_id))
    if result is None or result.rowcount != 1:
        raise exception.InventoryNotFound(resource_class=rc_name,
                                          uuid=provider.uuid)


def delete_all(session, provider):
    bump_generation(session, provider)
    _set(session, provider, {})
