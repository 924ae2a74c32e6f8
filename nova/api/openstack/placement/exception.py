"""Domain errors of placement's data layer.

They carry a message for the operator and no HTTP status: which status each
becomes is decided in one place, :data:`nova.api.openstack.placement.errors.
STATUS_OF`.
"""


class PlacementError(Exception):
    """Base class; ``msg_fmt % kwargs`` is the message."""

    msg_fmt = 'An unknown placement error occurred.'

    def __init__(self, message=None, **kwargs):
        self.kwargs = kwargs
        if message is None:
            message = self.msg_fmt % kwargs
        super().__init__(message)

    def format_message(self):
        return str(self)


class NotFound(PlacementError):
    msg_fmt = 'Not found.'


class ResourceProviderNotFound(NotFound):
    msg_fmt = 'No resource provider with uuid %(uuid)s found'


class ResourceClassNotFound(NotFound):
    msg_fmt = 'No such resource class %(name)s.'


class TraitNotFound(NotFound):
    msg_fmt = 'No such trait(s): %(names)s.'


class InventoryNotFound(NotFound):
    msg_fmt = ('No inventory of class %(resource_class)s for resource '
               'provider %(uuid)s')


class AllocationsNotFound(NotFound):
    msg_fmt = "No allocations for consumer '%(consumer)s'"


class Conflict(PlacementError):
    msg_fmt = 'Conflict.'


class ConcurrentUpdateDetected(Conflict):
    msg_fmt = ('resource provider generation conflict: another request '
               'changed resource provider %(uuid)s; please retry your '
               'update')


class ResourceProviderExists(Conflict):
    msg_fmt = 'Conflicting resource provider %(field)s: %(value)s already exists.'


class ResourceProviderInUse(Conflict):
    msg_fmt = ('Unable to delete resource provider %(uuid)s: Resource '
               'provider has allocations.')


class ResourceProviderHasChildren(Conflict):
    msg_fmt = ('Unable to delete parent resource provider %(uuid)s: It has '
               'child resource providers.')


class ResourceClassExists(Conflict):
    msg_fmt = 'Conflicting resource class already exists: %(name)s'


class ResourceClassInUse(Conflict):
    msg_fmt = ('Unable to delete resource class %(name)s. The resource '
               'class is in use in inventory.')


class TraitExists(Conflict):
    msg_fmt = 'The trait %(name)s already exists'


class TraitInUse(Conflict):
    msg_fmt = 'The trait %(name)s is in use by a resource provider.'


class InventoryExists(Conflict):
    msg_fmt = ('Inventory for %(resource_class)s on resource provider '
               '%(uuid)s already exists.')


class InventoryInUse(Conflict):
    msg_fmt = ('Inventory for %(resource_classes)s on resource provider '
               '%(uuid)s in use.')


class InvalidInventory(Conflict):
    msg_fmt = ("Inventory for '%(resource_class)s' on resource provider "
               "'%(uuid)s' invalid.")


class CapacityExceeded(Conflict):
    msg_fmt = ("Unable to create allocation for '%(resource_class)s' on "
               "resource provider '%(uuid)s'. The requested amount would "
               "exceed the capacity.")


class ConstraintsViolated(Conflict):
    msg_fmt = ("Unable to create allocation for '%(resource_class)s' on "
               "resource provider '%(uuid)s'. The requested amount would "
               "violate inventory constraints.")


class BadRequest(PlacementError):
    msg_fmt = 'Bad request.'


class InvalidInventoryCapacity(BadRequest):
    msg_fmt = ("Invalid inventory for '%(resource_class)s' on resource "
               "provider '%(uuid)s'. %(reason)s")


class StandardResourceClass(BadRequest):
    msg_fmt = 'Cannot %(action)s standard resource class %(name)s'


class StandardTrait(BadRequest):
    msg_fmt = 'Cannot delete standard trait %(name)s.'


class AllocationProviderMissing(BadRequest):
    msg_fmt = ("Allocation for resource provider '%(uuid)s' that does not "
               "exist.")


class InvalidProviderTree(BadRequest):
    """A change to a provider tree (1.14) that cannot be made; the handler
    names the provider."""


class ParentProviderNotFound(InvalidProviderTree):
    msg_fmt = 'parent provider UUID does not exist.'


class CannotReparent(InvalidProviderTree):
    msg_fmt = '%(what)s a provider is not currently allowed.'


class ProviderTreeLoop(InvalidProviderTree):
    msg_fmt = 'creating loop in the provider tree is not allowed.'
