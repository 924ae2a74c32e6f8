"""The server view's timestamps read as strftime writes them."""

import datetime

import pytest

from nova.api.openstack.compute.views import servers as views

UTC = datetime.timezone.utc


@pytest.mark.parametrize('value', [
    datetime.datetime(2026, 12, 7, 5, 1, 4),
    datetime.datetime(2026, 12, 7, 5, 1, 4, 999999, tzinfo=UTC),
    datetime.datetime(1000, 1, 1),
    datetime.datetime(999, 1, 2, 3, 4, 5),
    datetime.datetime(9999, 12, 31, 23, 59, 59),
    datetime.datetime(2026, 12, 7, 5, 1, 4,
                      tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
])
def test_isotime_is_strftimes_text(value):
    assert views.isotime(value) == value.strftime('%Y-%m-%dT%H:%M:%SZ')


def test_no_time_is_none():
    assert views.isotime(None) is None
