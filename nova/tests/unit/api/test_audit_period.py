"""The audit periods os-instance_usage_audit_log reports on."""

import datetime

import pytest

from nova.api.openstack.compute import instance_usage_audit_log as audit

D = datetime.datetime


@pytest.mark.parametrize('unit,before,begin,end', [
    ('month', D(2017, 9, 15), D(2017, 8, 1), D(2017, 9, 1)),
    ('month', D(2017, 1, 1), D(2016, 11, 1), D(2016, 12, 1)),
    ('month', D(2017, 1, 2), D(2016, 12, 1), D(2017, 1, 1)),
    ('month@15', D(2017, 9, 20), D(2017, 8, 15), D(2017, 9, 15)),
    ('month@15', D(2017, 9, 10), D(2017, 7, 15), D(2017, 8, 15)),
    ('year', D(2017, 9, 15), D(2016, 1, 1), D(2017, 1, 1)),
    ('year@4', D(2017, 3, 1), D(2015, 4, 1), D(2016, 4, 1)),
    ('day', D(2017, 9, 15, 10), D(2017, 9, 14), D(2017, 9, 15)),
    ('day@12', D(2017, 9, 15, 10), D(2017, 9, 13, 12), D(2017, 9, 14, 12)),
    ('hour', D(2017, 9, 15, 10, 30), D(2017, 9, 15, 9), D(2017, 9, 15, 10)),
    ('hour@45', D(2017, 9, 15, 10, 30), D(2017, 9, 15, 8, 45),
     D(2017, 9, 15, 9, 45)),
])
def test_last_completed_period(unit, before, begin, end):
    assert audit.last_completed_audit_period(unit, before) == (begin, end)


def test_an_unknown_unit():
    with pytest.raises(ValueError):
        audit.last_completed_audit_period('week', D(2017, 9, 15))
