"""server_group_members on create: a server booted into a group is a
member at once, counts against its user's limit, and a racing create that
overfills the group undoes its own records (the recheck)."""

import pytest

from nova import exception
from nova import objects
from nova.tests.unit.compute import test_api

cloud = test_api.cloud  # the fixture: API database, cells, conductor stub
_create = test_api._create
_user = test_api._user

GROUP = '9a0c0000-0000-4000-8000-000000000002'
HINT = {'group': GROUP}


def _group(cloud, limit):
    ctxt = cloud['ctxt']
    objects.InstanceGroup(ctxt, uuid=GROUP, name='g', project_id='p1',
                          user_id='alice', policies=['affinity'],
                          members=[]).create()
    objects.Quotas.create_limit(ctxt, 'p1', 'server_group_members', limit)


def _members(cloud):
    return objects.InstanceGroup.get_by_uuid(cloud['ctxt'], GROUP).members


def test_members_count_and_the_limit_refuses(cloud):
    _group(cloud, 2)
    built = _create(cloud, name='a', min_count=2, max_count=2,
                    scheduler_hints=HINT)
    assert sorted(_members(cloud)) == sorted(i.uuid for i in built)
    with pytest.raises(exception.TooManyInstances) as err:
        _create(cloud, name='b', scheduler_hints=HINT)
    assert str(err.value) == 'Quota exceeded, too many servers in group'
    # Servers outside the group are not limited by it.
    assert _create(cloud, name='c')


def test_recheck_undoes_a_create_that_raced_into_a_full_group(cloud):
    """Both creates pass the first count; the second's recheck sees the
    first's member and removes its own records and membership."""
    _group(cloud, 1)
    api = cloud['api']
    racer = {}
    original = api._create_records

    def create_racing(context, instances, specs, tags):
        if not racer:
            racer['done'] = True
            _create(cloud, name='first', scheduler_hints=HINT)
        return original(context, instances, specs, tags)

    api._create_records = create_racing
    with pytest.raises(exception.TooManyInstances):
        _create(cloud, name='second', scheduler_hints=HINT)
    names = [i.display_name for i in api.get_all(_user(),
                                                 {'project_id': 'p1'})]
    assert names == ['first']
    assert len(_members(cloud)) == 1
