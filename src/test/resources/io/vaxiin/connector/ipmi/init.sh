#!/bin/busybox sh
# /init of the IpmiRig.vm guest: behaves by vaxiin.mode= on the kernel command line.
/bin/busybox mkdir -p /proc /sys /dev /tmp
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null

param() {
  for word in $(cat /proc/cmdline); do
    case "$word" in "$1="*) echo "${word#*=}"; return ;; esac
  done
  echo "$2"
}
mode=$(param vaxiin.mode prompt)
boot=$(param vaxiin.boot 1)
modeboot=$(param vaxiin.modeboot 1)
flood=$(param vaxiin.flood 65536)

# CMOS byte 0x7e (used by neither SeaBIOS nor QEMU) counts kernel boots since QEMU started: it
# survives a reset, not a power cycle (a new QEMU)
cmos_get() {
  printf '\176' | dd of=/dev/port bs=1 seek=112 count=1 conv=notrunc 2>/dev/null
  dd if=/dev/port bs=1 skip=113 count=1 2>/dev/null | od -An -tu1 | tr -d ' '
}
cmos_set() {
  printf '\176' | dd of=/dev/port bs=1 seek=112 count=1 conv=notrunc 2>/dev/null
  printf "\\$(printf %o "$1")" | dd of=/dev/port bs=1 seek=113 count=1 conv=notrunc 2>/dev/null
}
kernels=$(( $(cmos_get) + 1 ))
cmos_set $(( kernels % 256 ))
resets=$(( kernels - 1 ))

# a reset may come in the middle of a line: start on a fresh one
echo
echo "vaxiin guest boot $boot reset $resets mode $mode uptime $(cut -d' ' -f1 /proc/uptime) id $(cat /proc/sys/kernel/random/boot_id)"

login_loop() {
  while true; do
    printf 'login: '
    read -r line || sleep 1
    echo "guest received: $line"
  done
}

case "$mode" in
  login)
    login_loop ;;
  panic-then-login)
    if [ "$modeboot" = 1 ] && [ "$resets" = 0 ]; then
      echo "vaxiin guest: panicking on purpose (first boot)"
      echo c > /proc/sysrq-trigger
    fi
    login_loop ;;
  flood)
    printf 'flood ready: press Enter: '
    read -r line
    awk -v n="$flood" 'BEGIN { t = 0; i = 0; while (t < n) { i++; s = sprintf("%08d the quick brown fox jumps over the lazy dog", i); print s; t += length(s) + 1 } }' > /tmp/flood
    count=$(wc -l < /tmp/flood)
    sum=$(md5sum < /tmp/flood | cut -d' ' -f1)
    cat /tmp/flood
    echo "flood done $count $sum"
    login_loop ;;
  *)
    printf '/dev/sda1: Inode 12 has illegal blocks. Clear<y>? '
    read -r answer
    echo "guest received: $answer"
    login_loop ;;
esac
