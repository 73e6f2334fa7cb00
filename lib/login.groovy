// The "wait for the login prompt" flow most recoveries end with, on whichever console the
// server has: the screen of its KVM console, or its serial console.

/**
 * True when a login prompt is on the last line of the screen, or in the serial console's new
 * text: a getty's "debian login:", a bare "login:" (BSD, appliances, busybox), or a serial
 * getty's, after its "Debian GNU/Linux 12 debian ttyS0" banner.
 */
boolean atLoginPrompt() {
    ('kvm' in server.consoles && screen =~ /(?m)^(\S+ )?login:\s*$/) ||
            ('serial' in server.consoles && serial =~ /(?m)^(\S+ )?login:\s*$/)
}

/** Waits for the login prompt (default up to 10 minutes), then ends the recovery as recovered. */
void doneAtLogin(Duration timeout = 10.minutes) {
    waitFor(timeout: timeout) { atLoginPrompt() }
    done 'reached the login prompt'
}

// Whatever the script is recovering from, a login prompt means the server is up again.
when atLoginPrompt() then done 'reached the login prompt'
