// sandbox: fsck
// replay: recordings/sandbox-fsck-serial
// replay: recordings/sandbox-healthy
// A file system check stopped at boot and asks on the serial console ("Clear<y>?",
// "Fix<y>?"): answer yes to each question on the serial console, then wait for the login
// prompt there. If the check gives up and asks for the root password, stop: that needs a person.
//
//   vaxiin run dsl-examples/serial-fsck.groovy --serial tcp://terminal-server:7012

recovery 'fsck prompt on the serial console', timeout: 10.minutes

use 'lib/login'

when serial =~ /<y>\?\s*$/, maxFires: 20 then { serial.type 'y' }
when serial =~ /Give root password for maintenance|UNEXPECTED INCONSISTENCY/ then {
    fail 'fsck needs a manual run: the file system has errors it will not fix alone'
}
