#!/usr/bin/env bash
# Install Glance (the Image service) from PyPI into its own virtualenv, for
# the libvirt functional tests.  Prints the virtualenv's path.
#
# Usage: bash tools/glance/install.sh [CACHE_DIR]
# CACHE_DIR defaults to $NOVA_TEST_CACHE or ~/.cache/nova-tests; the venv is
# CACHE_DIR/glance-venv and is reused when it already imports glance.
set -euo pipefail
cache="${1:-${NOVA_TEST_CACHE:-$HOME/.cache/nova-tests}}"
venv="$cache/glance-venv"
spec="${GLANCE_PIP_SPEC:-glance}"
mkdir -p "$cache"
exec 9>"$cache/glance-install.lock"
flock 9
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import glance.api.v2.router' 2>/dev/null \
        && [ -x "$venv/bin/gunicorn" ] && [ -x "$venv/bin/glance-manage" ]; then
    echo "$venv"
    exit 0
fi
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check --upgrade pip wheel setuptools >&2
"$venv/bin/pip" install -q --disable-pip-version-check "$spec" gunicorn >&2
"$venv/bin/python" -c 'import glance.api.v2.router' >&2
echo "$venv"
