"""RequestSpec on the SQLite API database."""

import types
import uuid

import pytest
from oslo_serialization import jsonutils

from nova import exception
from nova.objects import instance_group
from nova.objects import request_spec
from nova.tests.unit.objects import test_primitives
from nova.tests.unit.objects.test_instance import ctxt, db, make_flavor, make_instance, template_dbs  # noqa: F401


def _spec(ctxt, **kwargs):
    group = instance_group.InstanceGroup(ctxt, uuid=str(uuid.uuid4()),
                                         policies=['affinity'],
                                         members=['m1'], hosts=['h'])
    kwargs.setdefault('scheduler_hints', {'group': 'g'})
    spec = request_spec.RequestSpec.from_components(
        ctxt, str(uuid.uuid4()), make_flavor(ctxt),
        image={'id': 'img', 'properties': {'hw_disk_bus': 'scsi'}},
        instance_group=group, security_groups=['default'],
        limits={'vcpu': 4}, **kwargs)
    spec.retry = {'num_attempts': 1, 'hosts': [['h1', 'n1']]}
    spec.requested_destination = {'host': 'h1'}
    spec.id = 7
    return spec


def test_request_spec_roundtrip(ctxt):
    spec = _spec(ctxt, num_instances=2, availability_zone='az1',
                 scheduler_hints={'group': 'g', 'same_host': ['a', 'b']})
    del spec.id
    spec.create()
    assert spec.id
    got = request_spec.RequestSpec.get_by_instance_uuid(ctxt,
                                                        spec.instance_uuid)
    assert got.flavor.flavorid == '1'
    assert got.image['properties'] == {'hw_disk_bus': 'scsi'}
    assert got.num_instances == 2 and got.availability_zone == 'az1'
    assert got.get_scheduler_hint('group') == 'g'
    assert got.get_scheduler_hint('same_host') == ['a', 'b']
    assert got.instance_group.policies == ['affinity']
    assert got.instance_group.members is None
    assert got.retry is None and got.requested_destination is None
    assert got.security_groups == ['default']
    assert got.limits == {'vcpu': 4}
    got.num_instances = 3
    got.save()
    assert request_spec.RequestSpec.get_by_instance_uuid(
        ctxt, spec.instance_uuid).num_instances == 3
    got.destroy()
    with pytest.raises(exception.RequestSpecNotFound):
        request_spec.RequestSpec.get_by_instance_uuid(ctxt,
                                                      spec.instance_uuid)


def _cleaned_clone_text(spec):
    """How the stored text was made before: from a clone of the spec
    with the per-request parts and the group's members and hosts set to
    None, and no id."""
    clone = spec.obj_clone()
    clone.retry = None
    clone.requested_destination = None
    clone.instance_group.members = None
    clone.instance_group.hosts = None
    del clone.id
    return jsonutils.dumps(clone.obj_to_primitive())


def test_stored_text_loads_as_the_cleaned_clone_did(ctxt):
    spec = _spec(ctxt)
    loaded = []
    for text in (spec._spec_text(), _cleaned_clone_text(spec)):
        row = types.SimpleNamespace(id=9, instance_uuid=spec.instance_uuid,
                                    spec=text)
        loaded.append(request_spec.RequestSpec._from_db_object(
            ctxt, request_spec.RequestSpec(), row))
    assert test_primitives._state(loaded[0]) == test_primitives._state(
        loaded[1])
    assert 'id' not in jsonutils.loads(spec._spec_text())[
        'nova_object.data']
    # Storing leaves the spec itself alone.
    assert spec.retry == {'num_attempts': 1, 'hosts': [['h1', 'n1']]}
    assert spec.requested_destination == {'host': 'h1'}
    assert spec.instance_group.members == ['m1']
    assert spec.id == 7
