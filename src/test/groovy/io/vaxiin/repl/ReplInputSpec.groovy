package io.vaxiin.repl

import org.jline.reader.EndOfFileException
import org.jline.reader.LineReader
import org.jline.terminal.Size
import org.jline.terminal.impl.DumbTerminal
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.charset.StandardCharsets
import java.nio.file.Path

/** A real JLine reader over a pipe-backed terminal: what a person's keys do. */
class ReplInputSpec extends Specification {

    @TempDir Path dir

    String output

    List<String> typed(String keys) {
        def in = new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8))
        def out = new ByteArrayOutputStream()
        // TerminalBuilder.streams(in, out).system(false) makes a pty-backed terminal whose pump closes it
        // at the end of the input before the reader has read it; a DumbTerminal reads the stream itself
        def terminal = new DumbTerminal('test', 'dumb', in, out, StandardCharsets.UTF_8)
        terminal.size = new Size(100, 24) // a pipe has no size, and JLine lists candidates in none of it
        def completer = new ReplCompleter(ReplCompleter.Sources.of({ ['web-01'] }, { ['tries'] as Set }))
        def history = new ReplHistory(dir.resolve('history'), { String line -> line.contains('hunter2') })
        LineReader reader = ReplInput.builder(terminal, completer, history).build()
        // on a dumb terminal JLine binds only Enter and self-insert (Tab inserts a tab): the keys of a real one
        reader.keyMaps.put(LineReader.MAIN, reader.keyMaps.get(LineReader.EMACS))
        def lines = []
        try {
            while (true) lines << reader.readLine('vaxiin> ')
        } catch (EndOfFileException ignored) {
            // the keys ran out
        } finally {
            terminal.close()
            output = out.toString(StandardCharsets.UTF_8)
        }
        lines
    }

    def "Tab completes a key name and closes its quote"() {
        expect:
        typed("press 'F5\t\n") == ["press 'F5' "]
        typed("press 'es\t\n") == ["press 'Esc' "]
        typed("power 'cy\t\n") == ["power 'cycle' "]
        typed(":conn\tsandbox k\t\n") == [':connect sandbox kernel-panic ']
    }

    def "Tab after press 'F lists F1 to F12"() {
        when:
        def lines = typed("press 'F\t\n")

        then:
        lines == ["press 'F"]
        output.contains('F1    F10   F11   F12   F2    F3    F4    F5    F6    F7    F8    F9')
    }

    def "a closure typed over three lines is read as one input"() {
        expect:
        typed("waitFor {\n  screen =~ /login:/\n}\ntype 'y'\n") == ["waitFor {\n    screen =~ /login:/\n}", "type 'y'"]
    }

    def "backslashes, quotes and ! reach the REPL as typed"() {
        expect:
        typed("waitFor(/Fix<y>\\?/)\nif (!found && x != 1) type 'it\\'s'\n") ==
                ["waitFor(/Fix<y>\\?/)", "if (!found && x != 1) type 'it\\'s'"]
    }
}
