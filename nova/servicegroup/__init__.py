"""Service liveness (see nova.servicegroup.api)."""

from nova.servicegroup.api import API  # noqa: F401
