package io.vaxiin.repl.recording

import io.vaxiin.fixture.Dsl
import io.vaxiin.fixture.Fixtures

import java.time.Instant

import static io.vaxiin.repl.recording.Step.Console.SCREEN
import static io.vaxiin.repl.recording.Step.Console.SERIAL
import static io.vaxiin.repl.recording.Step.Kind.*

/**
 * Builds a recording the way the REPL does, a step every ten seconds from 10:00 UTC, and
 * writes and compiles its script: the specs' shorthand.
 */
class Rec {

    static final Instant T0 = Instant.parse('2025-03-04T10:00:00Z')
    static final Instant SAVED = Instant.parse('2025-03-04T10:30:00Z')

    /** The sandbox's fsck questions and login screen, as its KVM console shows them. */
    static final String SANDBOX_CLEAR = '''\
        [    2.021880] EXT4-fs (sda1): warning: mounting fs with errors, running e2fsck is recommended
        fsck from util-linux 2.38.1
        /dev/sda1 contains a file system with errors, check forced.
        Pass 1: Checking inodes, blocks, and sizes
        Pass 2: Checking directory structure
        Entry 'numbers.txt' in /data (12) has deleted/unused inode 13.  Clear<y>? '''.stripIndent()
    static final String SANDBOX_FIX = SANDBOX_CLEAR + '''yes

        Pass 3: Checking directory connectivity
        Pass 4: Checking reference counts
        Pass 5: Checking group summary information
        Block bitmap differences:  -(1173--1279)
        Fix<y>? '''.stripIndent()
    static final String LOGIN = 'Debian GNU/Linux 12 debian tty1\n\ndebian login: '

    final Recording recording
    private int seconds = 0

    Rec(String where = 'vnc://127.0.0.1:5901') {
        recording = new Recording(where, T0)
    }

    /** A fixture screen's text with the 25 or 30 rows it really has, trailing blank rows included. */
    static String screen(String name) {
        Fixtures.ROOT.resolve("screens/${name}.txt").toFile().getText('UTF-8')
    }

    Rec add(Step.Kind kind, String source, String text, Step.Console console = SCREEN) {
        seconds += 10
        recording.add(new Step(kind, source, console, text == null ? null : text.split('\n', -1) as List, T0.plusSeconds(seconds)))
        this
    }

    Rec answer(String source, String text, Step.Console console = SCREEN) { add(ANSWER, source, text, console) }
    Rec waited(String source, String text, Step.Console console = SCREEN) { add(WAIT, source, text, console) }
    Rec done(String source, String text, Step.Console console = SCREEN) { add(DONE, source, text, console) }
    Rec fail(String source, String text, Step.Console console = SCREEN) { add(FAIL, source, text, console) }
    Rec rule(String source) { add(RULE, source, null, null) }
    Rec serial(String source, String text) { answer(source, text, SERIAL) }

    String write(String name = 'fsck-fix.groovy') {
        ScriptWriter.write(recording, name, SAVED)
    }

    /** Compiles a written script as vaxiin check does; throws ScriptErrors when it does not. */
    static void check(String text, String name = 'fsck-fix.groovy') {
        Dsl dsl = new Dsl()
        dsl.compiler.compile(name, text, dsl.dir)
    }

    /** The regexes of the rules of a script, in order, as Groovy reads the slashy strings. */
    static List<String> regexes(String text) {
        text.readLines().findAll { it.startsWith('when ') }.collect { line ->
            String slashy = (line =~ /^when (?:screen|serial) =~ (\/.*\/)(?:, maxFires: \d+)? then /)[0][1]
            new GroovyShell().evaluate("($slashy).toString()") as String
        }
    }
}
