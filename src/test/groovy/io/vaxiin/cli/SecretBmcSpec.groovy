package io.vaxiin.cli

import io.vaxiin.connector.ipmi.IpmiRig
import io.vaxiin.connector.rfb.RfbRig
import io.vaxiin.connector.serial.SerialRig
import io.vaxiin.connector.ssh.SshdRig
import io.vaxiin.fixture.SandboxProcess
import io.vaxiin.fixture.SecretProbe
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.util.concurrent.TimeUnit

/**
 * SecretSpec's check over the BMCs' other credentials: IPMI users of a real ipmi_sim, the SSH
 * password of a real sshd acting as an iDRAC's CLI, and `vaxiin sandbox`, whose random BMC
 * password is used through the inventory it writes (Redfish, its VNC console, IPMI and SOL).
 * Every command runs as its own process, successes and failures, mostly with --debug; no secret
 * may show in its output, in a file it writes, or in its or its children's command lines.
 */
@Timeout(300)
class SecretBmcSpec extends Specification {

    static final String TYPED = 'Tq4-typed-on-serial'
    static final String WRONG = 'Wrong-pa55-guess'

    @Shared Path dir = Files.createTempDirectory('vaxiin-secret-bmc')
    @Shared IpmiRig.Chassis ipmi
    @Shared SshdRig sshd
    @Shared Process serialPort
    @Shared int serialPortNumber
    @Shared SandboxProcess sandbox
    @Shared Path sandboxInventory
    @Shared Path sandboxPasswordFile
    @Shared Set<String> sandboxCmdlines = []
    /** Every password of this spec's BMCs and the secret the scripts type. */
    @Shared List<String> secrets

    def setupSpec() {
        ipmi = IpmiRig.chassis()
        sshd = SshdRig.start()
        // the serial console behind the BMC's `connect com2`: asks for a password and echoes it
        def console = dir.resolve('serial.sh')
        Files.writeString(console, "#!/bin/bash\nprintf 'Password: '\nIFS= read -r line\necho \"echo: \$line\"\nsleep 60\n")
        console.toFile().setExecutable(true)
        serialPortNumber = RfbRig.freePort()
        serialPort = SerialRig.socat(serialPortNumber, console.toString(), dir, true, 'fork')
        sshd.serialPort(serialPortNumber)
        [['ipmi-pw', IpmiRig.LONG_PASSWORD.password], ['ssh-pw', sshd.password], ['typed', TYPED]].each { name, text ->
            Files.writeString(dir.resolve(name), text)
            Files.setPosixFilePermissions(dir.resolve(name), PosixFilePermissions.fromString('rw-------'))
        }
        dir.resolve('bmcs.yaml').toFile().text = """\
            credentials:
              ipmi: { username: ${IpmiRig.LONG_PASSWORD.name}, password: file:${dir.resolve('ipmi-pw')} }
              ssh: { username: ${sshd.user}, password: file:${dir.resolve('ssh-pw')} }
              wrong-ipmi: { username: ${IpmiRig.LONG_PASSWORD.name}, password: env:VAXIIN_WRONG }
              wrong-ssh: { username: ${sshd.user}, password: env:VAXIIN_WRONG }
            servers:
              ipmi-box: { power: 'ipmi://127.0.0.1:${ipmi.port}', credentials: ipmi }
              ipmi-wrong: { power: 'ipmi://127.0.0.1:${ipmi.port}', credentials: wrong-ipmi }
              ssh-box: { serial: 'ssh://127.0.0.1:${sshd.port}?knownHosts=${sshd.knownHosts}', credentials: ssh }
              ssh-wrong: { serial: 'ssh://127.0.0.1:${sshd.port}?knownHosts=${sshd.knownHosts}', credentials: wrong-ssh }
            """.stripIndent()
        dir.resolve('cycle.groovy').toFile().text = "recovery 'cycles', timeout: 40.seconds\npower 'cycle'\ndone 'cycled'\n"
        dir.resolve('serial.groovy').toFile().text = """\
            recovery 'types on the serial console', timeout: 40.seconds
            log "about to type \${params.password}"
            when serial =~ /Password: /, maxFires: 1 then { serial.type(params.password + '\\n') }
            when serial =~ /echo: \\S+/ then { done "typed \${params.password}" }
            """.stripIndent()
        dir.resolve('sandbox.groovy').toFile().text = """\
            recovery 'power cycle, then the serial console', timeout: 90.seconds
            log "typing \${params.password} at the login prompt"
            power 'cycle'
            waitFor(serial: /sandbox login: /, timeout: 60.seconds)
            serial.type('root\\n')
            waitFor(serial: /Password: /, timeout: 20.seconds)
            serial.type(params.password + '\\n')
            done "logged in with \${params.password}"
            """.stripIndent()
        startSandbox()
        secrets = [IpmiRig.LONG_PASSWORD.password, sshd.password, TYPED, WRONG, Files.readString(sandboxPasswordFile).trim()]
    }

    /** `vaxiin sandbox` (healthy: a power cycle boots to the login prompt), until it has printed its inventory. */
    private void startSandbox() {
        sandbox = new SandboxProcess(['--scenario', 'healthy', '--debug'], dir)
        sandboxCmdlines.addAll(SecretProbe.commandLines(sandbox.process.toHandle()))
        sandboxInventory = sandbox.inventory()
        sandboxPasswordFile = sandbox.passwordFile()
    }

    def cleanupSpec() {
        sandbox?.close()
        SerialRig.stop(serialPort, serialPortNumber)
        sshd?.stop()
        ipmi?.close()
        dir.toFile().deleteDir()
    }

    @Unroll("no secret leaks: #what")
    def "no BMC password appears in any output, file or command line, whatever the outcome"() {
        given:
        Path runDir = dir.resolve("run-${what.replaceAll(/\W+/, '-')}")
        List<String> command = args.collect {
            it.replace('OUT', runDir.toString()).replace('SANDBOX', sandboxInventory.toString()).replace('IPMIPORT', "$ipmi.port")
        }

        when:
        def r = SecretProbe.run(dir, command, [VAXIIN_WRONG: WRONG, VAXIIN_IPMI: IpmiRig.LONG_PASSWORD.password])
        sandboxCmdlines.addAll(SecretProbe.commandLines(sandbox.process.toHandle()))

        then: 'the command ended as it should, with one line saying why when it failed'
        r.code == code
        code == 0 || (r.err + r.out).readLines().any { it.startsWith('vaxiin: ') }

        and: 'the secrets are nowhere'
        SecretProbe.leaks(secrets, [stdout: r.out, stderr: r.err, 'command lines': r.cmdlines.join('\n')], [runDir]) == []

        and: 'a typed secret is logged as ****'
        !what.contains('types') || r.out.contains('type ****')

        where:
        what                                            | code | args
        'run: an IPMI power cycle, --debug'             | 0    | ['run', 'cycle.groovy', '--target', 'ipmi-box', '--inventory', 'bmcs.yaml', '--out', 'OUT', '--debug']
        'run: IPMI with env: in the URI'                | 0    | ['run', 'cycle.groovy', '--power', "ipmi://${IpmiRig.LONG_PASSWORD.name}:env:VAXIIN_IPMI@127.0.0.1:IPMIPORT", '--out', 'OUT']
        'run: the wrong IPMI password, --debug'         | 3    | ['run', 'cycle.groovy', '--target', 'ipmi-wrong', '--inventory', 'bmcs.yaml', '--out', 'OUT', '--debug']
        'discover: IPMI, --debug'                       | 0    | ['discover', '--target', 'ipmi-box', '--inventory', 'bmcs.yaml', '--debug']
        'discover: the wrong IPMI password'             | 3    | ['discover', '--target', 'ipmi-wrong', '--inventory', 'bmcs.yaml', '--json', '--debug']
        'run: types on the SSH serial console, --debug' | 0    | ['run', 'serial.groovy', '--target', 'ssh-box', '--inventory', 'bmcs.yaml', '--param', 'password=file:typed', '--out', 'OUT', '--debug']
        'run: the wrong SSH password, --debug'          | 3    | ['run', 'serial.groovy', '--target', 'ssh-wrong', '--inventory', 'bmcs.yaml', '--param', 'password=file:typed', '--out', 'OUT', '--debug']
        'discover: the whole inventory, --json'         | 3    | ['discover', '--inventory', 'bmcs.yaml', '--json', '--debug']
        'run: types over the sandbox IPMI and SOL'      | 0    | ['run', 'sandbox.groovy', '--target', 'sandbox-ipmi', '--inventory', 'SANDBOX', '--param', 'password=file:typed', '--out', 'OUT', '--debug']
        'screen: the sandbox from its inventory'        | 0    | ['screen', '--target', 'sandbox', '--inventory', 'SANDBOX', '--debug']
        'discover: the sandbox, both servers'           | 0    | ['discover', '--inventory', 'SANDBOX', '--debug']
    }

    def "the sandbox printed no password, kept it in an owner-only file, and removes it when stopped"() {
        expect:
        PosixFilePermissions.toString(Files.getPosixFilePermissions(sandboxPasswordFile)) == 'rw-------'

        when:
        sandbox.process.destroy() // SIGTERM, as Ctrl-C or a service manager stops it
        boolean ended = sandbox.process.waitFor(20, TimeUnit.SECONDS)

        then:
        ended
        !Files.exists(sandboxPasswordFile)
        !Files.exists(sandboxInventory)
        SecretProbe.leaks(secrets, [sandbox: sandbox.text(), 'sandbox command lines': sandboxCmdlines.join('\n')]) == []
        sandbox.text().contains("(user admin, password in $sandboxPasswordFile)")
    }
}
