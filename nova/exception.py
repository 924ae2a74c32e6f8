"""Domain exceptions.

Each exception carries a message template (``msg_fmt``) and the HTTP status
the API maps it to (``code``).  The API layer turns them into faults in one
place; nothing else should build HTTP errors from them.

Helpers: append new exceptions in the section they belong to; keep names as
upstream Nova spells them so operators recognise log lines.
"""

from nova.i18n import _


class NovaException(Exception):
    """Base exception: ``msg_fmt % kwargs`` becomes the message."""

    msg_fmt = _("An unknown exception occurred.")
    code = 500
    headers = {}
    safe = False

    def __init__(self, message=None, **kwargs):
        self.kwargs = kwargs
        if 'code' not in self.kwargs:
            self.kwargs['code'] = self.code
        if not message:
            try:
                message = self.msg_fmt % kwargs
            except (KeyError, TypeError, ValueError):
                # A template/kwargs mismatch is a bug in the caller; keep the
                # template rather than hiding the original error.
                message = self.msg_fmt
        self.message = message
        super().__init__(message)

    def format_message(self):
        return self.args[0] if self.args else self.message


# --- generic categories -------------------------------------------------

class NotFound(NovaException):
    msg_fmt = _("Resource could not be found.")
    code = 404


class Invalid(NovaException):
    msg_fmt = _("Bad Request - Invalid Parameters")
    code = 400


class Forbidden(NovaException):
    msg_fmt = _("Forbidden")
    code = 403


class Conflict(NovaException):
    msg_fmt = _("Conflict")
    code = 409


class NotImplementedYet(NovaException):
    msg_fmt = _("%(what)s is not implemented yet.")
    code = 501


# --- configuration and database ------------------------------------------

class ConfigError(NovaException):
    msg_fmt = _("Configuration error: %(reason)s")


class DBNotAllowed(NovaException):
    msg_fmt = _("%(binary)s attempted direct database access which is "
                "not allowed by policy")


class DatabaseNotConfigured(NovaException):
    msg_fmt = _("No database connection is configured for %(database)s "
                "(set [%(group)s] connection in nova.conf).")


class DBDuplicateEntry(Conflict):
    msg_fmt = _("Duplicate entry: %(detail)s")


class ObjectActionError(NovaException):
    msg_fmt = _('Object action %(action)s failed because: %(reason)s')


class OrphanedObjectError(NovaException):
    msg_fmt = _('Cannot call %(method)s on orphaned %(objtype)s object')


class IncompatibleObjectVersion(NovaException):
    msg_fmt = _('Version %(objver)s of %(objname)s is not supported')


class UnsupportedObjectError(NovaException):
    msg_fmt = _('Unsupported object type %(objtype)s')


# --- services, hosts and cells -------------------------------------------

class ServiceNotFound(NotFound):
    msg_fmt = _("Service %(service_id)s could not be found.")


class ServiceBinaryExists(Conflict):
    msg_fmt = _("Service with host %(host)s binary %(binary)s exists.")


class ServiceTopicExists(Conflict):
    msg_fmt = _("Service with host %(host)s topic %(topic)s exists.")


class HostBinaryNotFound(NotFound):
    msg_fmt = _("Compute host %(host)s with binary %(binary)s could not be "
                "found.")


class ComputeHostNotFound(NotFound):
    msg_fmt = _("Compute host %(host)s could not be found.")


class ComputeHostNotCreated(NotFound):
    msg_fmt = _("Compute host %(name)s needs to be created first before "
                "updating.")


class CellMappingNotFound(NotFound):
    msg_fmt = _("Cell %(uuid)s has no mapping.")


class HostMappingNotFound(NotFound):
    msg_fmt = _("Host '%(name)s' is not mapped to any cell")


class HostMappingExists(Conflict):
    msg_fmt = _("Host '%(name)s' mapping already exists")


class InstanceMappingNotFound(NotFound):
    msg_fmt = _("Instance %(uuid)s has no mapping to a cell.")


class CellTimeout(NotFound):
    msg_fmt = _("Timeout waiting for response from cell")


class ServiceTooOld(Invalid):
    msg_fmt = _("This service is older (v%(thisver)i) than the minimum "
                "(v%(minver)i) version of the rest of the deployment. "
                "Unable to continue.")


class InstanceNotFound(NotFound):
    msg_fmt = _("Instance %(instance_id)s could not be found.")


class VirtDriverNotFound(NotFound):
    msg_fmt = _("Could not find virt driver %(name)s: %(reason)s")


# --- Compute API: requests, microversions, policy ------------------------

class PolicyNotAuthorized(Forbidden):
    msg_fmt = _("Policy doesn't allow %(action)s to be performed.")


class ValidationError(Invalid):
    msg_fmt = "%(detail)s"


class InvalidName(Invalid):
    msg_fmt = _("An invalid 'name' value was provided. The name must be: "
                "%(reason)s")


class MalformedRequestBody(NovaException):
    msg_fmt = _("Malformed message body: %(reason)s")
    code = 400


class InvalidContentType(Invalid):
    msg_fmt = _("Invalid content type %(content_type)s.")


class InvalidAPIVersionString(Invalid):
    msg_fmt = _("API Version String %(version)s is of invalid format. Must "
                "be of format MajorNum.MinorNum.")


class InvalidGlobalAPIVersion(Invalid):
    msg_fmt = _("Version %(req_ver)s is not supported by the API. Minimum "
                "is %(min_ver)s and maximum is %(max_ver)s.")
    code = 406


class VersionNotFoundForAPIMethod(Invalid):
    msg_fmt = _("API version %(version)s is not supported on this method.")
    code = 404


class MarkerNotFound(NotFound):
    msg_fmt = _("Marker %(marker)s could not be found.")


class InvalidSortKey(Invalid):
    msg_fmt = _("Sort key supplied is invalid: %(sort_key)s")


# --- flavors -----------------------------------------------------------------

class FlavorNotFound(NotFound):
    msg_fmt = _("Flavor %(flavor_id)s could not be found.")


class FlavorNotFoundByName(FlavorNotFound):
    msg_fmt = _("Flavor with name %(flavor_name)s could not be found.")


class FlavorExists(Conflict):
    msg_fmt = _("Flavor with name %(name)s already exists.")


class FlavorIdExists(Conflict):
    msg_fmt = _("Flavor with ID %(flavor_id)s already exists.")


class FlavorCreateFailed(NovaException):
    msg_fmt = _("Unable to create flavor")


class FlavorExtraSpecsNotFound(NotFound):
    msg_fmt = _("Flavor %(flavor_id)s has no extra specs with key "
                "%(extra_specs_key)s.")


class FlavorExtraSpecUpdateCreateFailed(NovaException):
    msg_fmt = _("Flavor %(id)s extra spec cannot be updated or created "
                "after %(retries)d retries.")
    code = 409


class FlavorAccessExists(Conflict):
    msg_fmt = _("Flavor access already exists for flavor %(flavor_id)s "
                "and project %(project_id)s combination.")


class FlavorAccessNotFound(NotFound):
    msg_fmt = _("Flavor access not found for %(flavor_id)s / "
                "%(project_id)s combination.")


# --- instances, their records and server-side objects ----------------------

class InstanceExists(Conflict):
    msg_fmt = _("Instance %(name)s already exists.")


class InstanceInvalidState(Invalid):
    msg_fmt = _("Instance %(instance_uuid)s in %(attr)s %(state)s. Cannot "
                "%(method)s while the instance is in this state.")
    code = 409


class UnexpectedTaskStateError(Conflict):
    msg_fmt = _("Conflict updating instance %(instance_uuid)s. "
                "Expected: %(expected)s. Actual: %(actual)s")


class UnexpectedDeletingTaskStateError(UnexpectedTaskStateError):
    pass


class UnexpectedVMStateError(Conflict):
    msg_fmt = _("Conflict updating instance %(instance_uuid)s: vm_state "
                "expected %(expected)s but is %(actual)s")


class InstanceInfoCacheNotFound(NotFound):
    msg_fmt = _("Info cache for instance %(instance_uuid)s could not be "
                "found.")


class InstanceFaultNotFound(NotFound):
    msg_fmt = _("Instance %(instance_uuid)s has no recorded fault.")


class InstanceActionNotFound(NotFound):
    msg_fmt = _("Action for request_id %(request_id)s on instance "
                "%(instance_uuid)s not found")


class InstanceActionEventNotFound(NotFound):
    msg_fmt = _("Event %(event)s not found for action id %(action_id)s")


class InstanceTagNotFound(NotFound):
    msg_fmt = _("Instance %(instance_id)s has no tag '%(tag)s'")


class InvalidInstanceTag(Invalid):
    msg_fmt = _("Tag '%(tag)s' is invalid: %(reason)s")


class InstanceTagsLimitExceeded(Forbidden):
    msg_fmt = _("The number of tags exceeded the per-instance limit of "
                "%(limit)d.")
    code = 400


class MigrationNotFound(NotFound):
    msg_fmt = _("Migration %(migration_id)s could not be found.")


class MigrationNotFoundByStatus(MigrationNotFound):
    msg_fmt = _("Migration not found for instance %(instance_id)s "
                "with status %(status)s.")


class MigrationNotFoundForInstance(MigrationNotFound):
    msg_fmt = _("Migration %(migration_id)s not found for instance "
                "%(instance_id)s")


class BuildRequestNotFound(NotFound):
    msg_fmt = _("BuildRequest not found for instance %(uuid)s")


class BuildRequestAlreadyExists(Conflict):
    msg_fmt = _("BuildRequest for instance %(uuid)s already exists.")


class RequestSpecNotFound(NotFound):
    msg_fmt = _("RequestSpec not found for instance %(instance_uuid)s")


# --- key pairs, aggregates, server groups ---------------------------------

class KeypairNotFound(NotFound):
    msg_fmt = _("Keypair %(name)s not found for user %(user_id)s")


class KeyPairExists(Conflict):
    msg_fmt = _("Key pair '%(key_name)s' already exists.")


class AggregateNotFound(NotFound):
    msg_fmt = _("Aggregate %(aggregate_id)s could not be found.")


class AggregateNameExists(Conflict):
    msg_fmt = _("Aggregate %(aggregate_name)s already exists.")


class AggregateHostNotFound(NotFound):
    msg_fmt = _("Aggregate %(aggregate_id)s has no host %(host)s.")


class AggregateHostExists(Conflict):
    msg_fmt = _("Aggregate %(aggregate_id)s already has host %(host)s.")


class AggregateMetadataNotFound(NotFound):
    msg_fmt = _("Aggregate %(aggregate_id)s has no metadata with "
                "key %(metadata_key)s.")


class InstanceGroupNotFound(NotFound):
    msg_fmt = _("Instance group %(group_uuid)s could not be found.")


class InstanceGroupIdExists(Conflict):
    msg_fmt = _("Instance group %(group_uuid)s already exists.")


# --- quotas ------------------------------------------------------------------

class QuotaNotFound(NotFound):
    msg_fmt = _("Quota could not be found")


class QuotaResourceUnknown(QuotaNotFound):
    msg_fmt = _("Unknown quota resources %(unknown)s.")


class ProjectQuotaNotFound(QuotaNotFound):
    msg_fmt = _("Quota for project %(project_id)s could not be found.")


class ProjectUserQuotaNotFound(QuotaNotFound):
    msg_fmt = _("Quota for user %(user_id)s in project %(project_id)s "
                "could not be found.")


class QuotaClassNotFound(QuotaNotFound):
    msg_fmt = _("Quota class %(class_name)s could not be found.")


class QuotaExists(Conflict):
    msg_fmt = _("Quota exists for project %(project_id)s, "
                "resource %(resource)s")


class OverQuota(NovaException):
    """Usage plus the requested deltas would exceed a limit.

    kwargs: ``overs`` (sorted resource names), ``quotas`` (limits),
    ``usages`` ({resource: {'in_use': n, 'reserved': 0}}), ``headroom``
    ({resource: what is still allowed}) and ``deltas`` (what was asked).
    """
    msg_fmt = _("Quota exceeded for resources: %(overs)s")


class TooManyInstances(Forbidden):
    msg_fmt = _("Quota exceeded for %(overs)s: Requested %(req)s,"
                " but already used %(used)s of %(allowed)s %(overs)s")


# --- admin and account resources (os-services, os-hypervisors,
# os-keypairs, os-aggregates) ------------------------------------------------

class InvalidInput(Invalid):
    msg_fmt = _("Invalid input received: %(reason)s")


class ServiceNotUnique(Invalid):
    msg_fmt = _("More than one possible service found.")


class ComputeServiceUnavailable(Invalid):
    msg_fmt = _("Compute service of %(host)s is unavailable at this time.")


class InvalidKeypair(Invalid):
    msg_fmt = _("Keypair data is invalid: %(reason)s")


class KeypairLimitExceeded(Forbidden):
    msg_fmt = _("Maximum number of key pairs exceeded")


class InvalidAggregateAction(Invalid):
    msg_fmt = _("Unacceptable parameters.")


class InvalidAggregateActionAdd(InvalidAggregateAction):
    msg_fmt = _("Cannot add host to aggregate %(aggregate_id)s. "
                "Reason: %(reason)s.")


class InvalidAggregateActionDelete(InvalidAggregateAction):
    msg_fmt = _("Cannot remove host from aggregate %(aggregate_id)s. "
                "Reason: %(reason)s.")


class InvalidAggregateActionUpdate(InvalidAggregateAction):
    msg_fmt = _("Cannot update aggregate %(aggregate_id)s. "
                "Reason: %(reason)s.")


class InvalidAggregateActionUpdateMeta(InvalidAggregateAction):
    msg_fmt = _("Cannot update metadata of aggregate %(aggregate_id)s. "
                "Reason: %(reason)s.")


# -- scheduling, placement and task flows ------------------------------------

class NoValidHost(NovaException):
    msg_fmt = _("No valid host was found. %(reason)s")


class MaxRetriesExceeded(NoValidHost):
    msg_fmt = _("Exceeded maximum number of retries. %(reason)s")


class PlacementAPIConnectFailure(NovaException):
    msg_fmt = _("Unable to communicate with the Placement API: %(reason)s")


class ResourceProviderCreationFailed(NovaException):
    msg_fmt = _("Failed to create resource provider %(name)s")


class ResourceProviderUpdateConflict(Conflict):
    msg_fmt = _("Resource provider %(uuid)s changed concurrently "
                "(generation %(generation)s): %(error)s")


class AllocationUpdateFailed(NovaException):
    msg_fmt = _("Failed to update allocations for consumer %(consumer)s: "
                "%(error)s")


class ComputeResourcesUnavailable(NovaException):
    msg_fmt = _("Insufficient compute resources: %(reason)s.")


class RescheduledException(NovaException):
    msg_fmt = _("Build of instance %(instance_uuid)s was re-scheduled: "
                "%(reason)s")


class BuildAbortException(NovaException):
    msg_fmt = _("Build of instance %(instance_uuid)s aborted: %(reason)s")


class BuildInterrupted(NovaException):
    msg_fmt = _("Build of instance %(instance_uuid)s was interrupted: "
                "nova-compute on %(host)s stopped while it was building.")


class InstanceBuildTimeout(NovaException):
    msg_fmt = _("Build of instance %(instance_uuid)s timed out after "
                "%(timeout)s seconds ([DEFAULT] instance_build_timeout).")


class MigrationPreCheckError(NovaException):
    msg_fmt = _("Migration pre-check error: %(reason)s")


class InstanceNotRunning(Invalid):
    msg_fmt = _("Instance %(instance_id)s is not running.")


class ImageUploadNotSupported(NovaException):
    code = 501
    msg_fmt = _("Uploading instance images is not implemented yet: "
                "%(reason)s")


# --- the servers API (nova.compute.api) -------------------------------------

class ImageNotFound(NotFound):
    msg_fmt = _("Image %(image_id)s could not be found.")


class InstanceInvalidStateForAction(InstanceInvalidState):
    """What check_instance_state raises: names the refused action."""
    msg_fmt = _("Cannot '%(method)s' instance %(instance_uuid)s while it is "
                "in %(attr)s %(state)s")


class InstanceIsLocked(InstanceInvalidState):
    msg_fmt = _("Instance %(instance_uuid)s is locked")


class InstanceNotScheduled(InstanceInvalidState):
    msg_fmt = _("Instance %(instance_uuid)s has not been scheduled to a "
                "host yet: cannot '%(method)s' it.")


class InvalidServerRequest(Invalid):
    """A create/update request the API refuses (400) for a reason only
    known once the request is looked at against the cloud's data."""
    msg_fmt = _("%(reason)s")


class MetadataLimitExceeded(Forbidden):
    msg_fmt = _("Maximum number of metadata items exceeds %(allowed)d")


class ConsoleTypeInvalid(Invalid):
    msg_fmt = _("Invalid console type %(console_type)s")


class ConsoleTypeUnavailable(Invalid):
    msg_fmt = _("Unavailable console type %(console_type)s.")


class InstanceNotInRescueMode(Invalid):
    msg_fmt = _("Instance %(instance_id)s is not in rescue mode")
    code = 409


class CannotResizeToSameFlavor(Invalid):
    msg_fmt = _("When resizing, instances must change flavor!")


class InvalidMigrationState(Invalid):
    msg_fmt = _("Migration %(migration_id)s state of instance "
                "%(instance_uuid)s is %(state)s. Cannot %(method)s while the "
                "migration is in this state.")
    code = 409


class ComputeServiceInUse(Invalid):
    msg_fmt = _("Compute service of %(host)s is still in use.")
