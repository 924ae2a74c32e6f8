"""RequestSpec: everything the scheduler needs to place an instance.

Stored in the API database as the JSON of the object's primitive (``spec``
column), one row per instance.  Per-operation parts (``retry``,
``requested_destination``) are never persisted, and neither are the
members/hosts of the server group (those are looked up when scheduling).
"""

import copy
import functools

import sqlalchemy as sa
from oslo_serialization import jsonutils
from oslo_utils import timeutils
from oslo_versionedobjects import fields as ovo_fields

from nova.db.api import models as api_models
from nova.db import engine as db
from nova import exception
from nova.objects import base
from nova.objects import fields

SpecModel = api_models.RequestSpec

# Not persisted: they describe one scheduling attempt.
_PER_REQUEST = ('retry', 'requested_destination')


class JSONDict(fields.FieldType):
    """A JSON-serializable dict (nested values allowed)."""

    def coerce(self, obj, attr, value):
        if not isinstance(value, dict):
            raise ValueError('%s must be a dict, not %s'
                             % (attr, type(value).__name__))
        # Refuse what cannot cross RPC now rather than at send time.
        jsonutils.dumps(value)
        return value

    def to_primitive(self, obj, attr, value):
        return copy.deepcopy(value)

    def from_primitive(self, obj, attr, value):
        return copy.deepcopy(value)


class JSONDictField(ovo_fields.AutoTypedField):
    AUTO_TYPE = JSONDict()


class DictOfListOfStringsField(ovo_fields.AutoTypedField):
    AUTO_TYPE = ovo_fields.Dict(ovo_fields.List(ovo_fields.String()))


@base.NovaObjectRegistry.register
class RequestSpec(base.NovaObject):
    # Version 1.8: first version of this implementation (Pike's fields,
    #              image as a dict, security groups as names).
    VERSION = '1.8'

    fields = {
        'id': fields.IntegerField(),
        'instance_uuid': fields.UUIDField(),
        'project_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'flavor': fields.ObjectField('Flavor', nullable=False),
        'image': JSONDictField(nullable=True),
        'num_instances': fields.IntegerField(default=1),
        'availability_zone': fields.StringField(nullable=True),
        'scheduler_hints': DictOfListOfStringsField(nullable=True),
        'ignore_hosts': fields.ListOfStringsField(nullable=True),
        'force_hosts': fields.ListOfStringsField(nullable=True),
        'force_nodes': fields.ListOfStringsField(nullable=True),
        'instance_group': fields.ObjectField('InstanceGroup',
                                             nullable=True),
        'security_groups': fields.ListOfStringsField(nullable=True),
        'requested_destination': JSONDictField(nullable=True),
        'retry': JSONDictField(nullable=True),
        'limits': JSONDictField(nullable=True),
    }

    # Defaults used by obj_load_attr for fields never set.
    _DEFAULTS = {'num_instances': 1, 'image': None,
                 'availability_zone': None, 'scheduler_hints': {},
                 'ignore_hosts': None, 'force_hosts': None,
                 'force_nodes': None, 'instance_group': None,
                 'security_groups': [], 'requested_destination': None,
                 'retry': None, 'limits': None, 'project_id': None,
                 'user_id': None}

    def obj_load_attr(self, attrname):
        if attrname not in self._DEFAULTS:
            raise exception.ObjectActionError(
                action='obj_load_attr',
                reason='attribute %s not lazy-loadable' % attrname)
        setattr(self, attrname, copy.deepcopy(self._DEFAULTS[attrname]))

    def reset_forced_destinations(self):
        """Forget the hosts and nodes the server was forced onto when it
        was created (``zone:host``): a move schedules afresh, and a cold
        migration, which leaves the current host out, would otherwise
        find no host at all.  A host named for the move itself is in
        ``requested_destination``, which stays."""
        self.force_hosts = None
        self.force_nodes = None

    def get_scheduler_hint(self, name, default=None):
        values = (self.scheduler_hints or {}).get(name)
        if not values:
            return default
        return values[0] if len(values) == 1 else values

    @classmethod
    def from_components(cls, context, instance_uuid, flavor, image=None,
                        num_instances=1, availability_zone=None,
                        scheduler_hints=None, instance_group=None,
                        security_groups=None, project_id=None, user_id=None,
                        force_hosts=None, force_nodes=None, limits=None,
                        retry=None):
        hints = {k: [str(x) for x in (v if isinstance(v, list) else [v])]
                 for k, v in (scheduler_hints or {}).items()}
        return cls(context, instance_uuid=instance_uuid, flavor=flavor,
                   image=dict(image or {}), num_instances=num_instances,
                   availability_zone=availability_zone,
                   scheduler_hints=hints, instance_group=instance_group,
                   security_groups=list(security_groups or []),
                   project_id=project_id or context.project_id,
                   user_id=user_id or context.user_id,
                   force_hosts=force_hosts, force_nodes=force_nodes,
                   ignore_hosts=None, limits=limits, retry=retry,
                   requested_destination=None)

    # --- storage ---------------------------------------------------------

    def _spec_text(self):
        """The stored JSON: the spec's primitive with the per-request parts
        and the group's members and hosts set to None, and no id.

        Edited in the primitive (a fresh copy) rather than in a clone of
        the spec: deep-copying the spec cost more than the rest of a
        server's records.  The pending changes are left out; loading a
        stored spec resets them anyway."""
        primitive = self.obj_to_primitive()
        primitive.pop('nova_object.changes', None)
        data = primitive['nova_object.data']
        for name in _PER_REQUEST:
            if name in data:
                data[name] = None
        group = data.get('instance_group')
        if group is not None:
            group.pop('nova_object.changes', None)
            group['nova_object.data'].update(members=None, hosts=None)
        data.pop('id', None)
        return jsonutils.dumps(primitive)

    @classmethod
    def _from_db_object(cls, context, spec, db_spec):
        stored = cls.obj_from_primitive(jsonutils.loads(db_spec.spec),
                                        context=context)
        for name in spec.fields:
            if name == 'id':
                continue
            if stored.obj_attr_is_set(name):
                setattr(spec, name, getattr(stored, name))
            elif spec.obj_attr_is_set(name):
                delattr(spec, name)
        spec.id = db_spec.id
        spec.instance_uuid = db_spec.instance_uuid
        spec._context = context
        spec.obj_reset_changes(recursive=True)
        return spec

    @base.remotable_classmethod
    def get_by_instance_uuid(cls, context, instance_uuid):
        with db.api_session() as session:
            row = session.execute(sa.select(SpecModel).filter_by(
                instance_uuid=instance_uuid)).scalars().first()
        if row is None:
            raise exception.RequestSpecNotFound(instance_uuid=instance_uuid)
        return cls._from_db_object(context, cls(), row)

    @base.remotable
    def create(self):
        with db.api_session() as session:
            self.create_in_session(session)

    def create_in_session(self, session):
        """Insert the row in the caller's API database transaction (the
        API writes a server's records in one)."""
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        row = db.insert_row(session, SpecModel, {
            'instance_uuid': self.instance_uuid, 'spec': self._spec_text()})
        self.id = row.id
        self.obj_reset_changes(recursive=True)

    @base.remotable
    def save(self):
        with db.api_session() as session:
            result = session.execute(
                sa.update(SpecModel)
                .where(SpecModel.instance_uuid == self.instance_uuid)
                .values(spec=self._spec_text(),
                        updated_at=timeutils.utcnow()))
            if result.rowcount == 0:
                raise exception.RequestSpecNotFound(
                    instance_uuid=self.instance_uuid)
        self.obj_reset_changes(recursive=True)

    @base.remotable
    def destroy(self):
        self.destroy_by_instance_uuid(self._context, self.instance_uuid)

    @base.remotable_classmethod
    def destroy_by_instance_uuid(cls, context, instance_uuid):
        with db.api_session() as session:
            result = session.execute(sa.delete(SpecModel).where(
                SpecModel.instance_uuid == instance_uuid))
        if result.rowcount == 0:
            raise exception.RequestSpecNotFound(instance_uuid=instance_uuid)


@functools.lru_cache(maxsize=8)
def _security_groups_statement(dialect):
    """The SELECT of instance uuids and their specs' ``security_groups``
    (the JSON text of a list of names), read with the backend's JSON
    functions, the uuids an expanding parameter; built once per process.
    None for a backend without JSON functions we know."""
    names = db.primitive_member(SpecModel.__table__.c.spec, dialect,
                                'security_groups')
    if names is None:
        return None
    return sa.select(SpecModel.instance_uuid, names).where(
        SpecModel.instance_uuid.in_(sa.bindparam('uuids', expanding=True)))


def security_groups_by_instance(context, uuids):
    """{instance uuid: [security group name]} of the specs of ``uuids``
    that name any, in one statement.

    The detailed server listing asks this for every server it shows; the
    database picks the list out of each spec, instead of sending each
    whole spec (a few kB) to be decoded here.  A spec the database cannot
    read as JSON makes the whole statement fail on some backends: then
    the specs are read and decoded here, skipping any that do not decode.
    """
    uuids = list(uuids)
    if not uuids:
        return {}
    try:
        with db.api_session() as session:
            statement = _security_groups_statement(
                session.get_bind().dialect.name)
            if statement is not None:
                rows = session.execute(statement, {'uuids': uuids}).all()
                return _names_by_instance(rows, decode_spec=False)
    except sa.exc.DBAPIError:
        pass
    with db.api_session() as session:
        rows = session.execute(
            sa.select(SpecModel.instance_uuid, SpecModel.spec)
            .where(SpecModel.instance_uuid.in_(uuids))).all()
    return _names_by_instance(rows, decode_spec=True)


def _names_by_instance(rows, decode_spec):
    result = {}
    for uuid, text in rows:
        if not text:
            continue
        try:
            value = jsonutils.loads(text)
            if decode_spec:
                value = value['nova_object.data'].get('security_groups')
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
        if value and isinstance(value, list):
            result[uuid] = list(value)
    return result
