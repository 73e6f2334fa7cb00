package io.vaxiin.connector.web

import io.vaxiin.fixture.CliRun
import io.vaxiin.repl.FsckImages
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * How the web-viewer console fails, against the same real peers as {@link WebViewerSpec}: a step
 * whose element never comes, a console someone else holds, a wrong password, and a SIGTERM in
 * the middle of a recovery. Each ends in one line and the right exit code, leaves no chromium
 * behind, and leaves no web session open on the BMC.
 */
@Timeout(180)
class WebViewerFailureSpec extends WebViewerRigSpec {

    @Override
    FsckImages image() { FsckImages.B }

    def setup() {
        rig.inUse = false
    }

    /** The openbmc profile with its steps up to the canvas replaced by {@code steps} (YAML list items), written as NAME.yaml. */
    Path profile(String name, String steps, String extra = '') {
        def f = dir.resolve("${name}.yaml")
        Files.writeString(f, """\
            name: $name
            firmware: ["the rig of WebViewerFailureSpec"]
            source: "written by the test"
            timeout: 10s
            loginError: ".alert-danger"
            $extra
            steps:
              - open: /#/login
              - fill: "#username"
                value: "\${user}"
              - fill: "#password"
                value: "\${password}"
              - click: "button[type=submit]"
              - wait: { element: "#app-header" }
              ${steps.stripIndent().readLines().join('\n              ')}
            logout:
              - open: /#/
              - click: "[data-test-id=appHeader-link-logout]"
              - wait: { element: "#username" }
            """.stripIndent())
        f
    }

    static int lineOf(Path file, String text) {
        Files.readAllLines(file).findIndexOf { it.contains(text) } + 1
    }

    def "a step whose element never appears fails within its timeout naming the step, the page's URL and title, with a screenshot in the run folder"() {
        given:
        def p = profile('never', '''\
            - open: /#/console/kvm
            - wait: { element: "#no-such-thing" }
              timeout: 3s
            - canvas: "#terminal-kvm canvas"''')
        int line = lineOf(p, '#no-such-thing')
        def out = dir.resolve('run-never')

        when:
        long start = System.nanoTime()
        def run = CliRun.of('run', 'dsl-examples/fsck.groovy', '--console', rig.uri(dir.resolve('pw')), '--viewer', p.toString(), '--out', out.toString())
        long seconds = (System.nanoTime() - start).intdiv(1_000_000_000L)

        then: 'exit 3 (the console could not be reached), in one line'
        run.code == 3
        def failure = run.err.readLines().find { it.contains('#no-such-thing') }
        failure != null
        failure.contains("step 'wait for element #no-such-thing' (never.yaml:$line) did not pass in 3 s")
        failure.contains("the page was http://127.0.0.1:${rig.httpPort}/#/console/kvm (\"KVM - OpenBMC\")")
        run.err.readLines().count { it.startsWith('vaxiin: ') } == 1

        and: 'within its timeout, plus the browser and the login'
        seconds < 20

        and: 'a screenshot of the page is in the run folder'
        def shot = out.resolve("web-viewer-never-line${line}.png")
        failure.contains("screenshot: $shot")
        Files.isRegularFile(shot)
        javax.imageio.ImageIO.read(shot.toFile()).width > 0

        and: 'the login it made was logged out, and no browser is left'
        rig.openSessions() == 0
        WebViewerRig.chromiumProcesses() == chromiumBefore
    }

    def "a console in use is acquired only when the profile says acquire: true"() {
        given:
        rig.inUse = true
        def steps = '''\
            - open: /#/console/kvm
            - acquire-if: "#console-in-use"
              click: "button:has-text('acquire')"
              timeout: 5s
            - canvas: "#terminal-kvm canvas"'''
        def polite = profile('polite', steps)
        def taking = profile('taking', steps, 'acquire: true')
        int acquiredBefore = rig.acquired.get()

        when: 'the profile does not say acquire'
        def refused = CliRun.of('screen', '--console', rig.uri(dir.resolve('pw')), '--viewer', polite.toString())

        then: 'a clear failure, nothing taken over'
        refused.code == 3
        refused.err.contains('found the console in use by another session (the page says: The console is in use by operator from 10.0.0.9.')
        refused.err.contains('polite.yaml does not say acquire: true, so it is not taken over')
        rig.acquired.get() == acquiredBefore
        rig.openSessions() == 0

        when: 'it does'
        def took = CliRun.of('screen', '--console', rig.uri(dir.resolve('pw')), '--viewer', taking.toString())

        then: 'the console is taken over and read'
        took.code == 0
        rig.acquired.get() == acquiredBefore + 1
        took.out.replaceAll(/ {2,}/, ' ').contains(FsckImages.B.firstQuestion().replaceAll(/ {2,}/, ' '))
        rig.openSessions() == 0
        WebViewerRig.chromiumProcesses() == chromiumBefore
    }

    def "a wrong password is one clear line and exit 3, and the password is not shown"() {
        given:
        int refusedBefore = rig.refused.get()

        when:
        def screen = CliRun.of('screen', '--console', rig.uri(dir.resolve('wrong-pw'), 'not-the-password'), '--viewer', 'openbmc')

        then:
        screen.code == 3
        screen.err.readLines().size() == 1
        screen.err.contains("the BMC refused the user name or password of 'admin' (the page says: Invalid username or password)")
        !screen.err.contains('not-the-password')
        rig.refused.get() == refusedBefore + 1
        rig.openSessions() == 0
        WebViewerRig.chromiumProcesses() == chromiumBefore
    }

    def "a recovery stopped by SIGTERM while it watches the viewer logs out of the BMC and leaves no browser"() {
        given: 'a recovery that waits for something that never comes, in a vaxiin process of its own'
        def script = dir.resolve('waits.groovy')
        Files.writeString(script, "recovery 'waits', timeout: 2.minutes\nwaitFor(timeout: 2.minutes) { screen =~ /never shown/ }\n")
        def output = dir.resolve('sigterm.txt')
        def command = [Path.of(System.getProperty('java.home'), 'bin', 'java').toString(), '-cp', System.getProperty('java.class.path'),
                       "-Dvaxiin.home=${System.getProperty('user.dir')}".toString(), 'io.vaxiin.cli.Cli',
                       'run', script.toString(), '--console', rig.uri(dir.resolve('pw')), '--viewer', 'openbmc', '--out', dir.resolve('run-sigterm').toString()]
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start()
        long deadline = System.nanoTime() + 60_000_000_000L
        while (!Files.readString(output).contains('wait up to 2 minutes')) {
            assert p.alive && System.nanoTime() < deadline: Files.readString(output)
            Thread.sleep(100)
        }
        assert rig.openSessions() == 1

        when:
        p.destroy()
        p.waitFor(30, TimeUnit.SECONDS)

        then:
        !p.alive
        rig.openSessions() == 0
        WebViewerRig.chromiumProcesses() == chromiumBefore

        cleanup:
        p?.destroyForcibly()
    }
}
