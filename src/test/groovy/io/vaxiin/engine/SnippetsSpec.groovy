package io.vaxiin.engine

import io.vaxiin.dsl.Session
import io.vaxiin.fixture.Dsl
import io.vaxiin.fixture.ScriptedConsole
import spock.lang.Specification
import spock.lang.Timeout
import spock.lang.Unroll

/**
 * The REPL's snippets: each is checked and confined as a script is, keeps its variables and
 * helper methods for the next, ends with a value or the same message as a run, and a running one
 * can be cancelled.
 */
@Timeout(60)
class SnippetsSpec extends Specification {

    Dsl dsl = new Dsl()
    ScriptedConsole console = new ScriptedConsole('Pass 1: Checking inodes\nInode 12 ref count is 2, should be 1.  Fix<y>? ')
    Snippets snippets = new Snippets(dsl.compiler, dsl.dir)
    Session session = snippets.prepare(dsl.session(console)).build()

    Snippets.Result eval(String text) { snippets.eval(text, session) }

    def "a snippet's value is the value of its last statement"() {
        expect:
        eval(text).value == value

        where:
        text                                   || value
        '1 + 2'                                || 3
        "screen.line(1)"                       || 'Inode 12 ref count is 2, should be 1.  Fix<y>? '
        "def x = 'a'; x * 3"                   || 'aaa'
        "[1, 2, 3].collect { it * 2 }"         || [2, 4, 6]
        "server.name"                          || 'spec-01'
        "type 'y'"                             || null
    }

    def "variables of one snippet are seen by the next, whether declared with def, a type or not at all"() {
        when:
        eval("def n = screen.line(1)")
        eval("count = 2")
        eval("String word = 'Fix'")

        then:
        eval("n.contains(word) && count + 1 == 3").value == true
        eval("n = 5; n * count").value == 10
        snippets.variableNames() == ['count', 'n', 'word'] as Set
    }

    def "a variable assigned before a snippet fails is still kept"() {
        when:
        def r = eval("k = 7\nwaitFor(/never/, timeout: 100.milliseconds)")

        then:
        r.kind == Snippets.Kind.FAILED
        eval('k').value == 7
    }

    def "a script's variable may hold a string and then a number (the checker's common type of both is loadable)"() {
        when:
        def r = dsl.run("def n = 'a'\nn = 5\ndone(String.valueOf(n * 2))", console)

        then:
        r.outcome() == RunResult.Outcome.RECOVERED
        r.message() == '10'
    }

    def "a method defined in one snippet can be called by the next"() {
        when:
        eval("def prompt() { screen.line(1).trim() }")

        then:
        eval("prompt().endsWith('Fix<y>?')").value == true
        snippets.helperNames().contains('prompt')
    }

    @Unroll("a wrong snippet gets check's message: #text")
    def "a wrong snippet gets the checker's message, with the snippet's line and column, and nothing runs"() {
        when:
        def r = eval(text)

        then:
        r.kind == Snippets.Kind.NOT_COMPILED
        r.exitCode() == 2
        r.errors*.toString() == [message]
        console.input.isEmpty()

        where:
        text                  || message
        "prss 'F1'"           || "repl:1:1: 'prss' is not a word of the DSL; did you mean 'press'?"
        "press 'F13'"         || "repl:1:7: 'press' does not know the key 'F13' (keys: F1-F12, Esc, Enter, Tab, Backspace, Delete, Insert, Home, End, PageUp, PageDown, Up, Down, Left, Right, Space, a single character; combine with ctrl-, alt-, shift-, meta-)"
        "sleep 5"             || "repl:1:7: 'sleep 5' needs a duration: write sleep 5.seconds"
        "power 'of'"          || "repl:1:7: 'power' does not know 'of' (on, off, cycle, reset, soft)"
    }

    def "what a snippet did to the target is told: keys, waits"() {
        expect:
        eval("type 'y'").acts == [Session.Act.KEYS] as Set
        eval("press 'Enter'; waitFor(/Fix/)").acts == [Session.Act.KEYS, Session.Act.WAIT] as Set
        eval("screen.line(0)").acts.isEmpty()
        console.input == ['y', '<Enter>']
    }

    def "done and fail end the snippet with the run's outcome, not the REPL"() {
        when:
        def done = eval("done 'booted'")
        def failed = eval("fail 'disk is gone'")

        then:
        done.kind == Snippets.Kind.ENDED
        done.ending.message() == 'booted'
        done.exitCode() == 0
        failed.kind == Snippets.Kind.ENDED
        failed.exitCode() == 1
        failed.ending.headline() == '(repl, line 1) disk is gone'
    }

    def "a failed wait says what a run says, with the snippet's line"() {
        when:
        def r = eval("\nwaitFor(/login:/, timeout: 200.milliseconds)")

        then:
        r.kind == Snippets.Kind.FAILED
        r.exitCode() == 1
        r.ending.headline() == '(repl, line 2) condition did not pass in 200 milliseconds: screen =~ /login:/'
    }

    def "a rule typed in a snippet is registered"() {
        expect:
        eval("when screen =~ /Fix<y>\\?/ then type 'y'").rulesAdded == 1
        session.rules()*.source() == ['screen =~ /Fix<y>\\?/']
    }

    def "cancel ends a running wait within a second, and the next snippet runs"() {
        given:
        def started = System.nanoTime()
        Thread.start { sleep 300; snippets.cancel() }

        when:
        def r = eval("waitFor(/login:/, timeout: 30.seconds)")
        def took = (System.nanoTime() - started) / 1e9

        then:
        r.kind == Snippets.Kind.FAILED
        r.ending.message() == 'interrupted while waiting for screen =~ /login:/'
        took < 1.5
        eval('1 + 1').value == 2
    }

    def "a snippet is confined as a script is"() {
        expect:
        eval("new File('/etc/passwd').text").kind == Snippets.Kind.NOT_COMPILED
        eval("System.exit(1)").kind == Snippets.Kind.NOT_COMPILED
        eval("x = this.binding").kind == Snippets.Kind.NOT_COMPILED
    }
}
