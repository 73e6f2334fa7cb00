// sandbox: post-key
// replay: recordings/sandbox-post-key
// replay: recordings/sandbox-healthy
// POST found something it wants a person to acknowledge ("Press F1 to continue",
// "Press F1 to resume") and waits for a key. Press it, then wait for the login prompt.

recovery 'POST error waiting for a key', timeout: 10.minutes

use 'lib/login'

when screen =~ /Press F1 to (continue|resume)/ then press 'F1'
when screen =~ /Press (any key|ENTER) to continue/ then press 'Enter'
