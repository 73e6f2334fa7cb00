package io.vaxiin.engine

import io.vaxiin.fixture.Dsl
import spock.lang.Specification
import spock.lang.Unroll

class CheckSpec extends Specification {

    Dsl dsl = new Dsl()

    List<String> errorsOf(String text) {
        try {
            dsl.compile(text)
            return []
        } catch (ScriptErrors e) {
            return e.errors()*.toString()
        }
    }

    def "every error of a script is reported at once, with line and column"() {
        expect:
        errorsOf('''
            recovery 'broken'
            when screen =~ /fsck/ then type 'y'
            frobnicate 'x'
            when screen =~ /unclosed(/ then type 'y'
            press 'F13'
            sleep 5.minuts
            use 'lib/nothing-here'
        '''.readLines()*.trim().join('\n')) == [
                "spec.groovy:4:1: 'frobnicate' is not a word of the DSL",
                "spec.groovy:5:16: /unclosed(/ is not a valid regular expression: Unclosed group near index 9",
                "spec.groovy:6:7: 'press' does not know the key 'F13' (keys: F1-F12, Esc, Enter, Tab, Backspace, Delete, Insert, Home, End, PageUp, PageDown, Up, Down, Left, Right, Space, a single character; combine with ctrl-, alt-, shift-, meta-)",
                "spec.groovy:7:7: '5.minuts' is not a duration: write 5.seconds, 5.minutes, 5.hours or 5.milliseconds",
                "spec.groovy:8:1: use 'lib/nothing-here': no such library file (looked in ${dsl.dir}, ${dsl.dir.parent}, /, ${Dsl.PROJECT})".toString()]
    }

    @Unroll("check finds: #what")
    def "check finds each kind of mistake"() {
        expect:
        errorsOf(script) == [expected]

        where:
        what                    | script                                          || expected
        'a misspelt word'       | "typ 'y'"                                       || "spec.groovy:1:1: 'typ' is not a word of the DSL; did you mean 'type'?"
        'a bad key combination' | "press 'ctrl-q-x'"                              || "spec.groovy:1:7: 'press' cannot hold 'q' in 'ctrl-q-x': only ctrl, alt, shift, meta, super and altgr can be held with another key"
        'a bad key in a rule'   | "when screen =~ /x/ then press 'F99'"           || "spec.groovy:1:31: 'press' does not know the key 'F99' (keys: F1-F12, Esc, Enter, Tab, Backspace, Delete, Insert, Home, End, PageUp, PageDown, Up, Down, Left, Right, Space, a single character; combine with ctrl-, alt-, shift-, meta-)"
        'an unknown power word' | "power 'cylce'"                                 || "spec.groovy:1:7: 'power' does not know 'cylce' (on, off, cycle, reset, soft)"
        'an unknown boot word'  | "boot 'floppy'"                                 || "spec.groovy:1:6: 'boot' does not know 'floppy' (pxe, disk, cd, bios, none)"
        'a number as timeout'   | "recovery 'x', timeout: 600"                    || "spec.groovy:1:24: timeout: 600 is not a duration: write it as 30.seconds or 10.minutes"
        'sleep without a unit'  | "sleep 5"                                       || "spec.groovy:1:7: 'sleep 5' needs a duration: write sleep 5.seconds"
        'a bad waitFor regex'   | "waitFor(/[a-/)"                                || "spec.groovy:1:9: /[a-/ is not a valid regular expression: Illegal character range near index 3"
        'a rule without action' | "when screen =~ /x/"                            || "spec.groovy:1:1: a rule needs an action: when COND then ACTION, or when(COND) { … }"
        'an unknown property'   | "when screen =~ /x/ then type passwrd"          || "spec.groovy:1:30: 'passwrd' is not a word of the DSL"
        'an expression action'  | "when screen =~ /x/ then type params.password"   || "spec.groovy:1:1: an action with an expression needs braces or parentheses: then { type params.x } or then type(params.x)"
        'a process'             | "'reboot'.execute()"                            || "spec.groovy:1:1: 'execute' is not allowed in a recovery script: scripts act on servers through the DSL's words"
        'System'                | "System.getenv('X')"                            || "spec.groovy:1:1: 'System' is not available to a recovery script: scripts act on servers through the DSL's words"
        'a file'                | "new File('/etc/shadow').text"                  || "spec.groovy:1:1: 'File' is not available to a recovery script: scripts act on servers through the DSL's words"
        'an import'             | "import java.nio.file.Files\nlog 'x'"           || "spec.groovy:1:1: 'Files' is not available to a recovery script: scripts act on servers through the DSL's words"
    }

    def "correct scripts using every form of rule compile"() {
        given: 'the needle the script matches, beside it'
        java.nio.file.Files.createDirectories(dsl.dir.resolve('needles'))
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(20, 10, java.awt.image.BufferedImage.TYPE_INT_RGB), 'png',
                dsl.dir.resolve('needles/logo.png').toFile())

        expect:
        errorsOf('''
            recovery 'all forms', timeout: 10.minutes
            def attempts = 0
            when screen =~ /fsck/ then type 'y'
            when screen =~ /x/, maxFires: 3 then power 'cycle'
            when(screen.contains('a')) { type 'b' }
            when screen =~ /x/ && serial =~ /y/ then { done 'ok' }
            when screen =~ /a/ then press 'ctrl-alt-delete'
            when matches('needles/logo.png') then type "y\\n"
            when matches('needles/logo.png', region: [0, 0, 640, 100], exclude: [[2, 2, 5, 5]], threshold: 0.8) then press 'F1'
            waitFor { matches 'needles/logo.png' }
            when screen =~ /b/ then { attempts++; boot 'pxe', once: true; power 'reset' }
            waitFor(/login:/, timeout: 5.minutes)
            waitFor { screen.contains('x') }
            waitStill 2.seconds
            sleep 500.milliseconds
            http.post 'https://cmdb.example/api', json: [host: server.name, model: server.model]
            log "ticket ${params.ticket}"
            screenshot 'before'
        ''') == []
    }

    @Unroll("check finds in matches: #what")
    def "check finds mistakes in matches while the script is still text"() {
        given: 'a needle, and a file that is not one, beside the script'
        java.nio.file.Files.createDirectories(dsl.dir.resolve('needles'))
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(20, 10, java.awt.image.BufferedImage.TYPE_INT_RGB), 'png',
                dsl.dir.resolve('needles/ok.png').toFile())
        java.nio.file.Files.writeString(dsl.dir.resolve('needles/notes.png'), 'not an image')

        expect:
        errorsOf(script) == [expected.replace('DIR', dsl.dir.toString())]

        where:
        what                | script                                                              || expected
        'a missing needle'  | "when matches('needles/frwn.png') then done 'x'"                    || "spec.groovy:1:14: matches 'needles/frwn.png': no such needle file DIR/needles/frwn.png (needle paths are relative to the script's folder)"
        'not an image'      | "waitFor { matches 'needles/notes.png' }"                           || "spec.groovy:1:19: matches 'needles/notes.png': DIR/needles/notes.png is not a PNG/JPEG image (unknown format)"
        'a threshold of 95' | "when matches('needles/ok.png', threshold: 95) then done 'x'"       || "spec.groovy:1:43: matches: threshold: 95 is outside (0, 1]: 1 is the same pixels, 0.95 the default, 0.8 forgives JPEG, 0.6 scaling"
        'a threshold of 0'  | "when matches('needles/ok.png', threshold: 0) then done 'x'"        || "spec.groovy:1:43: matches: threshold: 0 is outside (0, 1]: 1 is the same pixels, 0.95 the default, 0.8 forgives JPEG, 0.6 scaling"
        'a short region'    | "when matches('needles/ok.png', region: [0, 0, 100]) then done 'x'" || "spec.groovy:1:40: matches: region: [0, 0, 100] is not [x, y, width, height] in screen pixels (x, y ≥ 0; width, height ≥ 1)"
        'a negative region' | "when matches('needles/ok.png', region: [-5, 0, 10, 10]) then done 'x'" || "spec.groovy:1:40: matches: region: [-5, 0, 10, 10] is not [x, y, width, height] in screen pixels (x, y ≥ 0; width, height ≥ 1)"
        'a flat exclude'    | "when matches('needles/ok.png', exclude: [1, 2, 3, 4]) then done 'x'" || "spec.groovy:1:41: matches: exclude: [1, 2, 3, 4] is not a list of areas [[x, y, width, height], …] in needle pixels (x, y ≥ 0; width, height ≥ 1)"
        'an unknown option' | "when matches('needles/ok.png', treshold: 0.9) then done 'x'"       || "spec.groovy:1:32: matches does not know the option 'treshold' (threshold, region, exclude)"
        'no parentheses'    | "when matches 'needles/ok.png' then done 'x'"                       || "spec.groovy:1:1: in a rule, write matches with parentheses: when matches('needles/x.png') then …"
    }
}
