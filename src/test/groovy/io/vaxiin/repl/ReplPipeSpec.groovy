package io.vaxiin.repl

import io.vaxiin.cli.Cli
import io.vaxiin.fixture.CliRun
import io.vaxiin.fixture.Dsl
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path

/**
 * `vaxiin repl` with its input piped in (a CI job, a script, no terminal), against the sandbox:
 * plain lines, one result per snippet, the checker's and the run's messages, the exit code of the
 * last error, and a recording saved as a script that recovers a fresh sandbox by itself.
 */
@Timeout(120)
class ReplPipeSpec extends Specification {

    @Shared Path dir = Files.createTempDirectory('repl-pipe')

    def cleanupSpec() {
        dir.toFile().deleteDir()
    }

    /** What a piped REPL printed: stdout, stderr, and both in the order they were printed. */
    static class Piped extends CliRun {
        String all
    }

    /** Writes to one stream and to the stream of everything, in order. */
    static class Tee extends OutputStream {
        final ByteArrayOutputStream one, all
        Tee(ByteArrayOutputStream one, ByteArrayOutputStream all) { this.one = one; this.all = all }
        @Override void write(int b) { synchronized (all) { one.write(b); all.write(b) } }
        @Override void write(byte[] b, int off, int len) { synchronized (all) { one.write(b, off, len); all.write(b, off, len) } }
    }

    /** Runs the REPL in-process with {@code input} piped in. */
    static Piped repl(String input, String... args) {
        def out = new ByteArrayOutputStream()
        def err = new ByteArrayOutputStream()
        def all = new ByteArrayOutputStream()
        def both = { ByteArrayOutputStream one -> new PrintStream(new Tee(one, all), true, StandardCharsets.UTF_8) }
        def cli = new Cli(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), both(out), both(err), Dsl.PROJECT, false)
        int code = cli.run((['repl'] + (args as List)) as String[])
        new Piped(code: code, out: out.toString(StandardCharsets.UTF_8), err: err.toString(StandardCharsets.UTF_8),
                all: all.toString(StandardCharsets.UTF_8))
    }

    def "each snippet prints its steps and its value on plain lines, with no prompt and no colours"() {
        when:
        def run = repl('''\
            1 + 2
            server.model
            def n = 4
            n * 2
            '''.stripIndent(), '--scenario', 'healthy', '--out', dir.resolve('plain').toString())

        then:
        run.code == 0
        run.out.readLines().findAll { it.startsWith('=> ') } == ['=> 3', '=> Vaxiin Sandbox VX-1', '=> 4', '=> 8']
        !run.out.contains('\u001b[')
        !run.out.contains('vaxiin>')
    }

    def "a wrong word gets the checker's message and the REPL goes on; the exit code is the last error's"() {
        when:
        def run = repl('''\
            prss 'F1'
            1 + 1
            '''.stripIndent(), '--scenario', 'healthy', '--out', dir.resolve('wrong').toString())

        then:
        run.err.contains("error: repl:1:1: 'prss' is not a word of the DSL; did you mean 'press'?")
        run.out.contains('=> 2')
        run.code == 2
    }

    def "a step that fails says what vaxiin run would say, and sets the exit code"() {
        when:
        def run = repl("waitFor(/never here/, timeout: 300.milliseconds)\n", '--scenario', 'healthy', '--out', dir.resolve('fail').toString())

        then:
        run.err.contains('error: (repl, line 1) condition did not pass in 300 milliseconds: screen =~ /never here/')
        run.code == 1
    }

    def "--fonts reads the console in a font screen --save-font kept; a --fonts folder that is not there is a mistake"() {
        given: 'a font learnt from one frame of a console in a font nobody shipped, and that console behind a screenshot API'
        def frames = io.vaxiin.fixture.UnseenFonts.frames(io.vaxiin.fixture.UnseenFonts.load('Uni2-Fixed16'), 'boot-log')
        def first = dir.resolve('unseen-first.png')
        javax.imageio.ImageIO.write(frames.firstImage, 'png', first.toFile())
        def fonts = dir.resolve('unseen-fonts')
        def saved = CliRun.of('screen', '--image', first.toString(), '--save-font', fonts.resolve('bmc-console.vxf').toString())
        def bmc = new io.vaxiin.connector.screenshot.ScreenshotBmc('dell-export', null)
        bmc.picture = frames.nextImage
        def pw = dir.resolve('shot-pw')
        Files.writeString(pw, io.vaxiin.connector.screenshot.ScreenshotBmc.PASSWORD)
        Files.setPosixFilePermissions(pw, java.nio.file.attribute.PosixFilePermissions.fromString('rw-------'))
        def console = bmc.uri(io.vaxiin.connector.screenshot.ScreenshotBmc.USER, "file:$pw", '&wait=50ms')

        when:
        def run = repl(':screen -s\n', '--console', console, '--fonts', fonts.toString(), '--out', dir.resolve('fonts').toString())
        def missing = repl('1\n', '--console', console, '--fonts', dir.resolve('nowhere').toString())

        then: 'its lines are read on the grid in the kept font'
        saved.code == 0
        run.code == 0
        def rows = run.out.readLines().findAll { it.contains(' | ') }
        rows.size() >= 10
        rows.every { it.startsWith('grid:bmc-console   | ') }
        missing.code == 2
        missing.err.contains("repl: --fonts: no such folder: ${dir.resolve('nowhere')}")

        cleanup:
        bmc?.close()
    }

    def "a closure over several lines is read as one snippet"() {
        when:
        def run = repl('''\
            def twice = { x ->
                x * 2
            }
            twice(21)
            '''.stripIndent(), '--scenario', 'healthy', '--out', dir.resolve('multi').toString())

        then:
        run.code == 0
        run.out.contains('=> 42')
    }

    def "recorded answers to the fsck sandbox save as a script that passes check and recovers a fresh fsck sandbox"() {
        given:
        def saved = dir.resolve('fsck-recorded.groovy')

        when: 'a person waits for each question, answers it, and saves'
        def session = repl("""\
            :record
            waitFor(/Clear<y>\\?\\s*\$/)
            :screen
            type 'y'
            waitFor(/Fix<y>\\?\\s*\$/)
            type 'y'
            waitFor(/login:/)
            :save ${saved}
            """.stripIndent(), '--scenario', 'fsck', '--out', dir.resolve('record').toString())

        then:
        session.code == 0
        session.out.contains("Entry 'numbers.txt' in /data (12) has deleted/unused inode 13.  Clear<y>?")
        session.out.contains("recorded answer: type 'y'")
        session.out.contains("saved ${saved}")
        def text = Files.readString(saved)
        text.contains("when screen =~ /<y>\\?\\s*\$/")
        text.contains("type 'y'")
        text.contains('done')
        !text.contains('numbers.txt')

        when: 'the saved script runs on a fresh sandbox'
        def run = CliRun.of('run', saved.toString(), '--scenario', 'fsck', '--out', dir.resolve('replayed').toString())

        then:
        run.code == 0
        run.out.readLines().count { it.endsWith("  type 'y'") } == 2
        run.out.contains('recovered: ')
    }

    def "--record keeps a recording of the session that fsck.groovy then passes against with vaxiin test; a second one to the same folder is refused"() {
        given:
        def rec = dir.resolve('by-hand')

        when: 'a person answers the two questions by hand and waits for the login'
        def session = repl("waitFor(/Clear<y>/)\ntype 'y'\nwaitFor(/Fix<y>/)\ntype 'y'\nwaitFor(/login:/)\n:quit\n",
                '--scenario', 'fsck', '--record', rec.toString(), '--out', dir.resolve('by-hand-out').toString())
        def test = CliRun.of('test', 'dsl-examples/fsck.groovy', '--replay', rec.toString(), '--out', dir.resolve('by-hand-test').toString())
        def again = repl(":quit\n", '--scenario', 'fsck', '--record', rec.toString())

        then:
        session.code == 0
        session.out.contains("recording kept in $rec")
        Files.readAllLines(rec.resolve('events.jsonl')).count { it.contains('"event":"type"') } == 2
        Files.readAllLines(rec.resolve('events.jsonl')).last().contains('"event":"end"')
        test.code == 0
        test.out.contains('recovered: reached the login prompt (2 of 2 recorded actions')
        again.code == 2
        again.err.contains("already holds a recording; give a new folder to --record (nothing is overwritten)")
    }
}
