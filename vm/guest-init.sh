#!/bin/sh
# SPDX-License-Identifier: MIT
# PID 1 of the rig's guest (docs/ccid.md): mounts the kernel file systems and tmpfs where
# the read-only 9p root needs writable places, mounts the test share, starts udevd, runs the
# share's test.sh, records its exit code in the share and powers off.
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
for d in /run /tmp /var/tmp /var/log /var/lib/pcscd; do
  [ -d "$d" ] && mount -t tmpfs tmpfs "$d"
done
mkdir -p /run/pcscd /run/udev
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 share /mnt/share || {
  echo "rk-init: no share"; busybox poweroff -f; }
/lib/systemd/systemd-udevd --daemon >/dev/null 2>&1
udevadm trigger --action=add >/dev/null 2>&1
udevadm settle --timeout=10 >/dev/null 2>&1
cd /mnt/share || busybox poweroff -f
sh ./test.sh > /mnt/share/guest.log 2>&1
echo $? > /mnt/share/exit-code
sync
busybox poweroff -f
