"""NovaObject's change tracking answers what oslo.versionedobjects'
would, for every kind of field and nesting the instance has."""

from oslo_versionedobjects import base as ovo_base

from nova.objects import base
from nova.objects import flavor as flavor_obj
from nova.objects import instance as instance_obj
from nova.objects import instance_info_cache
from nova.objects import tag as tag_obj


def _oslo_what_changed(obj):
    return ovo_base.VersionedObject.obj_what_changed(obj)


def _flavor(name='m1.tiny', **extra_specs):
    flavor = flavor_obj.Flavor(id=1, flavorid='1', name=name, memory_mb=512,
                               vcpus=1, root_gb=1, ephemeral_gb=0, swap=0,
                               extra_specs=dict(extra_specs))
    flavor.obj_reset_changes()
    return flavor


def _instance():
    inst = instance_obj.Instance(
        uuid='3a6f8a52-6f9b-4a43-8a36-1f1b3e2a8b10', host='h1',
        vm_state='building', task_state=None, metadata={'a': '1'},
        system_metadata={}, flavor=_flavor(), old_flavor=None,
        new_flavor=None,
        info_cache=instance_info_cache.InstanceInfoCache(
            instance_uuid='3a6f8a52-6f9b-4a43-8a36-1f1b3e2a8b10',
            network_info=[]),
        tags=tag_obj.TagList(objects=[]))
    inst.obj_reset_changes(recursive=True)
    return inst


def _states():
    """(description, instance) pairs covering top-level changes, nested
    objects' own changes, in-place dict changes and unset fields."""
    yield 'nothing changed', _instance()
    inst = _instance()
    inst.host = 'h2'
    yield 'a scalar field', inst
    inst = _instance()
    inst.flavor.memory_mb = 1024
    yield 'a field of the flavor', inst
    inst = _instance()
    inst.flavor.extra_specs['hw:cpu_policy'] = 'dedicated'
    yield 'the flavor extra specs in place', inst
    inst = _instance()
    inst.new_flavor = _flavor('m1.small')
    yield 'a flavor set (unchanged object, changed field)', inst
    inst = _instance()
    inst.info_cache.network_info = [{'id': 'port'}]
    yield 'the info cache', inst
    inst = _instance()
    inst.metadata['b'] = '2'
    yield 'metadata in place', inst
    inst = _instance()
    inst.tags.objects.append(tag_obj.Tag(resource_id=inst.uuid, tag='t'))
    yield 'a tag list member', inst
    inst = instance_obj.Instance(uuid='9a1b7c2e-1d3f-4e5a-9b8c-7d6e5f4a3b2c')
    yield 'only the uuid set', inst


def test_what_changed_matches_oslo():
    for description, inst in _states():
        expected = _oslo_what_changed(inst)
        # Instance adds its metadata dicts on top of the base answer.
        ours = base.NovaObject.obj_what_changed(inst)
        assert ours == expected, description
        assert inst.obj_what_changed() >= expected, description


def test_nested_changes_found_and_reset():
    inst = _instance()
    inst.flavor.vcpus = 4
    assert inst.obj_what_changed() == {'flavor'}
    assert 'flavor' in inst.obj_get_changes()
    inst.obj_reset_changes(recursive=True)
    assert inst.obj_what_changed() == set()
    assert inst.flavor.obj_what_changed() == set()


def test_object_field_names_are_the_object_fields():
    names = set(base._object_field_names(instance_obj.Instance))
    assert {'flavor', 'old_flavor', 'new_flavor', 'info_cache',
            'tags'} <= names
    assert 'host' not in names and 'metadata' not in names


def test_attr_is_set_answers_as_oslo():
    """Whether a field is set, and the AttributeError for a name that is
    no field, as oslo's obj_attr_is_set answers (and ``in`` with it)."""
    oslo = ovo_base.VersionedObject.obj_attr_is_set
    for description, inst in _states():
        for name in list(inst.fields) + list(inst.obj_extra_fields):
            assert inst.obj_attr_is_set(name) == oslo(inst, name), (
                description, name)
            assert (name in inst) == oslo(inst, name), (description, name)
    inst = _instance()
    for obj in (inst, inst.flavor):
        for call in (obj.obj_attr_is_set, lambda name: oslo(obj, name)):
            try:
                call('no_such_field')
            except AttributeError as error:
                assert 'no_such_field' in str(error)
            else:
                raise AssertionError('no AttributeError')
        assert 'no_such_field' not in obj
