package io.vaxiin.connector.web

import io.vaxiin.connector.KeyCombo
import io.vaxiin.connector.rfb.RfbRig
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

/**
 * The web-viewer console as a {@link io.vaxiin.connector.Console}, against real peers: bash in an
 * xterm on TigerVNC's Xvnc, behind websockify, noVNC 1.7.0 and the rig's login page, in Debian's
 * chromium. What the xterm shows is logged by xterm itself, so keys are checked by what reached
 * the program, not by reading the screen.
 */
@Stepwise
@Timeout(120)
class WebConsoleSpec extends Specification {

    @Shared Path dir = Files.createTempDirectory('web-console')
    @Shared Process xvnc, xterm
    @Shared int vncPort
    @Shared WebViewerRig rig
    @Shared WebConsole console
    @Shared List<String> log = Collections.synchronizedList([])

    @Shared int chromiumBefore

    def setupSpec() {
        chromiumBefore = WebViewerRig.chromiumProcesses()
        RfbRig.require('Xvnc'); RfbRig.require('xterm')
        int display = RfbRig.freeDisplay()
        vncPort = RfbRig.freePort()
        xvnc = RfbRig.start(['Xvnc', ":$display", '-geometry', '1024x768', '-depth', '24', '-rfbport', "$vncPort", '-interface', '127.0.0.1',
                             '-nolisten', 'tcp', '-AlwaysShared', '-SecurityTypes', 'None'], [:], dir.resolve('xvnc.log').toFile())
        RfbRig.awaitPort(vncPort, xvnc, 10_000, 'Xvnc')
        xterm = RfbRig.start(['xterm', '-l', '-lf', dir.resolve('xterm.log').toString(), '-geometry', '100x30+0+0', '-bg', 'black', '-fg', 'gray90',
                              '-fa', 'Monospace', '-fs', '14', '-e', 'bash', '--norc', '--noprofile'],
                [DISPLAY: ":$display".toString(), PS1: 'rig$ ', HISTFILE: '/dev/null'], dir.resolve('xterm-out.log').toFile())
        awaitTranscript(~/rig\$ $/)
        rig = new WebViewerRig(vncPort, dir)
        console = WebConsole.connect(WebConfig.fromUri("web+http://admin@127.0.0.1:$rig.httpPort").password(rig.password.toCharArray())
                .profile(ViewerProfiles.resolve('openbmc', Path.of('lib/viewers'))).evidence(dir).log { log << it }.build())
    }

    def cleanupSpec() {
        console?.close()
        rig?.close()
        RfbRig.stop(xterm)
        RfbRig.stop(xvnc, vncPort)
        dir.toFile().deleteDir()
    }

    String transcript() {
        def f = dir.resolve('xterm.log')
        // bash's bracketed-paste switches are not what a key typed
        Files.exists(f) ? Files.readString(f).replace('\r', '').replaceAll(/\u001b\[\?2004[hl]/, '') : ''
    }

    String awaitTranscript(java.util.regex.Pattern p, Duration timeout = Duration.ofSeconds(15)) {
        long deadline = System.nanoTime() + timeout.toNanos()
        while (!(transcript() =~ p).find()) {
            assert System.nanoTime() < deadline: "the xterm did not show /$p/; it showed:\n${transcript()}"
            Thread.sleep(50)
        }
        transcript()
    }

    def "frames are the canvas's pixels alone, at the console's size, and the canvas's drawing is hooked"() {
        when:
        def f = console.frame(Duration.ofSeconds(10))

        then: "Xvnc's 1024x768, not the browser's 1280x1024 window with the page around the canvas"
        f.width() == 1024 && f.height() == 768
        console.hooked()
        RfbRig.nonBackground(f.image) > 100
    }

    def "an idle console is not polled: nothing is read while nothing is drawn, and the version stays"() {
        given:
        def before = console.frame(Duration.ofSeconds(5))
        Thread.sleep(1500) // let the last drawing after connecting settle
        long captures = console.captures()
        long version = console.frame(Duration.ofSeconds(1)).version()

        when:
        def same = console.awaitChange(version, Duration.ofSeconds(3))

        then:
        same.version() == version
        console.captures() == captures
        before.version() <= version
    }

    def "typed text reaches bash, and the change it draws is noticed as a new version"() {
        given:
        long version = console.frame(Duration.ofSeconds(1)).version()

        when:
        console.type('echo hi-$((6*7)) "A~|"\n')

        then:
        awaitTranscript(~/(?m)^hi-42 A~\|$/)
        console.awaitChange(version, Duration.ofSeconds(5)).version() > version
    }

    def "F-keys, arrows, Esc and a ctrl combination arrive as the keys they are"() {
        when: 'cat -v shows the bytes the terminal made of each key; ctrl-c ends it'
        console.type('cat -v\n')
        awaitTranscript(~/cat -v\n/)
        ['F5', 'Up', 'Esc', 'shift-a', 'Enter'].each { console.press(KeyCombo.parse(it)) }
        awaitTranscript(~/\^\[\[15~\^\[(\[|O)A\^\[A\n/)
        console.press(KeyCombo.parse('ctrl-c'))
        console.type('echo rc-$?\n')

        then:
        awaitTranscript(~/(?m)^rc-130$/)
    }

    def "when the viewer drops, the profile is run again once and the console goes on"() {
        given:
        int logins = rig.logins.get()

        when: 'websockify goes and comes back: noVNC loses its connection and takes its canvas away'
        rig.restartWebsockify()
        long deadline = System.nanoTime() + 30_000_000_000L
        while (!log.any { it.contains('the viewer is open again') } && System.nanoTime() < deadline) Thread.sleep(100)

        then:
        assert log.any { it.contains("the viewer's canvas left the page; opening the viewer again (1/3)") }: log.join('\n')
        log.any { it.contains('the viewer is open again') }
        rig.logins.get() == logins + 1
        rig.openSessions() == 1

        when: 'keys still reach bash'
        console.type('echo again-$((2+3))\n')

        then:
        awaitTranscript(~/(?m)^again-5$/)
    }

    def "closing logs out and ends the browser"() {
        when:
        console.close()

        then:
        rig.openSessions() == 0
        WebViewerRig.chromiumProcesses() == chromiumBefore
    }
}
