#!/bin/bash
# startcmd of IpmiRig.vm: ipmi_sim runs it at start-up (startnow), power on and power cycle, and
# takes the VM as powered on while this process (QEMU after the exec) lives. A reset does not run it.
d='@DIR@'
n=$(( $(cat "$d/boots" 2>/dev/null || echo 0) + 1 ))
echo "$n" > "$d/boots"
m=$(( $(cat "$d/modeboots" 2>/dev/null || echo 0) + 1 ))
echo "$m" > "$d/modeboots"
mode="$(cat "$d/mode")"
initrd=(-initrd '@INITRD@')
append="@APPEND@ vaxiin.mode=$mode vaxiin.boot=$n vaxiin.modeboot=$m vaxiin.flood=$(cat "$d/flood")"
if [ "$mode" = panic-then-login ] && [ "$m" = 1 ] && [ '@PANIC@' = vfs ]; then
  # no initrd, no root: the kernel's own "VFS: Unable to mount root fs" panic
  initrd=()
  append="$append root=/dev/nonexistent"
fi
echo "$$" > "$d/qemu.pid"
echo "startvm $n $(date +%T.%N) $append" >> "$d/startvm.log"
exec qemu-system-x86_64 -accel tcg -m @MEMORY@ -nic none -display none -no-user-config \
  -kernel '@KERNEL@' "${initrd[@]}" -append "$append" \
  -chardev socket,id=ipmi0,host=127.0.0.1,port=@KCS@,reconnect=10 \
  -device ipmi-bmc-extern,chardev=ipmi0,id=bmc0 -device isa-ipmi-kcs,bmc=bmc0 \
  -chardev socket,id=serial0,host=127.0.0.1,port=@SOL@,server=on,wait=on,logfile="$d/console.log",logappend=on \
  -serial chardev:serial0 \
  -qmp tcp:127.0.0.1:@QMP@,server,nowait \
  >> "$d/qemu.log" 2>&1
