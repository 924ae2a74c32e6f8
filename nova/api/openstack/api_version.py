"""Microversion values and the headers that carry them.

A request names its version with ``OpenStack-API-Version: compute X.Y``
(from 2.27) or the older ``X-OpenStack-Nova-API-Version: X.Y``; the new
header wins when both are present.  No header means the minimum version,
``latest`` the maximum.  Responses echo the version in both headers and say
``Vary`` on both.
"""

import functools
import re

from nova.api.openstack import api_version_history as history
from nova import exception

HEADER = 'OpenStack-API-Version'
LEGACY_HEADER = 'X-OpenStack-Nova-API-Version'
SERVICE_TYPE = 'compute'

_VERSION_RE = re.compile(r'^([1-9]\d*)\.([1-9]\d*|0)$')


@functools.total_ordering
class APIVersionRequest(object):
    """A ``major.minor`` version; ``APIVersionRequest()`` is the null 0.0."""

    __slots__ = ('major', 'minor')

    def __init__(self, version_string=None):
        self.major, self.minor = 0, 0
        if version_string is not None:
            match = _VERSION_RE.match(version_string)
            if not match:
                raise exception.InvalidAPIVersionString(
                    version=version_string)
            self.major, self.minor = int(match.group(1)), int(match.group(2))

    def is_null(self):
        return self.major == 0 and self.minor == 0

    def _key(self):
        return (self.major, self.minor)

    def __eq__(self, other):
        if isinstance(other, str):
            other = APIVersionRequest(other)
        return self._key() == other._key()

    def __lt__(self, other):
        if isinstance(other, str):
            other = APIVersionRequest(other)
        return self._key() < other._key()

    def __hash__(self):
        return hash(self._key())

    def matches(self, min_version=None, max_version=None):
        """Whether this version lies in [min_version, max_version].

        ``None`` for either bound means unbounded on that side.
        """
        if min_version is not None and self < min_version:
            return False
        if max_version is not None and self > max_version:
            return False
        return True

    def get_string(self):
        return '%d.%d' % (self.major, self.minor)

    __str__ = get_string

    def __repr__(self):
        return 'APIVersionRequest(%r)' % self.get_string()


MIN = APIVersionRequest(history.MIN_VERSION)
MAX = APIVersionRequest(history.MAX_VERSION)
DEFAULT = MIN
# What /v2 requests run as: below every microversion, so schemas and
# handlers can single it out with a '2.0' range.
LEGACY_V2 = APIVersionRequest('2.0')


def _from_new_header(value):
    """The compute entry of ``OpenStack-API-Version`` (may list services)."""
    for item in value.split(','):
        parts = item.strip().split(None, 1)
        if len(parts) == 2 and parts[0].lower() == SERVICE_TYPE:
            return parts[1].strip()
        if len(parts) == 1 and parts[0].lower() == SERVICE_TYPE:
            return ''
    return None


def requested_version_string(headers):
    """The raw version string the client asked for, or None."""
    value = headers.get(HEADER)
    if value is not None:
        version = _from_new_header(value)
        if version is not None:
            return version
    return headers.get(LEGACY_HEADER)


def from_headers(headers):
    """The version ``headers`` ask for.

    :raises InvalidAPIVersionString: malformed (400).
    :raises InvalidGlobalAPIVersion: outside MIN..MAX (406).
    """
    requested = requested_version_string(headers)
    if requested is None:
        return DEFAULT
    if requested.strip().lower() == 'latest':
        return MAX
    version = APIVersionRequest(requested.strip())
    if not version.matches(MIN, MAX):
        raise exception.InvalidGlobalAPIVersion(
            req_ver=version.get_string(), min_ver=MIN.get_string(),
            max_ver=MAX.get_string())
    return version


def add_response_headers(headers, version):
    """Echo ``version`` and declare the Vary dependency on ``headers``."""
    value = version.get_string()
    headers[HEADER] = '%s %s' % (SERVICE_TYPE, value)
    headers[LEGACY_HEADER] = value
    headers.add('Vary', HEADER)
    headers.add('Vary', LEGACY_HEADER)
