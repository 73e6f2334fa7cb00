package io.vaxiin.engine

import io.vaxiin.fixture.Dsl
import spock.lang.Specification
import spock.lang.Unroll

/**
 * Whether a rule acts is decided from its action's code when the script compiles (ActingWords):
 * what watch mode starts a script by, and what `check` notes a script that never applies by.
 */
class ActingRulesSpec extends Specification {

    Dsl dsl = new Dsl()

    @Unroll("#action: acts #acts")
    def "a rule acts when its action types, presses, powers, boots, calls http or a helper; not when it only ends, logs, looks or waits"() {
        when:
        def script = dsl.compiler.compile('rules.groovy', """\
            recovery 'x'
            void answer() { type 'y' }
            when screen =~ /x/ then $action
            """.stripIndent(), dsl.dir)

        then:
        script.ruleActs() == [acts]
        script.neverApplies() == !acts

        where:
        action                                                                     || acts
        "done 'up'"                                                                || false
        "fail 'down'"                                                              || false
        "{ log 'seen'; fail 'down' }"                                              || false
        "{ screenshot 'a'; waitFor(/y/); done 'ok' }"                              || false
        "{ log \"panic: \${serial.lines.find { it.contains('panic') }?.trim()}\"\n    done 'seen' }" || false
        "type 'y'"                                                                 || true
        "{ press 'F1' }"                                                           || true
        "{ serial.type 'y' }"                                                      || true
        "{ log \"panic: \${serial.lines.find { it.contains('panic') }?.trim()}\"\n    power 'cycle' }" || true
        "{ boot 'disk'; power 'reset' }"                                           || true
        "{ http.post 'http://127.0.0.1:1/x', json: [a: 1]; done 'told' }"          || true
        "{ answer() }"                                                             || true
    }
}
