"""The canonical list of Compute API microversions.

Each entry is ``(version, what changed)``.  Adding a microversion means
appending one line here; ``MAX_VERSION`` follows from the list and the
test suite checks the list is contiguous.  Keep the notes to one line: the
user-facing detail belongs in the release notes and api-ref.
"""

MIN_VERSION = '2.1'

HISTORY = (
    ('2.1', 'Initial version; equivalent to the v2.0 API.'),
    ('2.2', 'Keypair type (ssh/x509); keypair create/delete success codes '
            'fixed.'),
    ('2.3', 'More os-extended-server-attributes; delete_on_termination '
            'in os-extended-volumes.'),
    ('2.4', 'os-fixed-ips shows the reserved field.'),
    ('2.5', 'Non-admins may filter servers by ip6.'),
    ('2.6', 'One remote-consoles API replaces the per-type actions.'),
    ('2.7', 'Adding tenant access to a public flavor is a 409.'),
    ('2.8', 'MKS remote console protocol.'),
    ('2.9', 'Server details show the locked flag.'),
    ('2.10', 'Admins manage keypairs of any user.'),
    ('2.11', 'os-services exposes and sets forced_down.'),
    ('2.12', 'os-virtual-interfaces shows net_id.'),
    ('2.13', 'Server groups show project_id and user_id.'),
    ('2.14', 'evacuate drops onSharedStorage and no longer returns '
             'adminPass.'),
    ('2.15', 'soft-affinity and soft-anti-affinity server group policies.'),
    ('2.16', 'Server details show host_status.'),
    ('2.17', 'trigger_crash_dump server action.'),
    ('2.18', 'The project id in URLs is optional.'),
    ('2.19', 'Servers carry a user-set description.'),
    ('2.20', 'Volume attach/detach for shelved and shelved-offloaded '
             'servers.'),
    ('2.21', 'os-instance-actions works for deleted servers.'),
    ('2.22', 'Force an in-progress live migration to complete.'),
    ('2.23', 'Server migrations index/show; migration_type in '
             'os-migrations.'),
    ('2.24', 'Abort a running live migration.'),
    ('2.25', 'os-migrateLive: block_migration accepts auto; '
             'disk_over_commit removed.'),
    ('2.26', 'Server tags.'),
    ('2.27', 'OpenStack-API-Version header accepted alongside the legacy '
             'header.'),
    ('2.28', 'Hypervisor cpu_info is an object, not a string.'),
    ('2.29', 'evacuate takes force; a given host is checked by the '
             'scheduler.'),
    ('2.30', 'Live migration takes force; a given host is checked by the '
             'scheduler.'),
    ('2.31', 'os-console-auth-tokens works for every console type.'),
    ('2.32', 'Device tags on networks and block devices at boot.'),
    ('2.33', 'Hypervisor list paging.'),
    ('2.34', 'Live-migration pre-checks run asynchronously.'),
    ('2.35', 'Keypair list paging.'),
    ('2.36', 'Proxy APIs (network, image, baremetal) and fping '
             'deprecated.'),
    ('2.37', 'Auto-allocated networking; networks uuid must be a UUID.'),
    ('2.38', 'Invalid server status filter is a 400.'),
    ('2.39', 'Image-metadata proxy API deprecated.'),
    ('2.40', 'Simple tenant usage paging.'),
    ('2.41', 'Aggregates show their uuid.'),
    ('2.42', 'Boot-time device tags restored for block devices and '
             'networks.'),
    ('2.43', 'os-hosts deprecated.'),
    ('2.44', 'Fixed/floating IP server actions and os-virtual-interfaces '
             'deprecated.'),
    ('2.45', 'createImage/createBackup return image_id in the body, no '
             'Location header.'),
    ('2.46', 'X-OpenStack-Request-ID returned on every response.'),
    ('2.47', 'Server details embed the flavor instead of linking it.'),
    ('2.48', 'Standard server diagnostics format.'),
    ('2.49', 'Tagged attach of interfaces and volumes.'),
    ('2.50', 'Quota classes show server group quotas, hide network ones.'),
    ('2.51', 'volume-extended external event; non-admins see action event '
             'details.'),
    ('2.52', 'Tags at server create.'),
    ('2.53', 'Services and hypervisors are identified by UUID.'),
)

VERSIONS = tuple(version for version, _note in HISTORY)
MAX_VERSION = VERSIONS[-1]
