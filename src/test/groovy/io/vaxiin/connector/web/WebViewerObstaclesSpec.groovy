package io.vaxiin.connector.web

import io.vaxiin.fixture.CliRun
import io.vaxiin.repl.FsckImages
import spock.lang.Timeout
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.Path

/**
 * The obstacles vendors' web UIs put between a login and the console, met with the profile
 * vocabulary alone, against the rig's real noVNC: the console in a second window, inside a frame,
 * and behind a recording-consent dialog that is dismissed when it appears (and skipped when not).
 */
@Timeout(180)
class WebViewerObstaclesSpec extends WebViewerRigSpec {


    Path profile(String name, List<String> steps) {
        def f = dir.resolve("${name}.yaml")
        Files.writeString(f, ([
                "name: $name", 'firmware: ["the rig of WebViewerObstaclesSpec"]', 'source: "written by the test"', 'timeout: 10s',
                'loginError: ".alert-danger"', 'steps:',
                '  - open: /#/login', '  - fill: "#username"', '    value: "${user}"', '  - fill: "#password"', '    value: "${password}"',
                '  - click: "button[type=submit]"', '  - wait: { element: "#app-header" }'] + steps.collect { '  ' + it } + [
                'logout:', '  - open: /#/', '  - click: "[data-test-id=appHeader-link-logout]"', '  - wait: { element: "#username" }']).join('\n') + '\n')
        f
    }

    @Unroll("#obstacle")
    def "the console is reached past #obstacle, read, and logged out of"() {
        given:
        rig.consent = consent
        def p = profile(name, steps)

        when:
        def screen = CliRun.of('screen', '--console', rig.uri(dir.resolve('pw')), '--viewer', p.toString())

        then:
        screen.code == 0
        screen.out.replaceAll(/ {2,}/, ' ').contains(FsckImages.A.firstQuestion().replaceAll(/ {2,}/, ' '))
        rig.openSessions() == 0
        WebViewerRig.chromiumProcesses() == chromiumBefore

        cleanup:
        rig.consent = false

        where:
        obstacle                                     | name      | consent | steps
        'a second window'                            | 'window'  | false   | ['- click: "#kvm-window"', '- switch: { window: new }', '- canvas: "#terminal-kvm canvas"']
        'a frame'                                    | 'frame'   | false   | ['- click: "#kvm-frame-link"', '- switch: { frame: "iframe#kvm-frame" }', '- canvas: "#terminal-kvm canvas"']
        'a recording-consent dialog'                 | 'consent' | true    | ['- open: /#/console/kvm', '- dismiss: "#consent"', '  click: "#consent-ok"', '  timeout: 5s', '- canvas: "#terminal-kvm canvas"']
        'no consent dialog where the profile has one'| 'nodialog'| false   | ['- open: /#/console/kvm', '- dismiss: "#consent"', '  click: "#consent-ok"', '  timeout: 5s', '- canvas: "#terminal-kvm canvas"']
    }

    def "the REPL connects to a web viewer with :connect URI viewer=PROFILE, reads its screen, and logs out when it ends"() {
        when:
        def run = io.vaxiin.repl.ReplPipeSpec.repl(":connect ${rig.uri(dir.resolve('pw'))} viewer=openbmc\n:screen\n".toString(),
                '--scenario', 'healthy', '--out', dir.resolve('repl').toString())

        then:
        run.code == 0
        run.all.contains('connected: ')
        run.all.replaceAll(/ {2,}/, ' ').contains(FsckImages.A.firstQuestion().replaceAll(/ {2,}/, ' '))
        rig.openSessions() == 0
        WebViewerRig.chromiumProcesses() == chromiumBefore
    }
}
