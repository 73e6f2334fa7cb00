package io.vaxiin.repl.recording

import spock.lang.Specification
import spock.lang.Unroll

import java.time.Instant

import static io.vaxiin.repl.recording.Rec.screen

class DistinguishSpec extends Specification {

    static Seen seen(String text) {
        Seen.of(new Step(Step.Kind.ANSWER, "type 'y'", Step.Console.SCREEN, text.split('\n', -1) as List, Instant.EPOCH))
    }

    static List<Seen> seen(List<String> texts) {
        texts.collect { seen(it) }
    }

    @Unroll("#what")
    def "a kind's regex is the shortest end of its screens that no other screen has"() {
        expect:
        Distinguish.of(seen(positives), seen(negatives), []) == new Distinguish.Choice(regex, true)

        where:
        what                                                  | positives                                     | negatives                         || regex
        'the common end of two questions'                     | ['Clear<y>? ', 'Fix<y>? ']                    | ['debian login: ']                || /<y>\?\s*$/
        'a partial word at the left edge is dropped'          | ['Pass 2\nClear<y>?', 'Pass 3\nFear<y>?']     | ['login:']                        || /<y>\?\s*$/
        'a number kept where it tells screens apart'          | ['Inode 15, should be 0.  Fix<y>?']           | ['Block bitmap differences\nFix<y>?'] || /\d+\.\s+Fix<y>\?\s*$/
        'starting its row tells a bare question apart'        | ['Block bitmap differences\nFix<y>?']         | ['Inode 15, should be 0.  Fix<y>?'] || /(?:^|\n)\s*Fix<y>\?\s*$/
        'the row above, when the question is the same'        | ['Block bitmap differences:\nFix<y>?']        | ['Inode bitmap differences:\nFix<y>?'] || /Block bitmap differences:\s*\n\s*Fix<y>\?\s*$/
        'an alternation when the questions have nothing in common' | ['Continue? ', 'Reboot now? ']           | ['Are you sure? ']                || /(?:Continue\?|now\?)\s*$/
        'a row only the kind shows, for a moved highlight'    | [screen('firmware/grub-menu-debian')]         | [screen('firmware/grub-menu-debian-down')] || '(?m)│\\*Debian GNU\\/Linux\\s+│\\s*$'
    }

    def "a screen that was only waited on is avoided when it can be, and ignored when it cannot"() {
        given:
        List<Seen> positives = seen(['Fix<y>? '])

        expect: 'avoided: the regex grows to leave out the screen waited on'
        Distinguish.of(positives, [], seen(['Inode 15  Fix<y>?'])).regex() == /(?:^|\n)\s*Fix<y>\?\s*$/

        and: 'ignored: nothing but the same question'
        Distinguish.of(positives, [], seen(['Fix<y>?'])).regex() == /Fix<y>\?\s*$/
    }

    def "when nothing tells the kind apart, its whole last line is the regex, and it says so"() {
        expect:
        Distinguish.of(seen(['Fix<y>?']), seen(['Other text\nFix<y>?\n']), []) == new Distinguish.Choice(/Fix<y>\?\s*$/, false)
    }
}
