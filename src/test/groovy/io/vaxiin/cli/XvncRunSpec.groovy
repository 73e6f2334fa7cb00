package io.vaxiin.cli

import io.vaxiin.fixture.CliRun
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

import static io.vaxiin.connector.rfb.RfbRig.*

/**
 * `vaxiin run` and `vaxiin screen` against TigerVNC's Xvnc (a real VNC server nobody here wrote),
 * with an xterm in a TrueType font running a program that waits for a key: the recovery reads
 * the prompt, answers it, and the program receives the key. Once with security None, once with
 * a VNC password taken from the inventory.
 */
@Timeout(120)
class XvncRunSpec extends Specification {

    @Shared Path dir = Files.createTempDirectory('xvnc-run')
    @Shared List<Process> processes = []
    @Shared int openPort
    @Shared int authPort

    def setupSpec() {
        require('Xvnc'); require('xterm'); require('vncpasswd')
        openPort = startXvnc(['-SecurityTypes', 'None'])
        def passwd = dir.resolve('passwd').toFile()
        def vp = new ProcessBuilder('vncpasswd', '-f').redirectOutput(passwd).redirectError(ProcessBuilder.Redirect.DISCARD).start()
        vp.outputStream.withCloseable { it.write('kvm-pass\n'.bytes) }
        assert vp.waitFor() == 0
        authPort = startXvnc(['-SecurityTypes', 'VncAuth', '-PasswordFile', passwd.path])
    }

    def cleanupSpec() {
        processes.each { stop(it) }
        dir.toFile().deleteDir()
    }

    int startXvnc(List<String> security) {
        int display = freeDisplay()
        int port = freePort()
        def xvnc = start(['Xvnc', ":$display", '-geometry', '1024x768', '-depth', '24', '-rfbport', "$port",
                          '-interface', '127.0.0.1', '-nolisten', 'tcp', '-AlwaysShared'] + security, [:], dir.resolve("xvnc-${port}.log").toFile())
        processes << xvnc
        awaitPort(port, xvnc, 10_000, 'Xvnc')
        def ready = dir.resolve("ready-$port")
        def answer = dir.resolve("answer-$port")
        def program = "echo ready > '$ready'; echo 'Disk check found errors.'; printf 'Continue with the repair? [y/n] '; " +
                "IFS= read -r -n1 k; printf %s \"\$k\" > '$answer'; echo; echo \"answered: \$k\"; sleep 600"
        processes << start(['xterm', '-geometry', '100x30+0+0', '-bg', 'black', '-fg', 'gray90', '-fa', 'Monospace', '-fs', '14',
                            '-e', 'bash', '-c', program], [DISPLAY: ":$display".toString()])
        awaitFile(ready, 10_000, 'xterm')
        port
    }

    Path script() {
        def f = dir.resolve('repair.groovy')
        f.toFile().text = '''
            recovery 'answer the repair prompt', timeout: 60.seconds
            when screen =~ /answered: y/ then done 'the program got y'
            when screen =~ /repair\\? \\[y\\/n\\]/ then type 'y'
        '''.stripIndent()
        f
    }

    def "screen prints the text of an Xvnc xterm"() {
        when:
        def run = CliRun.of('screen', '--console', "vnc://127.0.0.1:$openPort")

        then:
        run.code == 0
        run.out.contains('Disk check found errors.')
        run.out.contains('Continue with the repair? [y/n]')
    }

    def "run answers the prompt of a program in an Xvnc xterm (security None), and the program gets the key"() {
        when:
        def run = CliRun.of('run', script().toString(), '--console', "vnc://127.0.0.1:$openPort", '--out', dir.resolve('out1').toString())

        then:
        run.code == 0
        run.out.contains("fired (1/5): type 'y'")
        run.out.contains('recovered: the program got y')
        dir.resolve("answer-$openPort").toFile().text == 'y'
    }

    def "run with the VNC password from the inventory (VNC authentication)"() {
        given:
        def pw = dir.resolve('kvm-password')
        pw.toFile().text = 'kvm-pass\n'
        java.nio.file.Files.setPosixFilePermissions(pw, java.nio.file.attribute.PosixFilePermissions.fromString('rw-------'))
        def inv = dir.resolve('inventory.yaml')
        inv.toFile().text = """
            credentials:
              kvm: { username: admin, password: file:$pw }
            servers:
              xterm-01:
                console: vnc://127.0.0.1:$authPort
                credentials: kvm
        """.stripIndent()

        when:
        def run = CliRun.of('run', script().toString(), '--inventory', inv.toString(), '--target', 'xterm-01',
                '--out', dir.resolve('out2').toString())

        then:
        run.code == 0
        run.out.contains('recovered: the program got y')
        dir.resolve("answer-$authPort").toFile().text == 'y'
        !run.out.contains('kvm-pass') && !dir.resolve('out2/run.log').toFile().text.contains('kvm-pass')
    }

    def "a wrong VNC password exits 3 with one line from the server"() {
        when:
        def run = CliRun.of('screen', '--console', "vnc://:wrong-pass@127.0.0.1:$authPort")

        then: 'the password on the command line gets its warning, then the one line of the failure'
        run.code == 3
        run.err.readLines().size() == 2
        run.err.readLines()[0].startsWith('vaxiin: warning: the password in --console is on the command line')
        run.err.readLines()[1].startsWith("vaxiin: VNC at 127.0.0.1:$authPort refused the password")
        !run.err.contains('wrong-pass')
    }
}
