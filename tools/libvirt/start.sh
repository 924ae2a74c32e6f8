#!/usr/bin/env bash
# Start a PRIVATE virtlogd + libvirtd for one test run, apart from any
# system libvirtd: they run in their own mount namespace where
# /etc/libvirt, /run/libvirt, /var/lib/libvirt, /var/log/libvirt and
# /var/cache/libvirt are bind mounts of directories under STATE_DIR, and
# libvirtd listens on STATE_DIR/sock/libvirt-sock.
#
# Usage: bash tools/libvirt/start.sh STATE_DIR
# Prints the connection URI (qemu:///system?socket=...) on success.
# Stop with tools/libvirt/stop.sh STATE_DIR.  Needs root.
#
# QEMU runs as root without a security driver or cgroups, so instance files
# may live anywhere (e.g. a 0700 pytest temporary directory).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
state="$(mkdir -p "$1" && cd "$1" && pwd)"
bash "$here/install.sh" >&2

for d in etc run lib log cache sock; do
    mkdir -p "$state/$d"
done
mkdir -p "$state/etc/qemu" "$state/lib/qemu" "$state/cache/qemu" "$state/log/qemu"

cat > "$state/etc/libvirtd.conf" <<CONF
unix_sock_dir = "$state/sock"
unix_sock_group = "root"
unix_sock_rw_perms = "0700"
auth_unix_rw = "none"
auth_unix_ro = "none"
log_outputs = "3:file:$state/libvirtd.log"
CONF
cat > "$state/etc/qemu.conf" <<'CONF'
user = "root"
group = "root"
dynamic_ownership = 0
security_driver = "none"
cgroup_controllers = [ ]
namespaces = [ ]
stdio_handler = "logd"
CONF
cat > "$state/etc/virtlogd.conf" <<CONF
log_outputs = "3:file:$state/virtlogd.log"
CONF
: > "$state/etc/libvirt.conf"

uri="qemu:///system?socket=$state/sock/libvirt-sock"

unshare --mount --propagation private bash -euo pipefail -c '
    state="$1"
    mount --bind "$state/etc" /etc/libvirt
    mount --bind "$state/run" /run/libvirt 2>/dev/null || {
        mkdir -p /run/libvirt && mount --bind "$state/run" /run/libvirt; }
    mount --bind "$state/lib" /var/lib/libvirt
    mount --bind "$state/log" /var/log/libvirt
    mkdir -p /var/cache/libvirt && mount --bind "$state/cache" /var/cache/libvirt
    virtlogd -d -p "$state/virtlogd.pid" -f "$state/etc/virtlogd.conf"
    libvirtd -d -p "$state/libvirtd.pid" -f "$state/etc/libvirtd.conf"
' _ "$state"

for _ in $(seq 1 100); do
    if virsh -c "$uri" version >/dev/null 2>&1; then
        virsh -c "$uri" version >&2
        echo "$uri"
        exit 0
    fi
    sleep 0.2
done
echo "libvirtd did not answer on $uri; log follows" >&2
tail -n 40 "$state/libvirtd.log" >&2 2>/dev/null || true
exit 1
