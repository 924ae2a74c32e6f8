"""nova-api: the OpenStack Compute API (v2.1 with microversions).

:mod:`nova.api.app` composes the WSGI application; :mod:`nova.api.server`
serves it.  Resources live in :mod:`nova.api.openstack.compute` and are
wired up in one table, :mod:`nova.api.openstack.compute.routes`.
"""
