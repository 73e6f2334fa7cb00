package io.vaxiin.repl

import spock.lang.Specification
import spock.lang.Unroll

class InputCompletenessSpec extends Specification {

    @Unroll("#scenario")
    def "tells a whole input from one that obviously goes on"() {
        expect:
        InputCompleteness.complete(text) == complete

        where:
        scenario                                   | text                                                   || complete
        'nothing'                                  | ''                                                     || true
        'a word'                                   | "type 'y'"                                             || true
        'a rule'                                   | "when screen =~ /Fix<y>\\?/ then type 'y'"             || true
        'a rule ending with then'                  | "when screen =~ /login:/ then"                         || false
        'then and a comment'                       | "when screen =~ /login:/ then // later"               || false
        'a word ending in then'                    | "def athen = 1; athen"                                 || true
        'an open closure'                          | "waitFor {"                                            || false
        'a closure over 3 lines'                   | "waitFor {\n  screen =~ /login:/\n}"                   || true
        'a closure over 2 of 3 lines'              | "waitFor {\n  screen =~ /login:/"                      || false
        'nested, still open'                       | "def f = { x ->\n  [1, 2].each { y ->\n  }"            || false
        'an open parenthesis'                      | "waitFor(timeout: 5.seconds,"                          || false
        'an open list'                             | "def keys = ['F1',\n 'F2'"                             || false
        'a string with a brace'                    | "type '{'"                                             || true
        'a string with a closing brace'            | 'def s = "}{"'                                         || true
        'a string with an escaped quote'           | "type 'it\\'s {'"                                      || true
        'a GString with a closure in it'           | 'log "${[1].collect { it }}"'                          || true
        'a regex with \\('                         | "waitFor(/\\(x/)"                                      || true
        'a regex after =~ with \\('                | "screen =~ /\\(x/"                                     || true
        'a regex with a bracket in it'             | "screen =~ /[{]/"                                      || true
        'division is not a regex'                  | "def x = 10 / 2"                                       || true
        'division then a brace'                    | "def x = (a / 2) + { 1 }()"                            || true
        'a line comment with a brace'              | "type 'y' // {"                                        || true
        'an open block comment'                    | "type 'y' /* later {"                                  || false
        'a closed block comment'                   | "type 'y' /* { */"                                     || true
        "an open '''"                              | "def s = '''one\ntwo"                                  || false
        "a closed '''"                             | "def s = '''one\n{two'''"                              || true
        'an open """'                              | 'def s = """one'                                       || false
        'a backslash at the end'                   | "type 'y' + \\"                                        || false
        'ends with &&'                             | "screen =~ /a/ &&"                                     || false
        'ends with ||'                             | "screen =~ /a/ ||\n"                                   || false
        'ends with a comma'                        | "boot 'pxe',"                                          || false
        'ends with +'                              | "def s = 'a' +"                                        || false
        'ends with ++'                             | "i++"                                                  || true
        'ends with ='                              | "def s ="                                              || false
        'ends with ->'                             | "[1].each { x ->"                                      || false
        'ends with == on the last of 2 lines'      | "def a = 1\na =="                                      || false
        'a :command'                               | ':connect sandbox fsck'                                 || true
        'a :command with a brace'                  | ':save {x'                                             || true
        'a closing bracket too many'               | "type 'y' }"                                           || true
        "a '…' left open at the line's end"        | "type 'y"                                              || true
        'a brace after an open string line'        | "def f = { 'x\n}"                                      || true
        'a slashy regex as an argument'            | "waitFor(/login:/, timeout: 2.minutes)"                || true
    }

    def "says what keeps the input open"() {
        expect:
        InputCompleteness.open("waitFor {\n [1, (") == Optional.of(new InputCompleteness.Open(')', 3, ')'))
        InputCompleteness.open("def s = '''x") == Optional.of(new InputCompleteness.Open("'''", 0, null))
        InputCompleteness.open("a /* b") == Optional.of(new InputCompleteness.Open('*/', 0, null))
        InputCompleteness.open("when x then") == Optional.of(new InputCompleteness.Open('then', 0, null))
        InputCompleteness.open("x = 1 \\\n") == Optional.of(new InputCompleteness.Open('\\', 0, null))
        InputCompleteness.open("type 'y'") == Optional.empty()
    }
}
