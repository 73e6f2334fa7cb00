package io.vaxiin.repl.recording

import io.vaxiin.fixture.Fixtures
import spock.lang.Specification
import spock.lang.Unroll

import java.nio.file.Files
import java.util.regex.Pattern

class LinePatternSpec extends Specification {

    @Unroll("#what")
    def "a line is generalised where screens of its kind differ, and kept as written elsewhere"() {
        expect:
        LinePattern.regex(LinePattern.atoms(line)) == regex

        where:
        what                                     | line                                                                          || regex
        'inode numbers and counters'             | 'Inode 15, i_blocks is 2, should be 0.  Fix<y>?'                              || /Inode \d+, i_blocks is \d+, should be \d+\.\s+Fix<y>\?/
        'a quoted name, a path, a number in ()'  | "Entry 'numbers.txt' in /data (12) has deleted/unused inode 13.  Clear<y>?"   || 'Entry \'[^\']*\' in \\S+ \\(\\d+\\) has deleted\\/unused inode \\d+\\.\\s+Clear<y>\\?'
        'a range'                                | 'Block bitmap differences:  -(1173--1279)'                                    || /Block bitmap differences:\s+\S+/
        'addresses'                              | 'eth0: link up at 10.0.0.5, MAC 52:54:00:12:34:56'                            || /\S+ link up at \S+ MAC \S+/
        'a timestamp, a UUID, hex'               | '[   12.345678] UUID=0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 at 0x1f'            || /\[\s+\S+ \S+ at \S+/
        'a path in parentheses, an octal mode'   | 'Inode 15 (/etc/fstab) has invalid mode (0170644).'                           || /Inode \d+ \S+ has invalid mode \(\d+\)\./
        'an apostrophe is not a quote'           | "It can't be 'my file.txt' or \"other one\""                                  || /It can't be '[^']*' or "[^"]*"/
        'a dollar cannot start a GString'        | 'Cost: $ x / y?'                                                              || 'Cost: [$] x \\/ y\\?'
        'a backslash stays one'                  | 'C:\\Windows>'                                                                || /C:\\Windows>/
        'regex metacharacters'                   | 'a.b*c+d^e|f(g)[h]{i}'                                                        || /a\.b\*c\+d\^e\|f\(g\)\[h\]\{i\}/
        'a tab and leading spaces'               | '   a\tb'                                                                     || /a\s+b/
        'a box\'s border'                         | '└──────────┘ ---'                                                            || /└─+┘ ---/
        'a dotted leader'                        | 'Loading kernel....... done'                                                  || /Loading kernel\.+ done/
        'an invisible character'                 | 'a\u200bb'                                                                    || /a\x{200B}b/
        'a backslash before u stays two'        | 'C:\\users\\utils'                                                            || /C:\\users\\utils/
    }

    def "every row of every real screen is matched by its own generalised pattern, as Groovy's slashy string reads it"() {
        given: 'the rows of the shared fixture screens'
        List<String> rows = []
        Files.walk(Fixtures.ROOT.resolve('screens')).withCloseable { files ->
            files.filter { it.toString().endsWith('.txt') }.sorted().forEach { rows.addAll(it.toFile().getText('UTF-8').readLines()) }
        }
        rows = rows.findAll { !it.isBlank() }.unique()
        List<String> regexes = rows.collect { LinePattern.regex(LinePattern.atoms(it)) }

        when: 'Groovy reads them all as slashy strings, as a script would'
        List<String> read = new GroovyShell().evaluate('[' + regexes.collect { "(/$it/).toString()" }.join(',\n') + ']') as List<String>

        then:
        rows.size() > 300
        [rows, read].transpose().every { String row, String regex -> Pattern.compile(regex).matcher(row.strip()).matches() }
    }

    @Unroll("#what")
    def "a pattern says something of its own only with a few letters or signs written as themselves"() {
        expect:
        LinePattern.nontrivial(LinePattern.atoms(line)) == nontrivial

        where:
        what                   | line      || nontrivial
        'fsck\'s question'     | '<y>?'    || true
        'a word'               | 'login:'  || true
        'a question mark'      | '?'       || false
        'two signs'            | '>?'      || false
        'signs, no letter'     | '---'     || false
        'a number'             | '4711'    || false
        'a number and a sign'  | '(12)'    || false
    }
}
