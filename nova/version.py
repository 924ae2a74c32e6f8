"""Version strings reported by every service and by ``--version``."""

NOVA_VENDOR = "OpenStack Foundation"
NOVA_PRODUCT = "OpenStack Compute"
VERSION = "17.0.0"


def version_string():
    return VERSION


def version_string_with_package():
    return VERSION
