"""Aggregate and AggregateList on the SQLite API database."""

import pytest

from nova import exception
from nova.objects import aggregate
from nova.tests.unit.objects.test_instance import ctxt, db, make_flavor, make_instance, template_dbs  # noqa: F401


def test_aggregates(ctxt):
    agg = aggregate.Aggregate(ctxt, name='rack1',
                              metadata={'availability_zone': 'az1'})
    agg.create()
    assert agg.availability_zone == 'az1' and agg.uuid and agg.hosts == []
    with pytest.raises(exception.AggregateNameExists):
        aggregate.Aggregate(ctxt, name='rack1').create()
    agg.add_host('h1')
    agg.add_host('h2')
    with pytest.raises(exception.AggregateHostExists):
        agg.add_host('h1')
    agg.delete_host('h2')
    with pytest.raises(exception.AggregateHostNotFound):
        agg.delete_host('h2')
    agg.update_metadata({'ssd': 'true', 'availability_zone': None})
    with pytest.raises(exception.AggregateMetadataNotFound):
        agg.update_metadata({'nope': None})
    got = aggregate.Aggregate.get_by_uuid(ctxt, agg.uuid)
    assert got.hosts == ['h1'] and got.metadata == {'ssd': 'true'}
    assert got.availability_zone is None
    got.name = 'rack-one'
    got.save()
    assert aggregate.Aggregate.get_by_id(ctxt, agg.id).name == 'rack-one'

    other = aggregate.Aggregate(ctxt, name='rack2',
                                metadata={'availability_zone': 'az2'})
    other.create()
    other.add_host('h1')
    List = aggregate.AggregateList
    assert len(List.get_all(ctxt)) == 2
    assert {a.name for a in List.get_by_host(ctxt, 'h1')} == {
        'rack-one', 'rack2'}
    assert [a.name for a in List.get_by_host(
        ctxt, 'h1', key='availability_zone')] == ['rack2']
    assert [a.name for a in List.get_by_metadata_key(ctxt, 'ssd')] == [
        'rack-one']
    assert len(List.get_by_metadata_key(ctxt, 'ssd', hosts=['h9'])) == 0
    other.destroy()
    with pytest.raises(exception.AggregateNotFound):
        aggregate.Aggregate.get_by_id(ctxt, other.id)
