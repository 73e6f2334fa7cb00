// sandbox: kernel-panic
// replay: recordings/sandbox-kernel-panic
// replay: recordings/sandbox-healthy
// Recovers a kernel panic like kernel-panic.groovy, and tells the provisioning system
// (any HTTP endpoint taking JSON) what happened: params.webhook is its URL. On the sandbox,
// params.webhook defaults to the sandbox's own receiver, which logs what it gets.
//
//   vaxiin run dsl-examples/notify-provisioning.groovy --target web-01 --param webhook=https://cmdb.example/hooks/vaxiin

recovery 'kernel panic, reported', timeout: 15.minutes

use 'lib/login'

int cycles = 0
when screen =~ /Kernel panic - not syncing/, maxFires: 2 then {
    screenshot 'kernel-panic'
    power 'cycle'
    cycles++
    http.post params.webhook, json: [server: server.name, model: server.model,
                                     event: 'kernel-panic', action: 'power-cycle', attempt: cycles]
}
