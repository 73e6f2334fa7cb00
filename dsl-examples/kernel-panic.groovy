// sandbox: kernel-panic
// replay: recordings/sandbox-kernel-panic
// replay: recordings/qemu-kernel-panic
// replay: recordings/sandbox-healthy
// A kernel panic froze the server. Keep the evidence, power-cycle it, and let it boot.
// The rule's limit (maxFires: 2) stops a server that panics on every boot from being
// power-cycled forever: the third panic fails the recovery for a person to look at.

recovery 'kernel panic', timeout: 15.minutes

use 'lib/login'

when screen =~ /Kernel panic - not syncing/, maxFires: 2 then {
    screenshot 'kernel-panic'
    power 'cycle'
}
