package io.vaxiin.repl.recording

import spock.lang.Specification
import spock.lang.Unroll

import java.time.Instant

import static io.vaxiin.repl.recording.Step.Console.SCREEN
import static io.vaxiin.repl.recording.Step.Kind.*

class RecordingSpec extends Specification {

    Instant t0 = Instant.parse('2025-03-04T10:00:00Z')

    def "steps are kept in the order they were added, and undo takes the last one back"() {
        given:
        def recording = new Recording('vnc://127.0.0.1:5901', t0)
        def first = new Step(ANSWER, "type 'y'", SCREEN, ['Fix<y>?'], t0.plusSeconds(1))
        def second = new Step(WAIT, 'waitStill 2.seconds', SCREEN, ['Fix<y>? yes'], t0.plusSeconds(2))

        expect:
        recording.isEmpty()
        recording.undo().isEmpty()

        when:
        recording.add(first)
        recording.add(second)
        def view = recording.steps()

        then:
        view == [first, second]
        !recording.isEmpty()
        recording.where() == 'vnc://127.0.0.1:5901'
        recording.started() == t0

        when:
        def undone = recording.undo()

        then: 'the view follows'
        undone.get() == second
        view == [first]

        when:
        view.add(second)

        then: 'the REPL adds through the recording, not the view'
        thrown(UnsupportedOperationException)
    }

    def "a step's lines are copied, and a missing list or line is no text"() {
        given:
        def lines = ['Fix<y>?', null]

        when:
        def step = new Step(ANSWER, "type 'y'", SCREEN, lines, t0)
        lines[0] = 'changed'

        then:
        step.seen() == ['Fix<y>?', '']
        new Step(DONE, null, SCREEN, null, t0).seen() == []
    }

    @Unroll("#what is refused")
    def "a step the REPL got wrong is refused where it is made"() {
        when:
        make()

        then:
        def e = thrown(RuntimeException)
        e.message.contains(message)

        where:
        what                         | make                                                          || message
        'an answer without source'   | { -> new Step(ANSWER, null, SCREEN, [], Instant.EPOCH) }      || 'ANSWER needs the source'
        'a blank source'             | { -> new Step(WAIT, '  ', SCREEN, [], Instant.EPOCH) }        || 'WAIT has a blank source'
        'an answer without console'  | { -> new Step(ANSWER, "type 'y'", null, [], Instant.EPOCH) }  || 'needs the console'
        'a step without a time'      | { -> new Step(RULE, "when screen =~ /x/ then type 'y'", null, [], null) } || 'at'
    }
}
