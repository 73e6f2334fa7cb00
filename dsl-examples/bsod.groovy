// sandbox: bsod
// replay: recordings/sandbox-bsod
// replay: recordings/sandbox-healthy
// Windows stopped with a blue screen and did not restart by itself. Keep the stop code,
// reset the server, and wait for the sign-in screen.

recovery 'windows stop error', timeout: 15.minutes

when screen =~ /Your PC ran into a problem|Stop code:/, maxFires: 2 then {
    def stop = (screen =~ /Stop code:\s*(\w+)/)
    log "stop code: ${stop.find() ? stop.group(1) : 'not shown'}"
    screenshot 'bsod'
    power 'reset'
}
when screen =~ /Press Ctrl\+Alt\+Delete to sign in|Sign in/ then done 'Windows is at the sign-in screen'
