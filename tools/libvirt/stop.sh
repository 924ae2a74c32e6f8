#!/usr/bin/env bash
# Stop a private libvirtd started by tools/libvirt/start.sh STATE_DIR:
# destroy whatever guests it still runs, then stop libvirtd and virtlogd.
set -uo pipefail
state="$(cd "$1" && pwd)"
uri="qemu:///system?socket=$state/sock/libvirt-sock"
if [ -S "$state/sock/libvirt-sock" ]; then
    for dom in $(virsh -c "$uri" list --all --name 2>/dev/null); do
        virsh -c "$uri" destroy "$dom" >/dev/null 2>&1
        virsh -c "$uri" undefine --managed-save --nvram "$dom" >/dev/null 2>&1 ||
            virsh -c "$uri" undefine "$dom" >/dev/null 2>&1
    done
fi
# Any QEMU left behind (e.g. libvirtd died first).
for pidfile in "$state"/run/qemu/*.pid; do
    [ -f "$pidfile" ] && kill -9 "$(cat "$pidfile")" 2>/dev/null
done
for name in libvirtd virtlogd; do
    pidfile="$state/$name.pid"
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null
done
exit 0
