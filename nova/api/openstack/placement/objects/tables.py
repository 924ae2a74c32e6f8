"""Short names for the placement tables and shared helpers."""

import sqlalchemy as sa

from nova.api.openstack.placement import exception
from nova.db.api import models

RP = models.ResourceProvider.__table__
INV = models.Inventory.__table__
ALLOC = models.Allocation.__table__
RC = models.ResourceClass.__table__
RP_AGG = models.ResourceProviderAggregate.__table__
AGG = models.PlacementAggregate.__table__
TRAIT = models.Trait.__table__
RP_TRAIT = models.ResourceProviderTrait.__table__
PROJECT = models.Project.__table__
USER = models.User.__table__
CONSUMER = models.Consumer.__table__

# Largest value of a signed 32-bit INTEGER column.
MAX_INT = 2147483647


class Provider(object):
    """One row of resource_providers, as read inside a transaction.

    ``parent_uuid`` and ``root_uuid`` (nested providers, 1.14) are read
    only where a provider is shown; elsewhere they stay None.
    """

    __slots__ = ('id', 'uuid', 'name', 'generation', 'parent_uuid',
                 'root_uuid')

    def __init__(self, id, uuid, name, generation, parent_uuid=None,
                 root_uuid=None):
        self.id, self.uuid, self.name = id, uuid, name
        self.generation = generation or 0
        self.parent_uuid, self.root_uuid = parent_uuid, root_uuid


def get_provider(session, uuid):
    """The provider ``uuid``; raises ResourceProviderNotFound."""
    row = session.execute(
        sa.select(RP.c.id, RP.c.uuid, RP.c.name, RP.c.generation)
        .where(RP.c.uuid == uuid)).first()
    if row is None:
        raise exception.ResourceProviderNotFound(uuid=uuid)
    return Provider(*row)


# Built once: every allocation write runs it.
_BUMP = (RP.update()
         .where(RP.c.id == sa.bindparam('rp_id'),
                RP.c.generation == sa.bindparam('expected'))
         .values(generation=RP.c.generation + 1))


def bump_generation(session, provider, expected=None):
    """Increment ``provider``'s generation iff it is still ``expected``.

    The check and the increment are one UPDATE, so of two writers that read
    the same generation exactly one wins; the other gets
    ConcurrentUpdateDetected (409) and its transaction rolls back.
    ``expected`` defaults to the generation read earlier in this
    transaction.  Updates ``provider.generation`` on success.
    """
    if expected is None:
        expected = provider.generation
    result = session.execute(_BUMP, {'rp_id': provider.id,
                                     'expected': expected})
    if result.rowcount != 1:
        raise exception.ConcurrentUpdateDetected(uuid=provider.uuid)
    provider.generation = expected + 1
    return provider.generation


# Built once: every allocation write runs it.
# The uuid is checked too: a writer may know a provider's id from an
# earlier transaction (see allocation._known_providers), and an id alone
# could by then name another provider.
_LOCK = (RP.update()
         .where(RP.c.id == sa.bindparam('rp_id'),
                RP.c.uuid == sa.bindparam('rp_uuid'))
         .values(generation=RP.c.generation + 1))


def lock_provider(session, provider):
    """Increment ``provider``'s generation, whatever it is now, and so hold
    the provider's row lock to the end of the transaction.

    For writes whose client named no generation (allocations): a second
    writer on the same provider waits for this transaction to end instead
    of failing on a generation that moved under it, as two builds
    claiming on one host at once did (then slept and wrote again).  The
    caller checks after locking that what it read before is still true
    (see ``allocation._replace``).  A provider deleted meanwhile (or an id
    that is no longer ``provider.uuid``'s) gives ConcurrentUpdateDetected.
    """
    if session.execute(_LOCK, {'rp_id': provider.id,
                               'rp_uuid': provider.uuid}).rowcount != 1:
        raise exception.ConcurrentUpdateDetected(uuid=provider.uuid)


def capacity(total, reserved, allocation_ratio):
    """Units that may be allocated: ``(total - reserved) * ratio``."""
    return int((total - reserved) * allocation_ratio)


def with_capacity(values):
    """An inventory row's ``values`` (total, reserved, allocation_ratio
    among them) and the ``capacity`` they give, as every write of an
    inventory stores it: checks in SQL then compare against the integer
    the API reports, not against a product over a single-precision
    ratio (see the revision that added the column)."""
    return dict(values, capacity=capacity(
        values['total'], values['reserved'], values['allocation_ratio']))
