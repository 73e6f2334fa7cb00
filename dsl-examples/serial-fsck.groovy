// sandbox: fsck
// The file system check of fsck.groovy, answered on the serial console (IPMI serial-over-LAN,
// a terminal server's port) instead of the screen: for a server reached without a KVM console,
// or a kernel booted with console=ttyS0. Answer yes to each question ("Clear<y>?", "Fix<y>?"),
// then wait for the login prompt; if the check gives up and wants the root password, stop.

recovery 'fsck prompt on the serial console', timeout: 10.minutes

use 'lib/login'

when serial =~ /<y>\?\s*$/, maxFires: 20 then { serial.type 'y' }
when serial =~ /Give root password for maintenance|UNEXPECTED INCONSISTENCY/ then {
    fail 'fsck needs a manual run: the file system has errors it will not fix alone'
}
