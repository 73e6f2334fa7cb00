// The "wait for the login prompt" flow most recoveries end with.

/** True when a getty login prompt is on the last non-empty line of the screen. */
boolean atLoginPrompt() {
    screen =~ /(?m)^\S+ login:\s*$/
}

/** Waits for the login prompt (default up to 10 minutes), then ends the recovery as recovered. */
void doneAtLogin(Duration timeout = 10.minutes) {
    waitFor(timeout: timeout) { atLoginPrompt() }
    done 'reached the login prompt'
}

// Whatever the script is recovering from, a login prompt means the server is up again.
when atLoginPrompt() then done 'reached the login prompt'
