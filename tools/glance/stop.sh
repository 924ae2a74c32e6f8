#!/usr/bin/env bash
# Stop a Glance started by tools/glance/start.sh STATE_DIR.
set -euo pipefail
pidfile="$1/gunicorn.pid"
[ -f "$pidfile" ] || exit 0
pid="$(cat "$pidfile")"
kill "$pid" 2>/dev/null || exit 0
for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || exit 0
    sleep 0.2
done
kill -9 "$pid" 2>/dev/null || true
