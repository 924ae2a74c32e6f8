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


def _generation_after(ctxt, write):
    """How far ``write()`` moved the aggregates' generation."""
    before = aggregate.AggregateList.get_generation(ctxt)
    write()
    return aggregate.AggregateList.get_generation(ctxt) - before


def test_every_aggregate_write_moves_the_generation(ctxt):
    agg = aggregate.Aggregate(ctxt, name='zone-a',
                              metadata={'availability_zone': 'a'})
    assert _generation_after(ctxt, agg.create) == 1
    assert _generation_after(ctxt, lambda: agg.add_host('h1')) == 1
    assert _generation_after(
        ctxt, lambda: agg.update_metadata({'ssd': 'true'})) == 1
    agg.name = 'zone-b'
    assert _generation_after(ctxt, agg.save) == 1
    assert _generation_after(ctxt, lambda: agg.delete_host('h1')) == 1
    assert _generation_after(ctxt, agg.destroy) == 1


def test_refused_aggregate_writes_leave_the_generation(ctxt):
    agg = aggregate.Aggregate(ctxt, name='zone-a')
    agg.create()
    agg.add_host('h1')

    def refused(write, error):
        with pytest.raises(error):
            write()

    for write, error in (
            (lambda: aggregate.Aggregate(ctxt, name='zone-a').create(),
             exception.AggregateNameExists),
            (lambda: agg.add_host('h1'), exception.AggregateHostExists),
            (lambda: agg.delete_host('h9'), exception.AggregateHostNotFound),
            (lambda: agg.update_metadata({'nope': None}),
             exception.AggregateMetadataNotFound)):
        assert _generation_after(ctxt, lambda: refused(write, error)) == 0


def test_lists_read_hosts_and_metadata_of_their_aggregates_only(ctxt):
    """The three-read listing gives each aggregate its own hosts (sorted)
    and metadata, with or without criteria, and nothing for none."""
    List = aggregate.AggregateList
    assert len(List.get_all(ctxt)) == 0
    assert len(List.get_by_host(ctxt, 'h1')) == 0
    first = aggregate.Aggregate(ctxt, name='first',
                                metadata={'availability_zone': 'az1',
                                          'ssd': 'true'})
    first.create()
    for host in ('h3', 'h1', 'h2'):
        first.add_host(host)
    second = aggregate.Aggregate(ctxt, name='second')
    second.create()
    second.add_host('h2')
    everything = List.get_all(ctxt)
    assert [(a.name, a.hosts, a.metadata) for a in everything] == [
        ('first', ['h1', 'h2', 'h3'],
         {'availability_zone': 'az1', 'ssd': 'true'}),
        ('second', ['h2'], {})]
    assert [a.id for a in everything] == [first.id, second.id]
    assert everything[0].uuid == first.uuid
    assert everything[0].created_at is not None
    assert [(a.name, a.hosts) for a in List.get_by_host(ctxt, 'h2')] == [
        ('first', ['h1', 'h2', 'h3']), ('second', ['h2'])]
    assert [(a.name, a.metadata) for a in List.get_by_metadata(
        ctxt, key='ssd', value='true')] == [
        ('first', {'availability_zone': 'az1', 'ssd': 'true'})]


def test_host_zones_in_one_read(ctxt):
    assert aggregate.host_zones(ctxt, []) == {}
    for name, zone, hosts in (('a', 'az1', ['h1', 'h2']),
                              ('b', 'az0', ['h2']),
                              ('c', None, ['h3'])):
        agg = aggregate.Aggregate(
            ctxt, name=name,
            metadata={'availability_zone': zone} if zone else {})
        agg.create()
        for host in hosts:
            agg.add_host(host)
    assert aggregate.host_zones(ctxt, ['h1', 'h2', 'h3', 'h4', 'h1']) == {
        'h1': 'az1', 'h2': 'az0,az1'}


def test_zone_names_without_the_hosts(ctxt):
    assert aggregate.zone_names(ctxt) == set()
    for name, zone in (('a', 'az1'), ('b', 'az1'), ('c', 'az2'), ('d', None)):
        agg = aggregate.Aggregate(
            ctxt, name=name,
            metadata={'availability_zone': zone} if zone else {'ssd': '1'})
        agg.create()
        agg.add_host('h-' + name)
    assert aggregate.zone_names(ctxt) == {'az1', 'az2'}
