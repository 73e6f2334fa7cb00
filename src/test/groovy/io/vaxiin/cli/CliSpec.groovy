package io.vaxiin.cli

import io.vaxiin.fixture.CliRun
import io.vaxiin.fixture.Dsl
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Unroll

import java.nio.file.Path

class CliSpec extends Specification {

    @TempDir Path dir

    def "check passes the shipped examples and library"() {
        when:
        def run = CliRun.of('check', Dsl.PROJECT.resolve('dsl-examples').toString(), Dsl.PROJECT.resolve('lib').toString())

        then:
        run.code == 0
        run.out == 'check: 10 scripts and 7 viewer profiles OK\n'
    }

    def "check reports an unknown word, a bad regex and a bad key with their lines, and exits 2"() {
        given:
        def f = dir.resolve('broken.groovy')
        f.toFile().text = "recovery 'broken'\nwhen screen =~ /fsck/ then type 'y'\nfrobnicate 'x'\nwhen screen =~ /unclosed(/ then type 'y'\npress 'F13'\n"

        when:
        def run = CliRun.of('check', f.toString())

        then:
        run.code == 2
        run.out.readLines()*.replace(f.toString(), 'broken.groovy')*.replaceAll(/ \(keys: .*/, '') == [
                "broken.groovy:3:1: 'frobnicate' is not a word of the DSL",
                "broken.groovy:4:16: /unclosed(/ is not a valid regular expression: Unclosed group near index 9",
                "broken.groovy:5:7: 'press' does not know the key 'F13'",
                'check: 3 errors in 1 of 1 script']
    }

    @Unroll("a wrong command line exits 2 with one line: #args")
    def "a wrong command line exits 2 with one line"() {
        when:
        def run = CliRun.of(*args)

        then:
        run.code == 2
        run.err.readLines().findAll { !it.startsWith('vaxiin: warning: the password') } == [message]

        where:
        args                                                  || message
        ['frobnicate']                                        || "vaxiin: unknown command 'frobnicate' (commands: run, check, screen, screenshot, sandbox, repl, test, watch, log, discover; see vaxiin --help)"
        ['run']                                               || 'vaxiin: run: give one script (see vaxiin run --help)'
        ['run', 'nope.groovy']                                || 'vaxiin: run: no such script: nope.groovy'
        ['run', 'x.groovy', '--colour']                       || 'vaxiin: run: unknown option --colour (see vaxiin run --help)'
        ['check']                                             || 'vaxiin: check: give at least one file or folder (see vaxiin check --help)'
        ['sandbox', '--scenario', 'meltdown']                 || 'vaxiin: sandbox: no scenario \'meltdown\' (scenarios: fsck, kernel-panic, no-boot-device, post-key, bsod, healthy)'
        ['screen', '--console', 'telnet://10.0.0.1']          || 'vaxiin: --console telnet://10.0.0.1: a console URI starts with vnc://, ws://, wss://, screenshot+https://, screenshot+http://, web+https:// or web+http://'
        ['screen', '--console', 'vnc://:hunter2@h', '--power', 'ftp://h'] || 'vaxiin: --power ftp://h: a power URI starts with redfish://, redfish+http:// or ipmi://'
        ['screen', '--console', 'ftp://:hunter2@h']           || 'vaxiin: --console ftp://***@h: a console URI starts with vnc://, ws://, wss://, screenshot+https://, screenshot+http://, web+https:// or web+http://'
        ['screen', '--power', 'ipmi://h?cipher=0']            || 'vaxiin: --power ipmi://h?cipher=0: cipher suite 0 has no authentication, so Vaxiin does not use it (1, 2, 3, 15, 16, 17)'
        ['screen', '--power', 'ipmi://h?cipher=x']            || 'vaxiin: --power ipmi://h?cipher=x: cipher=x is not a cipher suite number (1, 2, 3, 15, 16, 17)'
        ['screen', '--serial', 'telnet://h:23']               || 'vaxiin: --serial telnet://h:23: a serial URI starts with sol://, tcp:// or ssh://'
        ['screen', '--image', 'missing.png']                  || 'vaxiin: screen: no such image: missing.png'
        ['screen', '--target', 'web-01', '--inventory', '/nonexistent/inv.yaml'] || 'vaxiin: /nonexistent/inv.yaml: no such inventory file'
    }

    def "every command has --help"() {
        expect:
        ['run', 'check', 'screen', 'screenshot', 'sandbox', 'repl', 'test', 'watch', 'log', 'discover'].every {
            def run = CliRun.of(it, '--help')
            run.code == 0 && run.out.startsWith("usage: vaxiin $it")
        }
    }

    def "a script with errors is not run, and every error is printed"() {
        given:
        def f = dir.resolve('bad.groovy')
        f.toFile().text = "typ 'y'\npower 'cylce'\n"

        when:
        def run = CliRun.of('run', f.toString(), '--out', dir.resolve('out').toString())

        then:
        run.code == 2
        run.err.readLines() == [
                "${f}:1:1: 'typ' is not a word of the DSL; did you mean 'type'?".toString(),
                "${f}:2:7: 'power' does not know 'cylce' (on, off, cycle, reset, soft)".toString(),
                "run: 2 errors in ${f}; nothing was run".toString()]
    }

    def "a console where nothing listens exits 3 with one line naming it"() {
        given:
        int port = new ServerSocket(0).withCloseable { it.localPort }
        def f = dir.resolve('x.groovy')
        f.toFile().text = "done 'x'\n"

        when:
        long t0 = System.nanoTime()
        def run = CliRun.of('run', f.toString(), '--console', "vnc://127.0.0.1:$port", '--out', dir.resolve('out').toString())

        then:
        run.code == 3
        run.err.readLines().size() == 1
        run.err.startsWith("vaxiin: VNC at 127.0.0.1:$port")
        (System.nanoTime() - t0) < 30_000_000_000L
    }

    def "a BMC that refuses the password exits 3 without showing it"() {
        given: 'a sandbox and an inventory with the wrong password for it'
        def sandbox = io.vaxiin.sandbox.Sandbox.start(io.vaxiin.sandbox.Scenario.HEALTHY, 0.2, {})
        def secret = dir.resolve('pw')
        secret.toFile().text = 'not-the-password-7731'
        java.nio.file.Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString('rw-------'))
        def inv = dir.resolve('inventory.yaml')
        inv.toFile().text = """
            credentials:
              lab: { username: admin, password: file:$secret }
            servers:
              sb:
                power: ${sandbox.powerUri()}
                credentials: lab
        """.stripIndent()
        def f = dir.resolve('x.groovy')
        f.toFile().text = "power 'cycle'\ndone 'x'\n"

        when:
        def run = CliRun.of('run', f.toString(), '--inventory', inv.toString(), '--target', 'sb', '--out', dir.resolve('out').toString())

        then:
        run.code == 3
        run.err.readLines().size() == 1
        run.err.contains('refused the credentials')
        !run.err.contains('not-the-password-7731') && !run.out.contains('not-the-password-7731')

        cleanup:
        sandbox?.close()
    }

    def "a password file every user can read is warned about once, naming the inventory line and the fix, and the run goes on"() {
        given: 'a password file left 0644, one kept 0600, and an inventory using the first for its server'
        def sandbox = io.vaxiin.sandbox.Sandbox.start(io.vaxiin.sandbox.Scenario.HEALTHY, 0.2, {})
        def open = dir.resolve('open-pw')
        open.toFile().text = new String(sandbox.password())
        java.nio.file.Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString('rw-r--r--'))
        def kept = dir.resolve('kept-pw')
        kept.toFile().text = 'other'
        java.nio.file.Files.setPosixFilePermissions(kept, java.nio.file.attribute.PosixFilePermissions.fromString('rw-r--r--'))
        def inv = dir.resolve('inventory.yaml')
        inv.toFile().text = """
            credentials:
              lab: { username: ${io.vaxiin.sandbox.Sandbox.USER}, password: file:$open }
              unused: { username: x, password: file:$kept }
            servers:
              sb:
                power: ${sandbox.powerUri()}
                credentials: lab
        """.stripIndent()
        def f = dir.resolve('x.groovy')
        f.toFile().text = "done 'x'\n"

        when:
        def run = CliRun.of('run', f.toString(), '--inventory', inv.toString(), '--target', 'sb', '--out', dir.resolve('out').toString())
        java.nio.file.Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString('rw-------'))
        def after = CliRun.of('run', f.toString(), '--inventory', inv.toString(), '--target', 'sb', '--out', dir.resolve('out2').toString())

        then: 'the warning names the file, line and credentials set of this server only; the password never shows'
        run.code == 0
        run.err.readLines().findAll { it.startsWith('vaxiin: warning:') } == [
                "vaxiin: warning: $inv:3: credentials 'lab' password: the password file $open can be read by every user of this machine (chmod 600 $open)".toString()]
        !run.err.contains(new String(sandbox.password())) && !run.out.contains(new String(sandbox.password()))
        after.code == 0
        !after.err.contains('warning')

        cleanup:
        sandbox?.close()
    }

    def "screen and screenshot read the sandbox's console"() {
        when:
        def png = dir.resolve('s.png')
        def shot = CliRun.of('screenshot', '--console', 'sandbox:healthy', '-o', png.toString())
        def text = CliRun.of('screen', '--image', png.toString())
        def json = CliRun.of('screen', '--image', png.toString(), '--json')

        then:
        shot.code == 0
        text.code == 0
        text.out.contains('SeaBIOS (version 1.16.2-vaxiin-sandbox)')
        def parsed = new groovy.json.JsonSlurper().parseText(json.out)
        parsed.reader == 'grid'
        parsed.lines[0].row == 0
        parsed.lines[0].text == 'SeaBIOS (version 1.16.2-vaxiin-sandbox)'
        parsed.lines[0].source == 'grid:vga-9x16'
        parsed.grid == [x: 0, y: 0, cols: 80, rows: 25, cellWidth: 9, cellHeight: 16, font: 'vga-9x16']
    }

    def "screen learns a console's font nobody shipped, saves it, and reads the console in it from --fonts"() {
        given:
        def frames = io.vaxiin.fixture.UnseenFonts.frames(io.vaxiin.fixture.UnseenFonts.load('Uni2-Fixed16'), 'boot-log')
        def first = dir.resolve('first.png')
        def next = dir.resolve('next.png')
        javax.imageio.ImageIO.write(frames.firstImage, 'png', first.toFile())
        javax.imageio.ImageIO.write(frames.nextImage, 'png', next.toFile())
        def font = dir.resolve('fonts/bmc-console.vxf')

        when:
        def saved = CliRun.of('screen', '--image', first.toString(), '--save-font', font.toString())
        def json = CliRun.of('screen', '--image', next.toString(), '--fonts', dir.resolve('fonts').toString(), '--json')
        def parsed = new groovy.json.JsonSlurper().parseText(json.out)

        then:
        saved.code == 0
        saved.err.startsWith('vaxiin: screen: learnt ')
        saved.err.contains("font, saved as $font")
        java.nio.file.Files.size(font) > 100
        json.code == 0
        parsed.grid.font == 'bmc-console'
        parsed.grid.cellWidth == 8 && parsed.grid.cellHeight == 16
        parsed.lines.every { it.source == 'grid:bmc-console' }
        parsed.lines.findAll { it.text }.size() >= 10

        when: 'a screen in a shipped font teaches none, and a --fonts folder that is not there is a mistake'
        def shot = dir.resolve('s.png')
        CliRun.of('screenshot', '--console', 'sandbox:healthy', '-o', shot.toString())
        def none = CliRun.of('screen', '--image', shot.toString(), '--save-font', dir.resolve('none.vxf').toString())
        def missing = CliRun.of('screen', '--image', shot.toString(), '--fonts', dir.resolve('nowhere').toString())

        then:
        none.code == 1
        none.err.trim() == "vaxiin: screen: no font learnt from this screen, so nothing was saved to ${dir.resolve('none.vxf')}: it is read in the font vga-9x16 (grid:vga-9x16)".toString()
        !java.nio.file.Files.exists(dir.resolve('none.vxf'))
        missing.code == 2
        missing.err.contains("--fonts: no such folder: ${dir.resolve('nowhere')}")
    }

    def "a run whose fonts/ folder holds a file that is no font says which, and runs nothing"() {
        given:
        def script = dir.resolve('fsck.groovy')
        java.nio.file.Files.copy(Dsl.PROJECT.resolve('dsl-examples/fsck.groovy'), script)
        java.nio.file.Files.createDirectories(dir.resolve('fonts'))
        java.nio.file.Files.writeString(dir.resolve('fonts/aspeed.vxf'), 'hello')

        when:
        def run = CliRun.of('run', script.toString(), '--out', dir.resolve('out').toString())

        then:
        run.code == 2
        run.err.trim() == "vaxiin: run: ${dir.resolve('fonts/aspeed.vxf')}: not a Vaxiin font file (aspeed is not a Vaxiin bitmap font); nothing was run".toString()
        !java.nio.file.Files.exists(dir.resolve('out'))
    }
}
