package io.vaxiin.connector.web

import io.vaxiin.fixture.CliRun
import io.vaxiin.repl.FsckImages
import spock.lang.Stepwise
import spock.lang.Timeout

import java.nio.file.Files

/**
 * The web-viewer console end to end, against real peers: a real e2fsck asking in an xterm on
 * TigerVNC's Xvnc ({@link FsckXterm}), bridged by Debian's websockify to noVNC 1.7.0 in a page
 * behind a login of the test's own ({@link WebViewerRig}), opened by Debian's chromium through
 * chromedriver. The screen features come first (they see the first question); the run then
 * answers every question through the viewer and the file system is repaired.
 */
@Stepwise
@Timeout(180)
class WebViewerSpec extends WebViewerRigSpec {


    static String words(String text) {
        text.replaceAll(/ {2,}/, ' ')
    }

    def "vaxiin screen with the openbmc profile logs in, finds noVNC's canvas and prints the console's text, then logs out"() {
        when:
        def screen = CliRun.of('screen', '--console', rig.uri(dir.resolve('pw')), '--viewer', 'openbmc')

        then:
        screen.code == 0
        words(screen.out).contains(words(FsckImages.A.firstQuestion()))

        and: 'one login, logged out again, and no browser left'
        rig.logins.get() == 1
        rig.openSessions() == 0
        WebViewerRig.chromiumProcesses() == chromiumBefore

        and: 'the password is nowhere in what was printed'
        !screen.out.contains(rig.password) && !screen.err.contains(rig.password)
    }

    def "a profile the user wrote, given as a file, works as well as a shipped one"() {
        given: 'the same UI driven by other selectors and steps: through the overview page and its KVM link'
        def mine = dir.resolve('my-bmc.yaml')
        Files.writeString(mine, '''\
            name: my-bmc
            firmware: ["the rig of WebViewerSpec"]
            source: "written by the test"
            timeout: 15s
            loginError: ".login-error"
            steps:
              - open: /
              - wait: { element: "form#login-form" }
              - fill: "input[name=username]"
                value: "${user}"
              - fill: "input[type=password]"
                value: "${password}"
              - click: "[data-test-id=login-button-submit]"
              - click: "#kvm-link"
                timeout: 10s
              - canvas: "div#terminal-kvm > div > canvas"
            logout:
              - open: /#/
              - click: "#logout"
            '''.stripIndent())

        when:
        def check = CliRun.of('check', mine.toString())
        def screen = CliRun.of('screen', '--console', rig.uri(dir.resolve('pw')), '--viewer', mine.toString())

        then:
        check.code == 0
        screen.code == 0
        words(screen.out).contains(words(FsckImages.A.firstQuestion()))
        rig.openSessions() == 0
    }

    def "vaxiin run dsl-examples/fsck.groovy through the openbmc viewer answers every e2fsck question and the file system is repaired"() {
        when:
        def run = CliRun.of('run', 'dsl-examples/fsck.groovy', '--console', rig.uri(dir.resolve('pw')), '--viewer', 'openbmc',
                '--out', dir.resolve('run').toString())

        then:
        run.code == 0
        run.out.contains('recovered: reached the login prompt')
        run.out.readLines().count { it.contains('fired (') && it.contains("type 'y'") } == FsckImages.A.questions.size()

        and: 'e2fsck took each y, exited with errors corrected, and e2fsck -fn finds the file system clean'
        def shown = fsck.transcript()
        FsckImages.A.questions.every { shown.contains(it + ' yes\n') }
        fsck.e2fsckExit() == 1
        fsck.repaired()

        and: 'the run logged the password step as a secret, logged out, and left no browser'
        run.out.contains('fill #password (secret)')
        !run.out.contains(rig.password)
        !Files.readString(dir.resolve('run/run.log')).contains(rig.password)
        rig.openSessions() == 0
        WebViewerRig.chromiumProcesses() == chromiumBefore
    }
}
