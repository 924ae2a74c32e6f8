"""Request context: who is asking, and which cell database they talk to.

The context crosses RPC as a plain dict (``to_dict``/``from_dict``).  Cell
targeting (``target_cell``) lives only in-process: a context carries the
database URL and message-queue URL of the cell it is pointed at, never across
the wire.
"""

import contextlib
import copy

from oslo_context import context as oslo_context
from oslo_utils import timeutils

from nova import exception
from nova.i18n import _


class RequestContext(oslo_context.RequestContext):
    """Security context plus nova's own fields (read_deleted, cell target)."""

    def __init__(self, user_id=None, project_id=None, is_admin=None,
                 read_deleted="no", remote_address=None, timestamp=None,
                 quota_class=None, service_catalog=None,
                 user_name=None, project_name=None, **kwargs):
        # oslo.context names these 'user'/'project' in older releases;
        # nova has always used *_id.
        kwargs.setdefault('user_id', user_id)
        kwargs.setdefault('project_id', project_id)
        kwargs.pop('user', None)
        kwargs.pop('tenant', None)
        kwargs.pop('project', None)
        super().__init__(is_admin=bool(is_admin), **kwargs)
        self.read_deleted = read_deleted
        self.remote_address = remote_address
        if not timestamp:
            timestamp = timeutils.utcnow()
        elif isinstance(timestamp, str):
            timestamp = timeutils.parse_isotime(timestamp)
        self.timestamp = timestamp
        self.quota_class = quota_class
        self.service_catalog = service_catalog or []
        self.user_name = user_name
        self.project_name = project_name
        # Set by target_cell(); never serialized.
        self.cell_uuid = None
        self.db_connection = None
        self.mq_connection = None

    def _get_read_deleted(self):
        return self._read_deleted

    def _set_read_deleted(self, read_deleted):
        if read_deleted not in ('no', 'yes', 'only'):
            raise ValueError(_("read_deleted can only be one of 'no', "
                               "'yes' or 'only', not %r") % read_deleted)
        self._read_deleted = read_deleted

    read_deleted = property(_get_read_deleted, _set_read_deleted)

    def to_dict(self):
        values = super().to_dict()
        values.update({
            'user_id': self.user_id,
            'project_id': self.project_id,
            'is_admin': self.is_admin,
            'read_deleted': self.read_deleted,
            'remote_address': self.remote_address,
            'timestamp': timeutils.isotime(self.timestamp)
            if hasattr(timeutils, 'isotime')
            else self.timestamp.strftime('%Y-%m-%dT%H:%M:%S.%f'),
            'quota_class': self.quota_class,
            'service_catalog': self.service_catalog,
            'user_name': self.user_name,
            'project_name': self.project_name,
        })
        return values

    @classmethod
    def from_dict(cls, values):
        allowed = ('user_id', 'project_id', 'is_admin', 'read_deleted',
                   'remote_address', 'timestamp', 'quota_class',
                   'service_catalog', 'user_name', 'project_name',
                   'request_id', 'global_request_id', 'roles',
                   'auth_token', 'domain_id', 'user_domain_id',
                   'project_domain_id', 'show_deleted', 'is_admin_project',
                   'system_scope', 'resource_uuid', 'read_only')
        kwargs = {k: values[k] for k in allowed if k in values}
        return cls(**kwargs)

    def elevated(self, read_deleted=None):
        """A copy of this context with admin rights (for internal work)."""
        ctx = copy.copy(self)
        ctx.roles = list(self.roles)
        ctx.is_admin = True
        if 'admin' not in ctx.roles:
            ctx.roles.append('admin')
        if read_deleted is not None:
            ctx.read_deleted = read_deleted
        return ctx

    def can(self, action, target=None, fatal=True):
        """Check policy ``action`` for this context (see nova.policy)."""
        from nova import policy  # late import: policy loads config
        return policy.authorize(self, action, target, fatal=fatal)

    def __str__(self):
        return "<Context %s>" % self.to_dict()


def get_context():
    """A context with no user, for service start-up work."""
    return RequestContext(user_id=None, project_id=None, is_admin=False,
                          overwrite=False)


def get_admin_context(read_deleted="no"):
    """An admin context that does not replace the thread-local one."""
    return RequestContext(user_id=None, project_id=None, is_admin=True,
                          read_deleted=read_deleted, overwrite=False)


def is_user_context(context):
    """True for a request made by a normal (non-admin) user."""
    if not context or context.is_admin:
        return False
    return bool(context.user_id and context.project_id)


def require_context(ctxt):
    if not ctxt.is_admin and not is_user_context(ctxt):
        raise exception.Forbidden()


def set_target_cell(context, cell_mapping):
    """Point ``context`` at a cell's database and message queue."""
    if cell_mapping is None:
        context.cell_uuid = None
        context.db_connection = None
        context.mq_connection = None
        return
    context.cell_uuid = cell_mapping.uuid
    context.db_connection = cell_mapping.database_connection
    context.mq_connection = cell_mapping.transport_url


@contextlib.contextmanager
def target_cell(context, cell_mapping):
    """Yield a copy of ``context`` aimed at ``cell_mapping``.

    The copy shares identity (user, project, roles) but its database work
    goes to the cell's database and its RPC to the cell's transport.
    """
    cctxt = copy.copy(context)
    set_target_cell(cctxt, cell_mapping)
    yield cctxt
