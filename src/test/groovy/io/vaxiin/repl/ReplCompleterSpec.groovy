package io.vaxiin.repl

import io.vaxiin.connector.Key
import io.vaxiin.dsl.RecoveryScript
import org.jline.reader.Candidate
import org.jline.reader.LineReaderBuilder
import org.jline.reader.Parser.ParseContext
import org.jline.terminal.impl.DumbTerminal
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Unroll

import java.nio.charset.StandardCharsets
import java.nio.file.Path

class ReplCompleterSpec extends Specification {

    @TempDir @Shared Path dir

    @Shared def terminal = new DumbTerminal('test', 'dumb', new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), StandardCharsets.UTF_8)
    @Shared def reader = LineReaderBuilder.builder().terminal(terminal).build()

    def setupSpec() {
        dir.resolve('fsck.groovy').toFile().text = ''
        dir.resolve('fsck-2.groovy').toFile().text = ''
        dir.resolve('other.txt').toFile().text = ''
        dir.resolve('fsdir').toFile().mkdir()
    }

    def cleanupSpec() {
        terminal.close()
    }

    ReplCompleter completer() {
        new ReplCompleter(ReplCompleter.Sources.of({ ['web-01', 'web-02', 'db-01'] }, { ['prompt', 'tries', 'type'] as Set })
                .withDirectory(dir))
    }

    List<String> candidates(String text) {
        def line = new ReplParser().parse(text, text.length(), ParseContext.COMPLETE)
        def out = new ArrayList<Candidate>()
        completer().complete(reader, line, out)
        out*.value()
    }

    static final List<String> F_KEYS = (1..12).collect { "F$it".toString() }
    static final List<String> SORTED_WORDS = new TreeSet<>(RecoveryScript.WORDS) as List

    @Unroll("Tab after #text offers #expected")
    def "offers what fits where the cursor is"() {
        expect:
        candidates(text) == expected

        where:
        text                          || expected
        "press 'F"                    || F_KEYS
        "press 'f"                    || F_KEYS
        "press('F1"                   || ['F1', 'F10', 'F11', 'F12']
        "then press 'pag"             || ['PageUp', 'PageDown']
        "serial.press 'ctrl-"         || Key.named().values()*.name().collect { "ctrl-$it".toString() }
        "press 'ctrl-alt-del"         || ['ctrl-alt-Delete']
        "press 'Shift-f1"             || ['Shift-F1', 'Shift-F10', 'Shift-F11', 'Shift-F12']
        "press 'e"                    || ['Enter', 'Esc', 'End']
        "press 'c"                    || ['CapsLock', 'Ctrl', 'ctrl-']
        "power '"                     || ['on', 'off', 'cycle', 'reset', 'soft']
        "power 'o"                    || ['on', 'off']
        'power "c'                    || ['cycle']
        "boot '"                      || ['pxe', 'disk', 'cd', 'bios']
        "boot 'pxe', "                || ['once: true']
        "boot 'pxe', o"               || ['once: true']
        "type '"                      || []
        'wai'                         || ['waitFor', 'waitStill']
        'p'                           || ['params', 'power', 'press', 'prompt']
        ''                            || SORTED_WORDS + ['prompt', 'tries']
        'when screen =~ /x/ then ty'  || ['type']
        'when s'                      || ['screen', 'screenshot', 'serial', 'server', 'sleep']
        'def n = tr'                  || ['tries']
        'x = 1; ty'                   || ['type']
        'waitFor {\n  scr'            || ['screen', 'screenshot']
        'screen.li'                   || []
        'type 1 // a ty'              || []
        "type 'ty"                    || []
        ':'                           || CommandSyntax.DEFAULTS*.name()
        ':s'                          || [':screen', ':snap', ':save']
        ':connect '                   || ['web-01', 'web-02', 'db-01', 'sandbox']
        ':connect web'                || ['web-01', 'web-02']
        ':connect sandbox '           || ['fsck', 'kernel-panic', 'no-boot-device', 'post-key', 'bsod', 'healthy']
        ':connect sandbox k'          || ['kernel-panic']
        ':connect web-01 '            || []
        ':help '                      || SORTED_WORDS + CommandSyntax.DEFAULTS*.name()
        ':help wa'                    || ['waitFor', 'waitStill']
        ':help :c'                    || [':connect']
        ':record '                    || ['show', 'undo', 'stop']
        ':record u'                   || ['undo']
        ':screen '                    || ['-n', '-s']
        ':quit '                      || []
    }

    def "offers file names after :save and :snap, from the REPL's folder"() {
        expect:
        candidates(':save fs').sort() == ['fsck-2.groovy', 'fsck.groovy', 'fsdir/']
        candidates(':snap o') == ['other.txt']
        candidates(':save fsdir/') == []
    }

    def "a key name inside an open string is complete (JLine closes the quote), inside a closed one it is not"() {
        when:
        def open = new ArrayList<Candidate>()
        completer().complete(reader, new ReplParser().parse("press 'F1", 9, ParseContext.COMPLETE), open)
        def closed = new ArrayList<Candidate>()
        completer().complete(reader, new ReplParser().parse("press 'F1'", 9, ParseContext.COMPLETE), closed)

        then:
        open*.complete().every()
        !closed*.complete().any()
    }
}
