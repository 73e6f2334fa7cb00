#!/bin/busybox sh
# /init of KernelFontsQemuSpec's guest: shows /screen.txt on the framebuffer console (tty0) in the
# font of fbcon=font: on the kernel command line, then idles. Nothing else may draw on it: kernel
# messages are off, the cursor is hidden, the screen never blanks.
/bin/busybox mkdir -p /proc /sys /dev
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo 0 > /proc/sys/kernel/printk
{
  printf '\033[?25l\033[9;0]\033[H\033[2J\033[3J'
  cat /screen.txt
} > /dev/tty0
echo "vaxiin screen shown: $(cat /sys/class/graphics/fbcon/rotate 2>/dev/null) $(cat /sys/class/graphics/fb0/virtual_size 2>/dev/null)" > /dev/ttyS0
while true; do sleep 3600; done
