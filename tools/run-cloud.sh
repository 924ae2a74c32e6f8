#!/usr/bin/env bash
# Start the whole cloud on this machine (README command 1).
#
# Uses the active virtualenv, else ./.venv (created and filled with nova
# when missing), then runs nova-all: SQLite databases, noauth2, the fake
# virt driver, every built daemon as its own process over RabbitMQ when one
# answers at 127.0.0.1:5672 (else all in one process, in memory).
# Arguments go to nova-all (see nova-all --help); Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${VIRTUAL_ENV:-}" ]; then
    if [ ! -x .venv/bin/python ]; then
        echo "run-cloud.sh: creating .venv"
        python3 -m venv .venv
    fi
    # shellcheck disable=SC1091
    . .venv/bin/activate
fi
if ! command -v nova-all >/dev/null 2>&1; then
    echo "run-cloud.sh: installing nova into $(dirname "$(dirname "$(command -v python)")")"
    python -m pip install -q --disable-pip-version-check -e .
fi
exec nova-all "$@"
