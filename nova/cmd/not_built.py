"""Entry points of daemons that are not built yet.

Each exits non-zero with one line saying so: never a fake success.
"""

import sys


def _not_built(binary):
    sys.stderr.write('%s: not implemented yet\n' % binary)
    return 1


def api_metadata():
    return _not_built('nova-api-metadata')


def network():
    return _not_built('nova-network')


def consoleauth():
    return _not_built('nova-consoleauth')


def novncproxy():
    return _not_built('nova-novncproxy')


def spicehtml5proxy():
    return _not_built('nova-spicehtml5proxy')


def xvpvncproxy():
    return _not_built('nova-xvpvncproxy')


def cert():
    return _not_built('nova-cert')
