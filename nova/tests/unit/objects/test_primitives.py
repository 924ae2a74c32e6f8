"""NovaObject's serialization gives what oslo.versionedobjects' gives, for
every registered object class, and hydration builds the same objects:
the fast paths in nova.objects.base must stay faithful to oslo's."""

import datetime

import pytest
from oslo_versionedobjects import base as ovoo_base
from oslo_versionedobjects import fields as ovoo_fields

from nova import objects
from nova.objects import base
from nova.tests.unit.objects import test_base

objects.register_all()

UUID = '3a6f8a52-6f9b-4a43-8a36-1f1b3e2a8b10'
WHEN = datetime.datetime(2026, 12, 7, 1, 2, 3, tzinfo=datetime.timezone.utc)

_SAMPLES = {
    ovoo_fields.String: lambda name: 'text-' + name,
    ovoo_fields.Integer: lambda name: 7,
    ovoo_fields.NonNegativeInteger: lambda name: 3,
    ovoo_fields.Float: lambda name: 1.5,
    ovoo_fields.NonNegativeFloat: lambda name: 2.5,
    ovoo_fields.Boolean: lambda name: True,
    ovoo_fields.DateTime: lambda name: WHEN,
    ovoo_fields.UUID: lambda name: UUID,
    ovoo_fields.IPV4Address: lambda name: '192.0.2.7',
    ovoo_fields.IPV6Address: lambda name: '2001:db8::7',
    ovoo_fields.IPAddress: lambda name: '192.0.2.8',
}


def _sample(field, name, depth):
    """A valid value for ``field`` (raises LookupError when there is no
    sample for its type)."""
    kind = field._type
    if type(kind) in _SAMPLES:
        return _SAMPLES[type(kind)](name)
    if isinstance(kind, ovoo_fields.Enum):
        return kind._valid_values[0]
    if isinstance(kind, ovoo_fields.Object):
        if depth > 1:
            raise LookupError(name)
        return _filled(base.NovaObjectRegistry.obj_classes()[
            kind._obj_name][0], depth + 1)
    if isinstance(kind, ovoo_fields.List):
        return [_sample(ovoo_fields.Field(kind._element_type._type), name,
                        depth)]
    if isinstance(kind, ovoo_fields.Dict):
        element = kind._element_type
        if element.nullable:
            return {'k': None, 'j': 'v'}
        return {'k': _sample(element, name, depth)}
    if type(kind).__name__ == 'JSONDict':
        return {'a': {'b': [1, 'c']}, 'd': None}
    if type(kind).__name__ == 'NetworkInfo':
        return [{'id': 'vif-1', 'address': 'fa:16:3e:00:00:01'}]
    raise LookupError(name)


def _filled(cls, depth=0, nulls=False):
    """An object of ``cls`` with every field it has a sample for set
    (nullable ones to None with ``nulls``), some of them changed."""
    obj = cls()
    for name, field in sorted(cls.fields.items()):
        if nulls and field.nullable:
            setattr(obj, name, None)
            continue
        try:
            setattr(obj, name, _sample(field, name, depth))
        except (LookupError, ValueError, TypeError):
            continue
    obj.obj_reset_changes(recursive=True)
    for name in sorted(cls.fields)[::3]:
        if obj.obj_attr_is_set(name):
            setattr(obj, name, getattr(obj, name))
    return obj


def _classes():
    for name, classes in sorted(base.NovaObjectRegistry.obj_classes().items()):
        for cls in classes:
            if issubclass(cls, base.NovaObject):
                yield cls


def _cases():
    for cls in _classes():
        yield cls.obj_name() + ' filled', _filled(cls)
        yield cls.obj_name() + ' nulls', _filled(cls, nulls=True)
        yield cls.obj_name() + ' empty', cls()
    for description, inst in test_base._states():
        yield 'Instance, ' + description, inst


def _oslo_primitive(obj):
    prim = ovoo_base.VersionedObject.obj_to_primitive(obj)
    _changes_as_set(prim)
    return prim


def _changes_as_set(prim):
    if isinstance(prim, dict):
        if 'nova_object.changes' in prim:
            prim['nova_object.changes'] = set(prim['nova_object.changes'])
        for value in prim.values():
            _changes_as_set(value)
    elif isinstance(prim, list):
        for value in prim:
            _changes_as_set(value)
    return prim


def _oslo_hydrate(cls, prim):
    """What oslo's _obj_from_primitive builds, the objects nested in it
    included (NovaObject's own path is disabled for the call)."""
    saved = base.NovaObject.__dict__['_obj_from_primitive']
    del base.NovaObject._obj_from_primitive
    try:
        return cls.obj_from_primitive(prim)
    finally:
        base.NovaObject._obj_from_primitive = saved


def _state(obj):
    """Every stored field value (type included) and the changed fields,
    nested objects expanded."""
    if isinstance(obj, ovoo_base.VersionedObject):
        values = {key: _state(value) for key, value in vars(obj).items()
                  if key.startswith('_obj_')}
        return (type(obj).__name__, obj.VERSION, values,
                sorted(obj._changed_fields))
    if isinstance(obj, (list, tuple)):
        return (type(obj).__name__, [_state(v) for v in obj])
    if isinstance(obj, dict):
        return (type(obj).__name__,
                {k: _state(v) for k, v in obj.items()})
    return (type(obj).__name__, obj)


@pytest.mark.parametrize('description,obj', list(_cases()),
                         ids=lambda value: value
                         if isinstance(value, str) else '')
def test_primitive_and_hydration_match_oslo(description, obj):
    prim = obj.obj_to_primitive()
    assert _changes_as_set(obj.obj_to_primitive()) == _oslo_primitive(obj)
    ours = type(obj).obj_from_primitive(prim)
    theirs = _oslo_hydrate(type(obj), prim)
    assert _state(ours) == _state(theirs)
    assert ours.obj_what_changed() == theirs.obj_what_changed()


def test_every_kind_of_field_is_covered():
    """The cases above set at least one field of every type some
    registered object uses (else a new type would go untested)."""
    used, sampled = set(), set()
    for cls in _classes():
        obj = _filled(cls)
        for name, field in cls.fields.items():
            used.add(type(field._type).__name__)
            if obj.obj_attr_is_set(name):
                sampled.add(type(field._type).__name__)
    assert used == sampled


def test_received_values_are_still_coerced():
    prim = objects.Flavor(memory_mb=512, name='m1').obj_to_primitive()
    prim['nova_object.data'].update(memory_mb='1024', name=42,
                                    is_public=1)
    flavor = objects.Flavor.obj_from_primitive(prim)
    assert flavor.memory_mb == 1024
    assert flavor.name == '42'
    assert flavor.is_public is True


def test_received_values_are_still_checked():
    prim = objects.KeyPair(name='k', type='ssh').obj_to_primitive()
    prim['nova_object.data']['type'] = 'no-such-type'
    with pytest.raises(ValueError):
        objects.KeyPair.obj_from_primitive(prim)
    prim = objects.Flavor(memory_mb=512, swap=0).obj_to_primitive()
    prim['nova_object.data']['memory_mb'] = 'lots'
    with pytest.raises(ValueError):
        objects.Flavor.obj_from_primitive(prim)
    prim['nova_object.data'].update(memory_mb=512, swap=-1)
    with pytest.raises(ValueError):
        objects.Flavor.obj_from_primitive(prim)


def test_a_received_none_follows_the_field():
    spec = objects.RequestSpec(num_instances=2, availability_zone='az')
    prim = spec.obj_to_primitive()
    prim['nova_object.data'].update(num_instances=None,
                                    availability_zone=None)
    received = objects.RequestSpec.obj_from_primitive(prim)
    # Not nullable, with a default: the default; nullable: None.
    assert received.num_instances == 1
    assert received.availability_zone is None
    prim = objects.Service(host='h', disabled=True).obj_to_primitive()
    prim['nova_object.data']['disabled'] = None
    # Not nullable, no default.
    with pytest.raises(ValueError):
        objects.Service.obj_from_primitive(prim)


def test_an_older_target_version_takes_oslos_path():
    spec = objects.RequestSpec(num_instances=2)
    older = spec.obj_to_primitive(target_version='1.7')
    assert older['nova_object.version'] == '1.7'
    assert older['nova_object.data'] == {'num_instances': 2}


@base.NovaObjectRegistry.register_if(False)
class _Times(base.NovaObject):
    VERSION = '1.0'
    fields = {'aware': ovoo_fields.DateTimeField(nullable=True),
              'naive': ovoo_fields.DateTimeField(nullable=True,
                                                 tzinfo_aware=False)}


_PLUS_ONE = datetime.timezone(datetime.timedelta(hours=1))


def _hydrated(hydrate, prim):
    try:
        return _state(hydrate(_Times, None, '1.0', prim))
    except ValueError:
        return ValueError


def _assert_hydrated_alike(prim):
    """_Times from ``prim`` by ours and by oslo's hydration (the class is
    not registered, so they are called directly): the same state, or a
    ValueError from both."""
    ours = _hydrated(_Times._obj_from_primitive.__func__, prim)
    theirs = _hydrated(
        ovoo_base.VersionedObject._obj_from_primitive.__func__, prim)
    assert ours == theirs


@pytest.mark.parametrize('value', [
    WHEN,
    datetime.datetime(2026, 12, 7, 1, 2, 3),
    datetime.datetime(2026, 12, 7, 1, 2, 3, 456789),
    datetime.datetime(2026, 12, 7, 1, 2, 3, tzinfo=_PLUS_ONE),
    datetime.datetime(999, 1, 2, 3, 4, 5),
    datetime.datetime(1, 1, 1, tzinfo=datetime.timezone.utc),
])
def test_datetimes_written_and_read_as_oslo_does(value):
    obj = _Times(aware=value, naive=value)
    prim = obj.obj_to_primitive()
    assert _changes_as_set(prim) == _oslo_primitive(obj)
    _assert_hydrated_alike(prim)


@pytest.mark.parametrize('text', [
    '2026-12-07T05:01:04Z', '2026-12-07T05:01:04.123456Z',
    '2026-12-07T05:01:04+01:00', '2026-12-07T05:01:04', '2026-12-07',
    '2026-12-07 05:01:04Z', '2026-02-30T05:01:04Z', '20261207T050104Z',
])
def test_received_datetime_texts_are_read_as_oslo_reads_them(text):
    prim = _Times().obj_to_primitive()
    prim['nova_object.data'] = {'aware': text, 'naive': text}
    _assert_hydrated_alike(prim)
