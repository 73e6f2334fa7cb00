// sandbox: no-boot-device
// replay: recordings/sandbox-no-boot-device
// replay: recordings/qemu-no-boot-device
// replay: recordings/sandbox-healthy
// The server booted from the wrong device (the network, or an empty one) and stopped at
// "No bootable device" or "No more network devices". Set the next boot to the local disk,
// reset, and wait for the login prompt.

recovery 'boot from the wrong device', timeout: 10.minutes

use 'lib/login'

when screen =~ /No bootable device|No more network devices|Boot failed: not a bootable disk/, maxFires: 2 then {
    screenshot 'wrong-boot-device'
    boot 'disk', once: true
    power 'reset'
}
