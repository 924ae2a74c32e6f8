"""The microversion list is the single source of truth; check it."""

from nova.api.openstack import api_version
from nova.api.openstack import api_version_history as history
from nova.api.openstack.compute import versions


def test_history_is_contiguous_from_min():
    expected = ['2.%d' % minor for minor in range(1, len(history.HISTORY) + 1)]
    assert list(history.VERSIONS) == expected


def test_every_version_has_a_note():
    for version, note in history.HISTORY:
        assert note.strip(), version
        assert '\n' not in note, version


def test_max_is_2_53_and_matches_everywhere():
    assert history.MAX_VERSION == '2.53'
    assert api_version.MAX.get_string() == history.MAX_VERSION
    assert api_version.MIN.get_string() == history.MIN_VERSION == '2.1'
    assert versions.VERSIONS['v2.1']['version'] == history.MAX_VERSION
    assert versions.VERSIONS['v2.1']['min_version'] == history.MIN_VERSION
