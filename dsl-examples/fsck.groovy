// sandbox: fsck
// replay: recordings/sandbox-fsck
// replay: recordings/xterm-e2fsck
// replay: recordings/sandbox-healthy
// A file system check stopped at boot and waits for an answer at the console
// ("Clear<y>?", "Fix<y>?"). Answer yes to each question, then wait for the login prompt.
// If the check gives up and asks for the root password, stop: that needs a person.

recovery 'fsck prompt at boot', timeout: 10.minutes

use 'lib/login'

when screen =~ /(?m)<y>\?\s*$/, maxFires: 20 then type 'y'
when screen =~ /Give root password for maintenance|UNEXPECTED INCONSISTENCY/ then {
    screenshot 'fsck-gave-up'
    fail 'fsck needs a manual run: the file system has errors it will not fix alone'
}
