#!/usr/bin/env bash
# Build the tiny test guest used by the libvirt functional tests.
#
# Usage: bash tools/guest/build-test-image.sh OUT_DIR
#
# Produces, in OUT_DIR:
#   vmlinuz     the host's Debian kernel (linux-image-amd64)
#   initrd.img  a busybox-static initramfs whose /init prints
#               "NOVA-TEST-GUEST-UP" on the serial console (ttyS0) and keeps
#               running; busybox acpid powers the guest off on an ACPI power
#               button press (virsh shutdown), using the button and evdev
#               modules
#   disk.img    a self-booting raw whole-disk image: an ext2 volume with
#               extlinux in its boot record, holding vmlinuz + initrd.img
# Reuses OUT_DIR when disk.img is already there.  Needs root (loop mount)
# and the packages of tools/libvirt/install.sh.
set -euo pipefail
out="$(mkdir -p "$1" && cd "$1" && pwd)"
if [ -s "$out/disk.img" ] && [ -s "$out/vmlinuz" ] && [ -s "$out/initrd.img" ]; then
    exit 0
fi
exec 9>"$out/.build.lock"
flock 9
if [ -s "$out/disk.img" ]; then
    exit 0
fi

kernel="$(ls -1 /boot/vmlinuz-* | sort -V | tail -n 1)"
kver="${kernel#/boot/vmlinuz-}"
moddir="/lib/modules/$kver"
work="$(mktemp -d)"
trap 'umount "$work/mnt" 2>/dev/null || true; rm -rf "$work"' EXIT

root="$work/root"
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,etc/acpi/PWRF,lib/modules}
cp /bin/busybox "$root/bin/busybox"

# Modules for the ACPI power button, unpacked if the kernel ships them
# compressed (busybox insmod wants plain .ko files).
for mod in button evdev; do
    path="$(find "$moddir" -name "$mod.ko*" | head -n 1)"
    if [ -z "$path" ]; then
        continue  # built into this kernel
    fi
    case "$path" in
        *.xz) xz -dc "$path" > "$root/lib/modules/$mod.ko" ;;
        *.zst) zstd -qdc "$path" > "$root/lib/modules/$mod.ko" ;;
        *.gz) gzip -dc "$path" > "$root/lib/modules/$mod.ko" ;;
        *) cp "$path" "$root/lib/modules/$mod.ko" ;;
    esac
done

# busybox acpid runs ./PWRF/00000080 (relative to its config directory)
# when the power button is pressed.
cat > "$root/etc/acpi/PWRF/00000080" <<'SH'
#!/bin/sh
echo "NOVA-TEST-GUEST-POWEROFF" > /dev/ttyS0
sync
poweroff -f
SH
chmod 755 "$root/etc/acpi/PWRF/00000080"

cat > "$root/init" <<'SH'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in /lib/modules/*.ko; do
    [ -f "$m" ] && insmod "$m" 2>/dev/null
done
sleep 1
acpid -c /etc/acpi -l /tmp/acpid.log
echo "NOVA-TEST-GUEST-UP $(cat /proc/sys/kernel/random/boot_id)" > /dev/ttyS0
while true; do
    sleep 3600
done
SH
chmod 755 "$root/init"

(cd "$root" && find . | cpio -o -H newc --quiet | gzip -9) > "$work/initrd.img"
cp "$kernel" "$work/vmlinuz"

# The whole-disk image: ext2 with extlinux in its boot record.
truncate -s 48M "$work/disk.img"
mkfs.ext2 -q -F -L novatest "$work/disk.img"
mkdir -p "$work/mnt"
mount -o loop "$work/disk.img" "$work/mnt"
mkdir -p "$work/mnt/boot"
cp "$work/vmlinuz" "$work/initrd.img" "$work/mnt/boot/"
cat > "$work/mnt/boot/extlinux.conf" <<'CONF'
DEFAULT guest
TIMEOUT 1
PROMPT 0
LABEL guest
    LINUX /boot/vmlinuz
    INITRD /boot/initrd.img
    APPEND console=ttyS0 quiet panic=1
CONF
extlinux --install "$work/mnt/boot" >/dev/null 2>&1
sync
umount "$work/mnt"

mv "$work/vmlinuz" "$work/initrd.img" "$work/disk.img" "$out/"
