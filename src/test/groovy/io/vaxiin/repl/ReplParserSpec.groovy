package io.vaxiin.repl

import org.jline.reader.EOFError
import org.jline.reader.Parser.ParseContext
import spock.lang.Specification
import spock.lang.Unroll

class ReplParserSpec extends Specification {

    def parser = new ReplParser()

    @Unroll("Enter on '#text' asks for more: #missing")
    def "Enter on input that goes on throws EOFError, so JLine keeps reading"() {
        when:
        parser.parse(text, text.length(), ParseContext.ACCEPT_LINE)

        then:
        def e = thrown(EOFError)
        e.missing == missing
        e.openBrackets == brackets

        where:
        text                               || missing | brackets
        'waitFor {'                        || '}'     | 1
        "waitFor {\n  screen =~ /x/ &&"    || '}'     | 1
        "when screen =~ /x/ then"          || 'then'  | 0
        "def s = '''a"                     || "'''"   | 0
    }

    @Unroll("Enter on '#text' is accepted as typed")
    def "Enter on a whole input returns it as typed, backslashes and quotes kept"() {
        when:
        def line = parser.parse(text, text.length(), ParseContext.ACCEPT_LINE)

        then:
        line.line() == text
        !parser.isEscapeChar('\\' as char)

        where:
        text << ["waitFor(/Fix<y>\\?/)", "type 'it\\'s'", "waitFor {\n  screen =~ /login:/\n}", ':connect sandbox fsck', '']
    }

    def "completion parses incomplete input without complaint"() {
        expect:
        parser.parse('waitFor {', 9, ParseContext.COMPLETE).word() == ''
    }

    @Unroll("the word under the cursor of '#text' is '#word' (#kind)")
    def "the word under the cursor is what completion replaces"() {
        when:
        def line = parser.parse(text, cursor < 0 ? text.length() : cursor, ParseContext.COMPLETE)

        then:
        line.word() == word
        line.kind() == kind
        line.words()[line.wordIndex()] == word
        line.rawWordLength() == word.length()
        line.before() == before

        where:
        text                     | cursor || word       | kind                   | before
        "press 'F"               | -1     || 'F'        | ReplLine.Kind.STRING   | "press '"
        "press 'ctrl-al"         | -1     || 'ctrl-al'  | ReplLine.Kind.STRING   | "press '"
        "press 'F1'"             | 8      || 'F1'       | ReplLine.Kind.STRING   | "press '"
        "press '"                | -1     || ''         | ReplLine.Kind.STRING   | "press '"
        'wai'                    | -1     || 'wai'      | ReplLine.Kind.CODE     | ''
        "when x then ty"         | -1     || 'ty'       | ReplLine.Kind.CODE     | 'when x then '
        'screen.line(3) '        | -1     || ''         | ReplLine.Kind.CODE     | 'screen.line(3) '
        "boot 'pxe', on"         | -1     || 'on'       | ReplLine.Kind.CODE     | "boot 'pxe', "
        ':conn'                  | -1     || ':conn'    | ReplLine.Kind.COMMAND  | ''
        ':connect sandbox fs'    | -1     || 'fs'       | ReplLine.Kind.COMMAND  | ':connect sandbox '
        ':connect '              | -1     || ''         | ReplLine.Kind.COMMAND  | ':connect '
        'type 1 // a co'         | -1     || 'co'       | ReplLine.Kind.OTHER    | 'type 1 // a '
    }

    def "a complete candidate closes an open string, and only an open one"() {
        expect:
        parser.parse("press 'F", 8, ParseContext.COMPLETE).escape('F1', true) == "F1'"
        parser.parse("press 'F", 8, ParseContext.COMPLETE).escape('ctrl-', false) == 'ctrl-'
        parser.parse("press 'F'", 8, ParseContext.COMPLETE).escape('F1', true) == 'F1'
        parser.parse('wai', 3, ParseContext.COMPLETE).escape('waitFor', true) == 'waitFor'
    }
}
