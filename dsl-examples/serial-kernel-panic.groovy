// sandbox: kernel-panic
// replay: recordings/sandbox-kernel-panic
// replay: recordings/sandbox-healthy
// A kernel panic on a server whose console is its serial port (IPMI serial-over-LAN, or a
// terminal server): read the panic from the serial text, keep it in the log, power-cycle the
// server, and wait for the login prompt on the serial console. As in kernel-panic.groovy, the
// rule's limit stops a server that panics on every boot from being cycled forever.
//
//   vaxiin run dsl-examples/serial-kernel-panic.groovy --power ipmi://admin:env:BMC_PASSWORD@10.0.0.9 \
//       --serial sol://admin:env:BMC_PASSWORD@10.0.0.9

recovery 'kernel panic on the serial console', timeout: 15.minutes

use 'lib/login'

when serial =~ /Kernel panic - not syncing/, maxFires: 2 then {
    log "panic: ${serial.lines.find { it.contains('Kernel panic') }?.trim()}"
    power 'cycle'
}
