"""HostMapping: which cell a compute host belongs to, and host discovery.

Rows live in the API database (``host_mappings``).  ``discover_hosts`` is
what ``nova-manage cell_v2 discover_hosts`` runs: it looks in every cell
database for compute nodes (or nova-compute services) that have no mapping
yet and maps them to their cell.
"""

import sqlalchemy as sa
from sqlalchemy import orm

from nova import context as nova_context
from nova.db.api import models as api_models
from nova.db import engine as db_engine
from nova import exception
from nova.i18n import _
from nova.objects import base
from nova.objects import cell_mapping as cell_mapping_obj
from nova.objects import fields


def _host_mapping_query():
    return sa.select(api_models.HostMapping).options(
        orm.joinedload(api_models.HostMapping.cell_mapping))


@base.NovaObjectRegistry.register
class HostMapping(base.NovaTimestampObject, base.NovaObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(read_only=True),
        'host': fields.StringField(),
        'cell_mapping': fields.ObjectField('CellMapping'),
    }

    # Used only without a version manifest (conductor sends one).
    obj_relationships = {
        'cell_mapping': [('1.0', '1.0')],
    }

    @staticmethod
    def _from_db_object(context, obj, db_host):
        for key in obj.fields:
            if key == 'cell_mapping':
                cell = cell_mapping_obj.CellMapping._from_db_object(
                    context, cell_mapping_obj.CellMapping(),
                    db_host.cell_mapping)
                setattr(obj, key, cell)
            else:
                setattr(obj, key, db_host[key])
        obj._context = context
        obj.obj_reset_changes()
        return obj

    @base.remotable_classmethod
    def get_by_host(cls, context, host):
        with db_engine.api_session() as session:
            db_host = session.execute(
                _host_mapping_query().where(
                    api_models.HostMapping.host == host)
            ).unique().scalar_one_or_none()
            if db_host is None:
                raise exception.HostMappingNotFound(name=host)
            return cls._from_db_object(context, cls(), db_host)

    def _cell_id(self):
        cell = self.cell_mapping
        if 'id' in cell:
            return cell.id
        # A CellMapping built by hand (uuid only): look its id up.
        return cell_mapping_obj.CellMapping.get_by_uuid(self._context,
                                                        cell.uuid).id

    @base.remotable
    def create(self):
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        if 'cell_mapping' not in self:
            raise exception.ObjectActionError(action='create',
                                              reason='cell_mapping not set')
        cell_id = self._cell_id()
        try:
            with db_engine.api_session() as session:
                db_host = api_models.HostMapping(host=self.host,
                                                 cell_id=cell_id)
                session.add(db_host)
                session.flush()
                db_host = session.execute(
                    _host_mapping_query().where(
                        api_models.HostMapping.id == db_host.id)
                ).unique().scalar_one()
                self._from_db_object(self._context, self, db_host)
        except exception.DBDuplicateEntry:
            raise exception.HostMappingExists(name=self.host)

    @base.remotable
    def save(self):
        changes = self.obj_get_changes()
        values = {}
        if 'cell_mapping' in changes:
            values['cell_id'] = self._cell_id()
        if 'host' in changes:
            values['host'] = changes['host']
        with db_engine.api_session() as session:
            db_host = session.execute(
                _host_mapping_query().where(
                    api_models.HostMapping.id == self.id)
            ).unique().scalar_one_or_none()
            if db_host is None:
                raise exception.HostMappingNotFound(name=self.host)
            db_host.update(values)
            session.flush()
            session.refresh(db_host)
            self._from_db_object(self._context, self, db_host)

    @base.remotable
    def destroy(self):
        with db_engine.api_session() as session:
            result = session.execute(
                sa.delete(api_models.HostMapping).where(
                    api_models.HostMapping.id == self.id))
            if not result.rowcount:
                raise exception.HostMappingNotFound(name=self.host)


@base.NovaObjectRegistry.register
class HostMappingList(base.ObjectListBase, base.NovaObject):
    # Version 1.0: Initial version
    # Version 1.1: Add get_all method
    VERSION = '1.1'

    fields = {
        'objects': fields.ListOfObjectsField('HostMapping'),
    }

    @classmethod
    def _query_all(cls, context, *criteria):
        with db_engine.api_session() as session:
            rows = session.execute(
                _host_mapping_query().where(*criteria).order_by(
                    api_models.HostMapping.id)
            ).unique().scalars().all()
            return base.obj_make_list(context, cls(), HostMapping, rows)

    @base.remotable_classmethod
    def get_all(cls, context):
        return cls._query_all(context)

    @base.remotable_classmethod
    def get_by_cell_id(cls, context, cell_id):
        return cls._query_all(context,
                              api_models.HostMapping.cell_id == cell_id)


# --- host discovery ----------------------------------------------------------

def _unmapped_compute_nodes(cctxt):
    """(host, uuid) of the live compute nodes of a cell not yet mapped."""
    from nova.db.main import models as main_models
    node = main_models.ComputeNode
    with db_engine.main_session(cctxt) as session:
        rows = session.execute(
            sa.select(node.id, node.host, node.uuid).where(
                node.deleted == 0,
                sa.or_(node.mapped.is_(None), node.mapped < 1)
            ).order_by(node.id)
        ).all()
    return [(row.id, row.host, row.uuid) for row in rows]


def _mark_node_mapped(cctxt, node_id):
    from nova.db.main import models as main_models
    node = main_models.ComputeNode
    with db_engine.main_session(cctxt) as session:
        session.execute(sa.update(node).where(node.id == node_id).values(
            mapped=1))


def _compute_service_hosts(cctxt):
    """Hosts of every live nova-compute service of a cell (even disabled)."""
    from nova.db.main import models as main_models
    svc = main_models.Service
    with db_engine.main_session(cctxt) as session:
        rows = session.execute(
            sa.select(svc.host).where(svc.deleted == 0,
                                      svc.binary == 'nova-compute')
            .order_by(svc.id)
        ).scalars().all()
    seen = []
    for host in rows:
        if host not in seen:
            seen.append(host)
    return seen


def _is_mapped(context, host):
    try:
        HostMapping.get_by_host(context, host)
    except exception.HostMappingNotFound:
        return False
    return True


def _map_host(context, cell, host):
    mapping = HostMapping(context, host=host, cell_mapping=cell)
    mapping.create()
    return mapping


def _discover_by_node(context, cctxt, cell, status_fn):
    created = []
    for node_id, host, node_uuid in _unmapped_compute_nodes(cctxt):
        status_fn(_("Checking host mapping for compute host "
                    "'%(host)s': %(uuid)s") % {'host': host,
                                              'uuid': node_uuid})
        if not _is_mapped(context, host):
            status_fn(_("Creating host mapping for compute host "
                        "'%(host)s': %(uuid)s") % {'host': host,
                                                  'uuid': node_uuid})
            try:
                created.append(_map_host(context, cell, host))
            except exception.HostMappingExists:
                # Another node of the same host (ironic) or a concurrent
                # discover_hosts got there first; the host is mapped.
                pass
        # The host is mapped now, whoever did it: don't look at this node
        # again next time.
        _mark_node_mapped(cctxt, node_id)
    return created


def _discover_by_service(context, cctxt, cell, status_fn):
    created = []
    for host in _compute_service_hosts(cctxt):
        if _is_mapped(context, host):
            continue
        status_fn(_('Creating host mapping for service %(srv)s') %
                  {'srv': host})
        try:
            created.append(_map_host(context, cell, host))
        except exception.HostMappingExists:
            pass
    return created


def discover_hosts(context, cell_uuid=None, status_fn=None,
                   by_service=False):
    """Map every unmapped compute host of every cell (or just one cell).

    Returns the list of HostMapping objects created.  ``status_fn`` (if
    given) is called with one human-readable line per step.
    """
    if status_fn is None:
        def status_fn(msg):
            return None

    if cell_uuid:
        cells = [cell_mapping_obj.CellMapping.get_by_uuid(context, cell_uuid)]
    else:
        cells = cell_mapping_obj.CellMappingList.get_all(context)
        status_fn(_('Found %s cell mappings.') % len(cells))

    created = []
    for cell in cells:
        if cell.is_cell0():
            status_fn(_('Skipping cell0 since it does not contain hosts.'))
            continue
        if cell.name:
            status_fn(_("Getting computes from cell '%(name)s': %(uuid)s") %
                      {'name': cell.name, 'uuid': cell.uuid})
        else:
            status_fn(_("Getting computes from cell: %(uuid)s") %
                      {'uuid': cell.uuid})
        with nova_context.target_cell(context, cell) as cctxt:
            if by_service:
                added = _discover_by_service(context, cctxt, cell, status_fn)
            else:
                added = _discover_by_node(context, cctxt, cell, status_fn)
        status_fn(_('Found %(num)s unmapped computes in cell: %(uuid)s') %
                  {'num': len(added), 'uuid': cell.uuid})
        created.extend(added)
    return created
