package io.vaxiin.cli

import io.vaxiin.fixture.EchoingConsole
import io.vaxiin.fixture.SecretProbe
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.Path

import static io.vaxiin.connector.rfb.RfbRig.freePort

/**
 * A known secret (the VNC password of a real Xvnc, a secret parameter, the inventory's
 * credentials) goes through every command, in successes and in each kind of failure, with and
 * without --debug, and is found in no output, no file the run writes and no process command line.
 * Vaxiin runs as its own process here, as a user runs it, so the real stdout and stderr are read.
 */
@Timeout(300)
class SecretSpec extends Specification {

    static final String SECRET = 'Zq7-hunter2-vnc'
    static final String OTHER = 'Wrong-pa55-guess'
    @Shared Path dir = Files.createTempDirectory('vaxiin-secret')
    @Shared EchoingConsole console
    @Shared int port
    @Shared Path inventory
    @Shared io.vaxiin.connector.redfish.MockupServer redfish
    @Shared io.vaxiin.connector.screenshot.ScreenshotBmc shots
    /** Every password the BMCs of this spec know; none may show anywhere. */
    @Shared List<String> secrets

    def setupSpec() {
        console = new EchoingConsole(dir, SECRET)
        port = console.port
        inventory = dir.resolve('inventory.yaml')
        inventory.toFile().text = """\
            credentials:
              lab: { username: admin, password: env:VAXIIN_SECRET }
            servers:
              kvm-01:
                console: vnc://127.0.0.1:$port
                credentials: lab
            """.stripIndent()
        dir.resolve('types.groovy').toFile().text = """\
            recovery 'types a secret', timeout: 40.seconds
            log "about to type \${params.password}"
            waitFor(/Password:/)
            type params.password + '\\n'
            waitFor(/echo: /)
            screenshot 'after'
            done "typed \${params.password}"
            """.stripIndent()
        dir.resolve('fails.groovy').toFile().text = """\
            recovery 'fails', timeout: 40.seconds
            waitFor(/Password:/)
            type "\${params.password}\\n"
            waitFor(/echo: /)
            fail "could not use \${params.password}"
            """.stripIndent()
        dir.resolve('broken.groovy').toFile().text = "typo 'x'\n"
        redfish = new io.vaxiin.connector.redfish.MockupServer('dell-idrac9')
        shots = new io.vaxiin.connector.screenshot.ScreenshotBmc('dell-export', 'vga/seabios-no-boot')
        for (f in [['redfish-pw', io.vaxiin.connector.redfish.MockupServer.PASSWORD], ['shot-pw', io.vaxiin.connector.screenshot.ScreenshotBmc.PASSWORD],
                   ['wrong-pw', OTHER]]) {
            Files.writeString(dir.resolve(f[0]), f[1])
            Files.setPosixFilePermissions(dir.resolve(f[0]), java.nio.file.attribute.PosixFilePermissions.fromString('rw-------'))
        }
        dir.resolve('bmcs.yaml').toFile().text = """\
            credentials:
              idrac: { username: root, password: file:${dir.resolve('redfish-pw')} }
              wrong: { username: root, password: file:${dir.resolve('wrong-pw')} }
              shots: { username: root, password: file:${dir.resolve('shot-pw')} }
            servers:
              r640: { power: redfish+http://127.0.0.1:${redfish.port}, credentials: idrac }
              r640-wrong: { power: redfish+http://127.0.0.1:${redfish.port}, credentials: wrong }
              shot: { console: '${shots.uri('root', null, '&wait=50ms').replaceFirst('//[^@/]*@', '//')}', credentials: shots }
            """.stripIndent()
        dir.resolve('keys.groovy').toFile().text = "recovery 'keys', timeout: 20.seconds\nlog \"typing \${params.password}\"\ntype params.password\ndone 'typed'\n"
        dir.resolve('cycle.groovy').toFile().text = "recovery 'cycles', timeout: 40.seconds\npower 'cycle'\ndone 'cycled'\n"
        secrets = [SECRET, SECRET.take(8), OTHER, io.vaxiin.connector.redfish.MockupServer.PASSWORD, io.vaxiin.connector.screenshot.ScreenshotBmc.PASSWORD]
    }

    def cleanupSpec() {
        redfish?.close()
        shots?.close()
        console?.close()
        dir.toFile().deleteDir()
    }

    /** Runs Vaxiin as a process with the secrets in its environment, sampling its command line while it runs. */
    SecretProbe.Ran vaxiin(List<String> args) {
        SecretProbe.run(dir, args, [VAXIIN_SECRET: SECRET.take(8) + SECRET.drop(8), VAXIIN_WRONG: OTHER])
    }

    @Unroll("no secret leaks: #what")
    def "no secret appears in any output, file or command line, whatever the outcome"() {
        given:
        Path runDir = dir.resolve("run-${what.replaceAll(/\W+/, '-')}")
        List<String> command = args.collect { it.replace('PORT', "$port").replace('OUT', runDir.toString()) }

        when:
        def r = vaxiin(command)

        then: 'the command ended as it should, with one line saying why when it failed'
        r.code == code
        code == 0 || (r.err + r.out).readLines().any { it.startsWith('vaxiin: ') || it ==~ /[\w.-]+\.groovy:\d+:\d+: .+/ }

        and: 'the secrets are nowhere'
        SecretProbe.leaks(secrets, [stdout: r.out, stderr: r.err, 'command lines': r.cmdlines.join('\n')], [runDir]) == []

        and: 'a typed secret is logged as ****'
        !what.startsWith('run: types') || r.out.readLines().any { it.endsWith('  type ****') }

        where:
        what                                     | code | args
        'run: types the secret and succeeds'     | 0    | ['run', 'types.groovy', '--target', 'kvm-01', '--inventory', 'inventory.yaml', '--param', 'password=env:VAXIIN_SECRET', '--out', 'OUT']
        'run: types the secret, --debug'         | 0    | ['run', 'types.groovy', '--target', 'kvm-01', '--inventory', 'inventory.yaml', '--param', 'password=env:VAXIIN_SECRET', '--out', 'OUT', '--debug']
        'run: the script fails, --debug'         | 1    | ['run', 'fails.groovy', '--console', 'vnc://:env:VAXIIN_SECRET@127.0.0.1:PORT', '--param', 'password=env:VAXIIN_SECRET', '--out', 'OUT', '--debug']
        'run: the script does not compile'       | 2    | ['run', 'broken.groovy', '--console', 'vnc://:env:VAXIIN_SECRET@127.0.0.1:PORT', '--param', 'password=env:VAXIIN_SECRET', '--out', 'OUT', '--debug']
        'run: the wrong VNC password'            | 3    | ['run', 'types.groovy', '--console', 'vnc://:env:VAXIIN_WRONG@127.0.0.1:PORT', '--param', 'password=env:VAXIIN_SECRET', '--out', 'OUT', '--debug']
        'run: nothing listens there'             | 3    | ['run', 'types.groovy', '--console', "vnc://:env:VAXIIN_SECRET@127.0.0.1:${freePort()}", '--param', 'password=env:VAXIIN_SECRET', '--out', 'OUT', '--debug']
        'run: a bad URI'                         | 2    | ['run', 'types.groovy', '--console', 'vnc://:env:VAXIIN_SECRET@127.0.0.1:notaport', '--out', 'OUT', '--debug']
        'run: the variable is not set'           | 2    | ['run', 'types.groovy', '--console', 'vnc://:env:VAXIIN_UNSET@127.0.0.1:PORT', '--out', 'OUT']
        'run: a missing parameter variable'      | 2    | ['run', 'types.groovy', '--target', 'kvm-01', '--inventory', 'inventory.yaml', '--param', 'password=env:VAXIIN_UNSET', '--out', 'OUT']
        'screen: reads the echoed secret'        | 0    | ['screen', '--console', 'vnc://:env:VAXIIN_SECRET@127.0.0.1:PORT', '--debug']
        'screen: the wrong password'             | 3    | ['screen', '--console', 'vnc://:env:VAXIIN_WRONG@127.0.0.1:PORT', '--debug']
        'screen: from the inventory, as JSON'    | 0    | ['screen', '--target', 'kvm-01', '--inventory', 'inventory.yaml', '--json']
        'screenshot: from the inventory'         | 0    | ['screenshot', '--target', 'kvm-01', '--inventory', 'inventory.yaml', '-o', 'OUT/shot.png']
        'check: a script'                        | 2    | ['check', 'broken.groovy', '--debug']
        'discover: Redfish, from the inventory'  | 0    | ['discover', '--target', 'r640', '--inventory', 'bmcs.yaml', '--debug']
        'discover: the whole inventory, --json'  | 3    | ['discover', '--inventory', 'bmcs.yaml', '--json', '--debug']
        'discover: the wrong Redfish password'   | 3    | ['discover', '--target', 'r640-wrong', '--inventory', 'bmcs.yaml', '--debug']
        'run: a Redfish power cycle, --debug'    | 0    | ['run', 'cycle.groovy', '--target', 'r640', '--inventory', 'bmcs.yaml', '--out', 'OUT', '--debug']
        'run: the wrong Redfish password'        | 3    | ['run', 'cycle.groovy', '--target', 'r640-wrong', '--inventory', 'bmcs.yaml', '--out', 'OUT', '--debug']
        'screen: a screenshot API console'       | 0    | ['screen', '--target', 'shot', '--inventory', 'bmcs.yaml', '--debug']
        'run: a screenshot console refuses keys' | 1    | ['run', 'keys.groovy', '--target', 'shot', '--inventory', 'bmcs.yaml', '--param', 'password=env:VAXIIN_SECRET', '--out', 'OUT', '--debug']
    }

    def "a password written into a URI works, with a warning saying how not to, and is masked"() {
        when:
        def r = vaxiin(['screen', '--console', "vnc://:${SECRET.take(8)}@127.0.0.1:$port".toString()])

        then:
        r.code == 0
        r.err.contains('vaxiin: warning: the password in --console is on the command line, where every user of this machine can read it (ps); write it as vnc://:env:NAME@… or :file:PATH@…')
        !r.out.contains(SECRET.take(8)) && !r.err.contains(SECRET.take(8))
    }
}
