#!/usr/bin/env bash
# Install the Debian packages the libvirt driver and its functional tests
# need: QEMU (software emulation is enough), libvirtd, virsh, the headers
# libvirt-python builds against, and what tools/guest/build-test-image.sh
# needs to make the test guest (a Debian kernel, busybox-static, extlinux).
#
# Idempotent and quiet when everything is there already.  Needs root (or
# sudo).  Usage: bash tools/libvirt/install.sh
set -euo pipefail

packages=(qemu-system-x86 qemu-utils libvirt-daemon-system
          libvirt-daemon-driver-qemu libvirt-clients libvirt-dev pkg-config
          linux-image-amd64 busybox-static extlinux syslinux-common
          e2fsprogs cpio kmod ipxe-qemu xz-utils)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
        missing+=("$p")
    fi
done
if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo -n)
fi
echo "libvirt/install.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Package scripts must not try to start services (there is no init system
# in containers, and the tests start private daemons anyway).
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 755 "$policy"
    created_policy=1
fi
trap '[ "$created_policy" = 1 ] && "${sudo[@]}" rm -f "$policy"' EXIT
"${sudo[@]}" apt-get update -q >/dev/null
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
echo "libvirt/install.sh: done"
