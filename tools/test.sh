#!/usr/bin/env bash
# Run nova's whole test suite (README command 2).
#
# Uses the active virtualenv, else ./.venv (created and filled with the
# project and its test requirements when missing); makes sure RabbitMQ,
# MariaDB and PostgreSQL run; then runs pytest in parallel.  Extra
# arguments go to pytest (e.g. tools/test.sh nova/tests/unit -k service).
set -euo pipefail
cd "$(dirname "$0")/.."

# QEMU, libvirtd and libvirt's headers (libvirt-python builds against
# them) for the libvirt driver's tests; quiet when already installed.
bash tools/libvirt/install.sh

if [ -z "${VIRTUAL_ENV:-}" ]; then
    if [ ! -x .venv/bin/python ]; then
        echo "test.sh: creating .venv"
        python3 -m venv .venv
    fi
    # shellcheck disable=SC1091
    . .venv/bin/activate
fi
if ! python -c 'import nova, pytest, xdist, libvirt' >/dev/null 2>&1 || [ "${NOVA_REINSTALL:-0}" = 1 ]; then
    echo "test.sh: installing nova and its test requirements"
    python -m pip install -q --disable-pip-version-check -e . -r test-requirements.txt
fi

bash tools/ensure-services.sh

workers="${NOVA_TEST_WORKERS:-auto}"
if [ "$#" -eq 0 ]; then
    set -- nova/tests
fi
# loadgroup: tests marked xdist_group (the Keystone client tests) stay on
# one worker, so the cloud they share starts once.
exec python -m pytest -n "$workers" --dist loadgroup "$@"
