package io.vaxiin.connector.web

import io.vaxiin.connector.Key
import io.vaxiin.fixture.CliRun
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

/** Viewer profiles read and checked without a browser: the shipped ones, and each way a user's file can be wrong. */
class ViewerProfilesSpec extends Specification {

    @Shared Path dir = Files.createTempDirectory('viewer-profiles')
    static final Path SHIPPED = Path.of('lib/viewers')

    def cleanupSpec() {
        dir.toFile().deleteDir()
    }

    static final String GOOD = '''\
        name: mine
        firmware: ["1.0"]
        source: "the vendor's guide"
        timeout: 12s
        steps:
          - open: /login
          - fill: "#user"
            value: "${user}"
          - fill: "#pw"
            value: "${password}"
          - click: "button[type=submit]"
          - canvas: "#kvm canvas"
            timeout: 40s
        logout:
          - open: /logout
        '''.stripIndent()

    Path write(String text, String name = 'mine') {
        def f = dir.resolve("${name}.yaml")
        Files.writeString(f, text.stripIndent())
        f
    }

    def "every BMC family of the issue has a profile, and each names its firmware and source and ends at a canvas"() {
        expect:
        ViewerProfiles.shipped(SHIPPED) == ['idrac9', 'ilo4', 'ilo5', 'imm2', 'openbmc', 'supermicro-x10', 'xcc']
        ViewerProfiles.shipped(SHIPPED).every { name ->
            def p = ViewerProfiles.resolve(name, SHIPPED)
            p.name() == name && !p.firmware().isEmpty() && p.source().length() > 10 && p.canvas().word() == ViewerProfile.Word.CANVAS
                    && !p.logout().isEmpty()
        }
    }

    def "the profiles that can meet a console in use say acquire: false, so no one else's session is taken by default"() {
        expect:
        ['ilo4', 'ilo5', 'xcc'].every { n ->
            def p = ViewerProfiles.resolve(n, SHIPPED)
            !p.acquire() && p.steps().any { it.word() == ViewerProfile.Word.ACQUIRE_IF }
        }
    }

    def "a good file reads into steps with their lines, timeouts and a secret fill"() {
        when:
        def p = ViewerProfiles.read(write(GOOD))

        then:
        p.steps()*.word() == [ViewerProfile.Word.OPEN, ViewerProfile.Word.FILL, ViewerProfile.Word.FILL, ViewerProfile.Word.CLICK, ViewerProfile.Word.CANVAS]
        p.steps()*.line() == [6, 7, 9, 11, 12]
        p.steps()[0].timeout() == Duration.ofSeconds(12)
        p.canvas().timeout() == Duration.ofSeconds(40)
        p.steps()[2].describe() == 'fill #pw (secret)'
        p.steps()[1].describe() == 'fill #user with the user name'
        p.steps()[3].where() == 'mine.yaml:11'
        p.logout()*.selector() == ['/logout']
    }

    @Unroll("#scenario")
    def "a wrong profile is one line naming the file, the line and what is wrong"() {
        given:
        def f = write(GOOD.replace(from, to))

        when:
        ViewerProfiles.read(f)

        then:
        def e = thrown(ViewerProfileException)
        e.message == "$f:$line: $message"
        e.message.readLines().size() == 1

        where:
        scenario                        | from                       | to                                  || line | message
        'an unknown step word'          | '- click:'                 | '- klick:'                          || 11   | "unknown step 'klick' (steps: open, fill, click, wait, switch, acquire-if, dismiss, canvas)"
        'a fill without its value'      | '    value: "${password}"' | ''                                  || 9    | 'fill needs value: ("${user}", "${password}" or text)'
        'an unknown placeholder'        | '${user}'                  | '${username}'                       || 8    | 'fill value: unknown placeholder ${username} (known: ${user}, ${password})'
        'a selector that does not close'| '"button[type=submit]"'    | '"button[type=submit"'              || 11   | "click: the selector 'button[type=submit' has a '[' that does not close"
        'a selector ending in >'        | '"#kvm canvas"'            | '"#kvm >"'                          || 12   | "canvas: the selector '#kvm >' ends with '>' and nothing after it"
        'a :has-text() of nothing'      | '"button[type=submit]"'    | '"button:has-text(\'\')"'          || 11   | "click: the selector 'button:has-text('')' has a :has-text() with no text"
        'a :has-text() that is bad CSS' | '"button[type=submit]"'    | '"button[:has-text(\'OK\')"'       || 11   | "click: the selector 'button[:has-text('OK')' has a '[' that does not close"
        'an XPath for a selector'       | '"#user"'                  | '"//input[@id=\'user\']"'           || 7    | "fill: the selector '//input[@id='user']' is an XPath; profiles use CSS selectors"
        'a bad duration'                | 'timeout: 12s'             | 'timeout: soon'                     || 4    | "timeout: 'soon' is not a duration (write 20s, 500ms or 2m)"
        'an unknown top-level key'      | 'timeout: 12s'             | 'tiemout: 12s'                      || 4    | 'unknown key \'tiemout\' in the profile (known: acquire, firmware, loginError, logout, name, source, steps, timeout, title)'
        'no firmware'                   | 'firmware: ["1.0"]\n'      | ''                                  || 1    | "the profile needs 'firmware:'"
        'a step key of another word'    | '    timeout: 40s'         | '    value: x'                      || 13   | "unknown key 'value' in a canvas step (it takes: timeout)"
        'two steps in one item'         | '    timeout: 40s'         | '    click: "#x"'                   || 13   | "one step per list item: start another with '- click:'"
        'no canvas at the end'          | '  - canvas: "#kvm canvas"\n    timeout: 40s' | '  - click: "#kvm"' || 12 | 'the last step must be canvas: (the selector of the console\'s canvas)'
        'a wait of nothing known'       | '- click: "button[type=submit]"' | '- wait: { door: "#x" }'      || 11   | "unknown key 'door' in wait (known: element, frame, window)"
        'switch to a window not new'    | '- click: "button[type=submit]"' | '- switch: { window: old }'   || 11   | "switch window is 'new' (the window the page opened last), not 'old'"
        'acquire without acquire-if'    | 'timeout: 12s'             | 'timeout: 12s\nacquire: true'       || 5    | 'acquire: true, but no acquire-if step says what to click'
        'a YAML tag'                    | '"the vendor\'s guide"'    | '!!java.net.URL "x"'                || 3    | 'not valid YAML: Global tag is not allowed: tag:yaml.org,2002:java.net.URL'
        'a name not the file\'s'        | 'name: mine'               | 'name: yours'                       || 1    | "name is 'yours', but the file is mine.yaml: make them the same"
    }

    def "a selector may end in :has-text(...), for the buttons a page names only by their words"() {
        expect:
        ViewerProfiles.Selector.of(selector) == new ViewerProfiles.Selector(css, text)
        ViewerProfiles.selectorProblem(selector) == null

        where:
        selector                              || css             | text
        "button:has-text('Acquire')"          || 'button'        | 'Acquire'
        'div.modal button:has-text("Close")'  || 'div.modal button' | 'Close'
        ":has-text('iKVM/HTML5')"             || '*'             | 'iKVM/HTML5'
        '#acquire'                            || '#acquire'      | null
    }

    def "a shipped name or a file of one's own; a name that is neither lists the shipped ones"() {
        when:
        ViewerProfiles.resolve('ilo7', SHIPPED)

        then:
        def e = thrown(ViewerProfileException)
        e.message == "no viewer profile named 'ilo7' (shipped: idrac9, ilo4, ilo5, imm2, openbmc, supermicro-x10, xcc; or give the path of a profile file of your own)"

        expect:
        ViewerProfiles.resolve(write(GOOD).toString(), SHIPPED).name() == 'mine'
    }

    def "vaxiin check validates the shipped profiles and a user's file, and prints a wrong one's line"() {
        given:
        def bad = write(GOOD.replace('- click:', '- klick:'), 'bad')
        Files.writeString(bad, Files.readString(bad).replace('name: mine', 'name: bad'))

        when:
        def ok = CliRun.of('check', 'lib/viewers')
        def wrong = CliRun.of('check', bad.toString())

        then:
        ok.code == 0
        ok.out.trim() == 'check: 7 viewer profiles OK'
        wrong.code == 2
        wrong.out.readLines() == ["$bad:11: unknown step 'klick' (steps: open, fill, click, wait, switch, acquire-if, dismiss, canvas)".toString(),
                                  'check: 1 error in 1 of 1 viewer profile']
    }

    @Unroll("the key #name is #key / #code / #keyCode in the page")
    def "keys are given to the page as a US keyboard's KeyboardEvent would describe them"() {
        expect:
        def k = DomKeys.of(Key.byName(name).orElseThrow())
        [k.key(), k.code(), k.keyCode()] == [key, code, keyCode]

        where:
        name    || key         | code          | keyCode
        'a'     || 'a'         | 'KeyA'        | 65
        'Z'     || 'Z'         | 'KeyZ'        | 90
        '7'     || '7'         | 'Digit7'      | 55
        '?'     || '?'         | 'Slash'       | 191
        'Enter' || 'Enter'     | 'Enter'       | 13
        'Esc'   || 'Escape'    | 'Escape'      | 27
        'F10'   || 'F10'       | 'F10'         | 121
        'Up'    || 'ArrowUp'   | 'ArrowUp'     | 38
        'ctrl'  || 'Control'   | 'ControlLeft' | 17
        'alt'   || 'Alt'       | 'AltLeft'     | 18
        'Space' || ' '         | 'Space'       | 32
    }
}
