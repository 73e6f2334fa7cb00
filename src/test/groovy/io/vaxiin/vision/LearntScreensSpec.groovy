package io.vaxiin.vision

import io.vaxiin.fixture.UnseenFonts
import spock.lang.Shared
import spock.lang.Specification

/**
 * One console in a font nobody shipped, frame after frame, as a console is read: its boot log,
 * then a whiptail dialog, then a BIOS setup page (tuning fonts of UNSEEN-FONTS.md). What the
 * learnt font gets right there that it once got wrong, line for line.
 */
class LearntScreensSpec extends Specification {

    /** Per font, the three screens, each read in turn by one console reader: [screen: [truth, read]]. */
    @Shared Map<String, Map<String, List<List<String>>>> read = [:]

    def setupSpec() {
        ['Uni2-VGA14', 'Uni2-Fixed16', 'Lat15-Terminus20x10', 'Lat15-VGA8', 'Lat15-Fixed15'].each { n ->
            new ConsoleReader().withCloseable { reader ->
                read[n] = UnseenFonts.frames(UnseenFonts.load(n)).collectEntries { f ->
                    [(f.screen): [f.firstTruth()*.stripTrailing(), reader.read(f.firstImage).lines()]]
                }
            }
        }
    }

    /** The read line that holds {@code mark}, and the truth's. */
    List<String> line(String font, String screen, String mark) {
        def (truth, lines) = read[font][screen]
        [truth.find { it.contains(mark) }, lines.find { it.contains(mark) }]
    }

    /** The bar of a 'Flash update: ████▓▒▒░░ 52%' line, without the figure (OCR may read this font's '%' as 'z'). */
    static String bar(String line) {
        line.substring(line.indexOf('Flash'), line.indexOf(' 52'))
    }

    def "a progress bar of full blocks and shades in a dialog's colours reads as drawn: a shade is read against the colours around it"() {
        when:
        def (truth, got) = line('Uni2-VGA14', 'bios-setup', 'Flash update:')

        then: 'the learnt font holds each shade and its counterpart in the other colours (▓ is ░ inverted)'
        truth.contains('█▓▒▒░')
        bar(got) == bar(truth)
        bar(truth) ==~ /Flash update: █+▓▒▒░+/
    }

    def "a dialog's shadow of medium shade beside the frame's black margin is no bar of full blocks"() {
        when:
        def (truth, lines) = read['Uni2-Fixed16']['whiptail']
        def shadow = truth.findIndexOf { it.trim() && it.trim().every { it == '▒' } }

        then:
        shadow > 0
        lines.find { it.trim() && it.trim().every { it == '▒' || it == '█' } } == truth[shadow]
    }

    def "a dialog after a boot log is read in the shapes the log taught, though its boxes put the cells a pixel elsewhere"() {
        when: 'the log, one colour pair, let the cells start a line higher and further left than the dialog does'
        def (truth, got) = line('Lat15-Terminus20x10', 'whiptail', '/dev/sda (')

        then: 'its zeros and brackets read as the log taught them'
        truth.contains('[*] /dev/sda (80026 MB; ST380815AS)')
        got == truth
    }

    def "in an 8x8 font whose 'f' OCR reads as 'F' on every row, and '/' as a quote, the shell's line reads as typed"() {
        when:
        def (truth, got) = line('Lat15-VGA8', 'boot-log', '# fsck ')

        then: 'of two shapes OCR read as F, the one among lower-case letters is f; a quote mark is no shape as tall as a line'
        truth == 'root@srv-0815:~# fsck /dev/sda1'
        got == truth // the prompt's tilde, two pixels high here, OCR reads as a degree sign: a wave with no hole is no ring
        ShapeCharacters.otherCase((int) 'f') == (int) 'F' && ShapeCharacters.otherCase((int) '5') == -1
    }

    def "marks and bars OCR misreads on every row read as their build says: one stroke is an apostrophe, two bars an equals sign"() {
        expect: "this Fixed 8x15's apostrophe, read as '\"' on every row, and this VGA 8x8's '=', read as '-'"
        line('Lat15-Fixed15', 'boot-log', "See 'systemctl").with { it[0] == it[1] }
        line('Lat15-Fixed15', 'boot-log', "Entry 'lost").with { it[0] == it[1] }
        line('Lat15-VGA8', 'boot-log', 'counted=').with { it[0] == it[1] }
        line('Uni2-VGA14', 'boot-log', 'type "journalctl').with { it[0] == it[1] }
    }
}
