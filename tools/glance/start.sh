#!/usr/bin/env bash
# Start a throw-away Glance API (no auth, SQLite, file store) under gunicorn.
#
# Usage: bash tools/glance/start.sh STATE_DIR PORT
# Installs Glance first if needed (tools/glance/install.sh).  Writes its
# configuration, database, images and log under STATE_DIR, daemonises with
# STATE_DIR/gunicorn.pid and waits until http://127.0.0.1:PORT/versions
# answers.  Stop it with tools/glance/stop.sh STATE_DIR.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
state="$(mkdir -p "$1" && cd "$1" && pwd)"
port="$2"
venv="$(bash "$here/install.sh")"

mkdir -p "$state/etc" "$state/images" "$state/staging" "$state/tasks"
cat > "$state/etc/glance-api.conf" <<CONF
[DEFAULT]
enabled_backends = fs:file
bind_host = 127.0.0.1
bind_port = $port
log_file = $state/glance-api.log
image_size_cap = 10737418240
[database]
connection = sqlite:///$state/glance.sqlite
[glance_store]
default_backend = fs
[fs]
filesystem_store_datadir = $state/images
[os_glance_staging_store]
filesystem_store_datadir = $state/staging
[os_glance_tasks_store]
filesystem_store_datadir = $state/tasks
[paste_deploy]
flavor =
config_file = $state/etc/glance-api-paste.ini
[oslo_policy]
enforce_new_defaults = false
enforce_scope = false
CONF

# Our own small pipeline: version negotiation, a context for anonymous
# requests, then the versioned API applications.
cat > "$state/etc/glance-api-paste.ini" <<'PASTE'
[pipeline:glance-api]
pipeline = versionnegotiation unauthenticated-context rootapp

[composite:rootapp]
paste.composite_factory = glance.api:root_app_factory
/: apiversions
/v2: apiv2app

[app:apiversions]
paste.app_factory = glance.api.versions:create_resource

[app:apiv2app]
paste.app_factory = glance.api.v2.router:API.factory

[filter:versionnegotiation]
paste.filter_factory = glance.api.middleware.version_negotiation:VersionNegotiationFilter.factory

[filter:unauthenticated-context]
paste.filter_factory = glance.api.middleware.context:UnauthenticatedContextMiddleware.factory
PASTE

export OS_GLANCE_CONFIG_DIR="$state/etc"
"$venv/bin/glance-manage" --config-file "$state/etc/glance-api.conf" db_sync \
    >"$state/db_sync.log" 2>&1 || { cat "$state/db_sync.log" >&2; exit 1; }

"$venv/bin/gunicorn" --daemon --pid "$state/gunicorn.pid" \
    --bind "127.0.0.1:$port" --workers 1 --threads 4 --timeout 300 \
    --error-logfile "$state/gunicorn.log" \
    --env "OS_GLANCE_CONFIG_DIR=$state/etc" \
    glance.wsgi.api:application

for _ in $(seq 1 240); do
    if python3 - "$port" <<'PY' 2>/dev/null
import sys, urllib.request
urllib.request.urlopen('http://127.0.0.1:%s/versions' % sys.argv[1], timeout=2).read()
PY
    then
        echo "glance: http://127.0.0.1:$port (pid $(cat "$state/gunicorn.pid"))"
        exit 0
    fi
    sleep 0.5
done
echo "glance did not answer on port $port; log follows" >&2
tail -n 40 "$state/gunicorn.log" "$state/glance-api.log" >&2 2>/dev/null || true
exit 1
