#!/bin/bash
# chassis_control of IpmiRig.chassis. ipmi_sim runs it through popen and waits (keep it quick):
#   chassis.sh 0x20 get power        -> power:0|1        (Get Chassis Status)
#   chassis.sh 0x20 get boot         -> boot:WORD        (Get/Set System Boot Options)
#   chassis.sh 0x20 set power 0|1    (off, on; cycle = off, then on after 1 s)
#   chassis.sh 0x20 set reset 1      (hard reset)
#   chassis.sh 0x20 set shutdown 1   (soft: ACPI shutdown)
#   chassis.sh 0x20 set boot none|pxe|default|cdrom|bios
#                                    (with boot devices: that device alone in QEMU's boot order)
#   chassis.sh 0x20 set identify "INTERVAL FORCE"
# A non-zero exit makes ipmi_sim answer 0xFF (unspecified error).
d='@DIR@'
qmp_port='@QMP@'
# WORD=QOM-ID pairs (IpmiRig.SeabiosPc with a disk): the QEMU device each boot word boots
boot_devices='@BOOT_DEVICES@'
shift # the MC address
echo "$*" >> "$d/calls.log"
if [ -f "$d/fail" ]; then
  while IFS= read -r prefix; do
    if [ -n "$prefix" ] && [[ "$*" == "$prefix"* ]]; then echo "rig: failing '$*' as asked"; exit 1; fi
  done < "$d/fail"
fi

# qmp COMMAND [ARGUMENTS]: one QMP command on the VM (ARGUMENTS a JSON object); fails unless
# QEMU answers it with "return"
qmp() {
  local answer
  answer="$(printf '{"execute":"qmp_capabilities"}\n{"execute":"%s"%s}\n' "$1" "${2:+,\"arguments\":$2}" |
            socat -t 5 - "TCP:127.0.0.1:$qmp_port" 2>&1)"
  [ "$(grep -c '"return"' <<< "$answer")" -ge 2 ] || { echo "rig: QMP $1 failed: $answer"; exit 1; }
  printf '%s\n' "$answer"
}
running() { qmp query-status | grep -q '"running": true'; }

# boot_from WORD: leaves only WORD's device in QEMU's boot order. QEMU runs with -boot
# strict=on, so SeaBIOS boots the devices with a bootindex and no other; QEMU hands it the new
# order at the next reset (HMP boot_set changes only the CMOS order, which strict overrides).
# The others go first: QEMU refuses a bootindex another device holds.
boot_from() {
  local target='' pair id
  for pair in $boot_devices; do [ "${pair%%=*}" = "$1" ] && target="${pair#*=}"; done
  [ -n "$target" ] || { echo "rig: no device boots for '$1'"; exit 1; }
  for id in $(tr ' ' '\n' <<< "$boot_devices" | cut -d= -f2 | sort -u); do
    [ "$id" = "$target" ] || qmp qom-set "{\"path\":\"/machine/peripheral/$id\",\"property\":\"bootindex\",\"value\":-1}" >/dev/null
  done
  qmp qom-set "{\"path\":\"/machine/peripheral/$target\",\"property\":\"bootindex\",\"value\":1}" >/dev/null
}

op="$1"
shift
case "$op" in
  get)
    for parm in "$@"; do
      case "$parm" in
        power)
          if [ -n "$qmp_port" ]; then
            if running; then echo power:1; else echo power:0; fi
          else
            echo "power:$(cat "$d/power")"
          fi ;;
        boot) echo "boot:$(cat "$d/boot")" ;;
        *) echo "rig: cannot get $parm"; exit 1 ;;
      esac
    done ;;
  set)
    while [ $# -ge 2 ]; do
      parm="$1" value="$2"
      shift 2
      case "$parm" in
        power)
          if [ -n "$qmp_port" ]; then
            if [ "$value" = 1 ]; then
              # power on: a machine that was off starts from its firmware
              running || { qmp system_reset >/dev/null; qmp cont >/dev/null; }
            else
              qmp stop >/dev/null
            fi
          fi
          echo "$value" > "$d/power" ;;
        reset) [ -z "$qmp_port" ] || qmp system_reset >/dev/null ;;
        shutdown)
          if [ -n "$qmp_port" ]; then qmp system_powerdown >/dev/null; else echo 0 > "$d/power"; fi ;;
        boot)
          [ -z "$qmp_port" ] || [ -z "$boot_devices" ] || boot_from "$value"
          echo "$value" > "$d/boot" ;;
        identify) ;;
        *) echo "rig: cannot set $parm"; exit 1 ;;
      esac
    done ;;
  *) echo "rig: unknown operation $op"; exit 1 ;;
esac
exit 0
