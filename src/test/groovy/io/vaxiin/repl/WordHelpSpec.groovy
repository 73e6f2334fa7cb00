package io.vaxiin.repl

import io.vaxiin.dsl.RecoveryScript
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Unroll

class WordHelpSpec extends Specification {

    @Shared def help = new WordHelp(CommandSyntax.DEFAULTS)

    @Unroll("the word #word has help text")
    def "every word of the DSL has help text, from its Javadoc"() {
        expect:
        help.summary(word).orElse('').length() > 10
        !help.help(word).contains('is not a word')

        where:
        word << new TreeSet<>(RecoveryScript.WORDS)
    }

    def "the help of press is its Javadoc and mentions F1"() {
        expect:
        help.help('press') == '''\
            press(keys)
              Presses a key or a combination: press 'F1', press 'ctrl-alt-delete'; on the serial console when
              there is no KVM console.
            '''.stripIndent()
    }

    def ":help lists each word with its first sentence, then the commands, and no internal method"() {
        when:
        def text = help.overview()
        def lines = text.readLines()

        then:
        lines[0] == 'Words of the DSL (:help WORD tells more):'
        lines.contains('  type        Types text as a keyboard would; \\n is Enter.')
        lines.contains('  done        Ends the recovery as recovered (exit code 0).')
        lines.any { it.startsWith('  :quit') && it.contains('Leaves the REPL, as Ctrl-D does') }
        lines.every { it.length() <= 100 }
        ['$rule', '$bind', 'getScreen', 'needlePath', 'run('].every { !text.contains(it) }
        help.words().containsAll(RecoveryScript.WORDS)
        help.words().every { !it.startsWith('$') && !it.startsWith('get') }
    }

    def ":help WORD shows every overload, simplified, with its whole text"() {
        when:
        def text = help.help('waitFor')

        then:
        text.readLines().findAll { it.startsWith('waitFor(') } ==
                ['waitFor(regex)', 'waitFor(options, regex)', 'waitFor(options, regex)', 'waitFor(regex)',
                 'waitFor(options)', 'waitFor(condition)', 'waitFor(options, condition)']
        text.contains('  Waits for text on the serial console or the screen: waitFor(serial: /login:/), waitFor(screen:\n' +
                '  /login:/, timeout: 2.minutes).')
    }

    def "the help of matches keeps its list of options as bullets"() {
        expect:
        help.help('matches').contains('\n  Options:\n' +
                '  - threshold: the least similarity that counts, in (0, 1]; default 0.95, which the same pixels pass\n' +
                '    (score 1) and')
    }

    @Unroll(":help #word shows the getter, its class and the members a script uses")
    def ":help of an area shows the getter's Javadoc and its class's public methods"() {
        when:
        def text = help.help(word)

        then:
        text.startsWith(word + '\n  ')
        text.contains("\nMembers of $word:\n")
        members.every { text.contains("\n  $word.$it\n") }
        hidden.every { !text.contains(it) }

        where:
        word     || members                                                                    | hidden
        'screen' || ['lines', 'line(n)', 'region(x, y, w, h)', 'contains(s)', 'find(regex)', 'reader'] | ['text()', 'length', 'charAt', 'Screen(']
        'serial' || ['lines', 'history', 'contains(s)', 'find(regex)', 'type(text)', 'press(keys)']     | ['SerialText(']
        'server' || ['name', 'vendor', 'model', 'consoles']                                             | ['toString']
        'http'   || ['get(url)', 'get(options, url)', 'post(options, url)', 'post(url)', 'put(options, url)'] | ['getStatus', 'call(']
        'params' || ['get(name, fallback)', 'has(name)']                                                | ['getProperty', 'setProperty', 'asMap']
    }

    def ":help of one member of an area"() {
        expect:
        help.help('screen.line') == '''\
            screen.line(n)
              One row of the screen, 0 for the top row; an empty string past the last row.

              - n: row number, from 0
            '''.stripIndent()
    }

    @Unroll(":help #word says it does not know it: #answer")
    def "an unknown word says so, with a did-you-mean"() {
        expect:
        help.help(word) == answer + '\n'

        where:
        word          || answer
        'prss'        || "'prss' is not a word of the DSL; did you mean 'press'?"
        'WaitFor'     || "'WaitFor' is not a word of the DSL; did you mean 'waitFor'?"
        'frobnicate'  || "'frobnicate' is not a word of the DSL (:help lists them)"
        'screen.lin'  || "'screen.lin' is not a word of the DSL; did you mean 'screen.line'?"
        ':conect'     || "':conect' is not a command of the REPL; did you mean ':connect'?"
    }

    def ":help of a command shows its usage and what it does"() {
        expect:
        help.help(':connect').startsWith(':connect NAME | URI... | sandbox [SCENARIO]\n  Switches to a server of the inventory,')
    }

    def "when and then are explained by the comment of what they compile to"() {
        expect:
        help.help('when').startsWith('when COND then ACTION\n  A rule: when COND then ACTION')
        help.help('then') == help.help('when')
    }
}
