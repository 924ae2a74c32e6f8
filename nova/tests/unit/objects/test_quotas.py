"""The quota engine and Quotas object: limits precedence, counting, the
OverQuota details and the recheck that stops racing creates (SQLite and
MariaDB)."""

import threading
import uuid

import pytest

from nova import context as nova_context
from nova.db import engine as db_engine
from nova import exception
from nova.objects import build_request
from nova.objects import instance as instance_obj
from nova.objects import keypair
from nova.objects import quotas
from nova import quota
from nova.tests.fixtures import database as db_fixtures
from nova.tests.fixtures.database import nova_databases  # noqa: F401
from nova.tests.unit.objects.test_instance import ctxt, db, make_flavor, make_instance, template_dbs  # noqa: F401,E501

Quotas = quotas.Quotas


def test_limits_precedence(ctxt):
    engine = quota.QUOTAS
    assert engine.get_defaults(ctxt)['instances'] == 10
    Quotas.create_class(ctxt, 'default', 'instances', 15)
    assert Quotas.get_default_class(ctxt)['instances'] == 15
    Quotas.create_limit(ctxt, 'p1', 'instances', 20)
    with pytest.raises(exception.QuotaExists):
        Quotas.create_limit(ctxt, 'p1', 'instances', 21)
    with pytest.raises(exception.ProjectQuotaNotFound):
        Quotas.update_limit(ctxt, 'p1', 'cores', 5)
    Quotas.set_limit(ctxt, 'p1', 'cores', 4)
    Quotas.set_limit(ctxt, 'p1', 'cores', 5)
    Quotas.create_limit(ctxt, 'p1', 'instances', 3, user_id='u1')
    project = engine.get_project_quotas(ctxt, 'p1')
    assert project['instances']['limit'] == 20
    assert project['cores']['limit'] == 5
    assert project['ram']['limit'] == 51200
    assert engine.get_project_quotas(ctxt, 'p2')['instances']['limit'] == 15
    user = engine.get_user_quotas(ctxt, 'p1', 'u1')
    assert user['instances']['limit'] == 3 and user['cores']['limit'] == 5
    assert Quotas.get(ctxt, 'p1', 'instances', user_id='u1') == 3
    Quotas.destroy_all_by_project_and_user(ctxt, 'p1', 'u1')
    with pytest.raises(exception.ProjectUserQuotaNotFound):
        Quotas.get(ctxt, 'p1', 'instances', user_id='u1')
    Quotas.destroy_all_by_project(ctxt, 'p1')
    assert Quotas.get_all_by_project(ctxt, 'p1') == {}
    with pytest.raises(exception.QuotaResourceUnknown):
        Quotas.create_limit(ctxt, 'p1', 'bogus', 1)
    Quotas.set_class(ctxt, 'gold', 'ram', 1024)
    Quotas.set_class(ctxt, 'gold', 'ram', 2048)
    assert engine.get_class_quotas(ctxt, 'gold')['ram'] == 2048


def test_usage_and_check_deltas(ctxt):
    Quotas.set_limit(ctxt, ctxt.project_id, 'cores', 20)
    for _ in range(9):
        make_instance(ctxt, vcpus=2, memory_mb=100)
    make_instance(ctxt, vcpus=1, memory_mb=100)
    # a server still being scheduled counts too
    pending = instance_obj.Instance(
        ctxt, uuid=str(uuid.uuid4()), project_id=ctxt.project_id,
        user_id=ctxt.user_id, vcpus=0, memory_mb=0, flavor=make_flavor(ctxt))
    del pending.vcpus, pending.memory_mb
    build_request.BuildRequest(ctxt, instance=pending).create()
    counts = quota.QUOTAS.count_as_dict(ctxt, 'instances', ctxt.project_id,
                                        ctxt.user_id)
    assert counts['project'] == {'instances': 11, 'cores': 20, 'ram': 1512}
    quotas.Quotas.check_deltas(ctxt, {'ram': 512}, ctxt.project_id,
                               ctxt.user_id)
    with pytest.raises(exception.OverQuota) as err:
        Quotas.check_deltas(ctxt, {'instances': 1, 'cores': 2, 'ram': 512},
                            ctxt.project_id, ctxt.user_id)
    kwargs = err.value.kwargs
    assert kwargs['overs'] == ['cores', 'instances']
    assert kwargs['usages']['cores']['in_use'] == 20
    assert kwargs['quotas']['cores'] == 20
    msg = quota.too_many_instances(err.value).format_message()
    assert msg == ('Quota exceeded for cores, instances: Requested 2, 1, '
                   'but already used 20, 11 of 20, 10 cores, instances')
    Quotas.set_limit(ctxt, ctxt.project_id, 'instances', -1)
    with pytest.raises(exception.OverQuota) as err:
        Quotas.check_deltas(ctxt, {'instances': 1, 'cores': 2},
                            ctxt.project_id, ctxt.user_id)
    assert quota.too_many_instances(err.value).format_message() == (
        'Quota exceeded for cores: Requested 2, but already used 20 of 20 '
        'cores')


def test_absolute_and_keypair_limits(ctxt):
    Quotas.limit_check(ctxt, metadata_items=128)
    with pytest.raises(exception.OverQuota) as err:
        Quotas.limit_check(ctxt, metadata_items=129)
    assert err.value.kwargs['overs'] == ['metadata_items']
    Quotas.set_limit(ctxt, ctxt.project_id, 'key_pairs', 1)
    Quotas.check_deltas(ctxt, {'key_pairs': 1}, ctxt.user_id)
    keypair.KeyPair(ctxt, name='k', user_id=ctxt.user_id,
                    public_key='x').create()
    with pytest.raises(exception.OverQuota):
        Quotas.check_deltas(ctxt, {'key_pairs': 1}, ctxt.user_id)
    settable = quota.QUOTAS.get_settable_quotas(ctxt, ctxt.project_id,
                                                ctxt.user_id)
    assert settable['key_pairs'] == {'minimum': 1, 'maximum': 1}


@pytest.mark.parametrize('nova_databases', ['sqlite', 'mysql'],
                         indirect=True)
def test_recheck_stops_racing_creates(nova_databases):  # noqa: F811
    """Several creates pass the first check at once; after the recheck at
    most the limit remains."""
    admin = nova_context.get_admin_context()
    ctxt = nova_context.RequestContext('u', 'p', is_admin=True)
    try:
        Quotas.set_limit(admin, 'p', 'instances', 2)
        make_instance(ctxt)
        workers = 4
        barrier = threading.Barrier(workers)
        results = []

        def create_one():
            inst = instance_obj.Instance(
                ctxt, uuid=str(uuid.uuid4()), project_id='p', user_id='u',
                vcpus=1, memory_mb=64, vm_state='building')

            def create():
                barrier.wait()  # everybody has passed the first check
                inst.create()
                return inst

            try:
                quota.create_with_recheck(
                    ctxt, {'instances': 1}, ('p', 'u'), create,
                    lambda created: created.destroy())
                results.append('ok')
            except exception.OverQuota:
                results.append('over')

        threads = [threading.Thread(target=create_one)
                   for _ in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(results) == workers
        count = instance_obj.InstanceList.get_counts(ctxt, 'p')
        assert count['project']['instances'] <= 2
        assert count['project']['instances'] == 1 + results.count('ok')
        # The racers that lost left nothing behind: the next create fits
        # exactly when a slot is still free.
        def next_create():
            quota.create_with_recheck(
                ctxt, {'instances': 1}, ('p', 'u'),
                lambda: make_instance(ctxt),
                lambda created: created.destroy())

        if count['project']['instances'] < 2:
            next_create()
        else:
            with pytest.raises(exception.OverQuota):
                next_create()
    finally:
        db_engine.dispose_all()


@pytest.mark.parametrize('nova_databases', ['sqlite', 'mysql', 'postgresql'],
                         indirect=True)
def test_counts_each_server_once(nova_databases):  # noqa: F811
    """Servers in a cell, build requests not scheduled yet, and a build
    request whose instance has already reached the cell (conductor
    deletes the request just after): each counted once, per project and
    per user, on every backend."""
    ctxt = nova_context.RequestContext('u', 'p', is_admin=True)
    other = nova_context.RequestContext('v', 'p', is_admin=True)

    def build_request_for(context, vcpus, memory_mb):
        inst = instance_obj.Instance(
            context, uuid=str(uuid.uuid4()), project_id='p',
            user_id=context.user_id, vcpus=vcpus, memory_mb=memory_mb,
            flavor=make_flavor(context))
        build_request.BuildRequest(context, instance=inst).create()
        return inst

    def counts():
        return quota.QUOTAS.count_as_dict(ctxt, 'instances', 'p', 'u')

    try:
        assert counts() == {
            'project': {'instances': 0, 'cores': 0, 'ram': 0},
            'user': {'instances': 0, 'cores': 0, 'ram': 0}}
        make_instance(ctxt, vcpus=2, memory_mb=100)
        make_instance(other, vcpus=8, memory_mb=1000)
        build_request_for(ctxt, 4, 256)
        build_request_for(other, 16, 2048)
        arrived = build_request_for(ctxt, 1, 64)
        make_instance(ctxt, uuid=arrived.uuid, vcpus=1, memory_mb=64)
        assert counts() == {
            'project': {'instances': 5, 'cores': 31, 'ram': 3468},
            'user': {'instances': 3, 'cores': 7, 'ram': 420}}
        # With no build request left, the cells alone.
        for request in build_request.BuildRequestList.get_all(ctxt):
            request.destroy()
        assert counts() == {
            'project': {'instances': 3, 'cores': 11, 'ram': 1164},
            'user': {'instances': 2, 'cores': 3, 'ram': 164}}
    finally:
        db_engine.dispose_all()


@pytest.mark.parametrize('nova_databases', ['sqlite', 'mysql', 'postgresql'],
                         indirect=True)
def test_all_limits_in_one_statement(nova_databases):  # noqa: F811
    """The class, project and user rows that apply, sorted into their
    layers by one statement on every backend; other projects', users'
    and classes' rows stay out, and without a user no user row comes
    back."""
    ctxt = nova_context.RequestContext('u', 'p', is_admin=True)
    Quotas.set_class(ctxt, 'default', 'instances', 15)
    Quotas.set_class(ctxt, 'gold', 'ram', 2048)
    Quotas.set_class(ctxt, 'silver', 'ram', 1024)
    Quotas.create_limit(ctxt, 'p', 'cores', 30)
    Quotas.create_limit(ctxt, 'other', 'cores', 1)
    Quotas.create_limit(ctxt, 'p', 'instances', 4, user_id='u')
    Quotas.create_limit(ctxt, 'p', 'instances', 2, user_id='v')
    try:
        sent, (rows, without_user) = db_fixtures.count_statements(
            db_engine.api_url(), lambda: (
                Quotas.get_all_limits(ctxt, 'p', 'u', ['default', 'gold']),
                Quotas.get_all_limits(ctxt, 'p')))
    finally:
        db_engine.dispose_all()
    assert rows == {'classes': {'default': {'instances': 15},
                                'gold': {'ram': 2048}},
                    'project': {'cores': 30}, 'user': {'instances': 4}}
    assert without_user == {'classes': {'default': {'instances': 15}},
                            'project': {'cores': 30}, 'user': {}}
    assert len(sent) == 2
