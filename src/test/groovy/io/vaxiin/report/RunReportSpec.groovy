package io.vaxiin.report

import io.vaxiin.fixture.CliRun
import io.vaxiin.fixture.Dsl
import io.vaxiin.recording.Event
import io.vaxiin.recording.Recording
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

import static io.vaxiin.report.Stage.picture

class RunReportSpec extends Specification {

    @TempDir Path dir

    static final List<String> SCRIPT = [
            "recovery 'stage', timeout: 1.minutes",
            "use 'lib/login'",
            "when screen =~ /<y>\\?/ then type 'y'",
            "when screen =~ /Give root password/ then fail 'fsck gave up'",
    ]

    static ReportInput input(boolean passed, String verdict = passed ? 'recovered: up' : 'fsck gave up', List<String> details = []) {
        new ReportInput('vaxiin run stage.groovy on stage-01', 'stage.groovy', SCRIPT, passed, verdict, details)
    }

    String write(Recording recording, ReportInput input) {
        def file = dir.resolve('report.html')
        RunReport.write(recording, input, file)
        Files.readString(file)
    }

    /** The page's problems as a self-contained file: anything it would fetch from elsewhere. */
    static List<String> outsideReferences(String html) {
        def found = []
        ['http://', 'https://', 'src=', '<link', '@import', '<script', '<iframe'].each { if (html.contains(it)) found << it }
        (html =~ /href="([^"]*)"/).each { if (!it[1].startsWith('#')) found << "href=${it[1]}" }
        (html =~ /url\(([^)]{0,40})/).each { if (!it[1].startsWith('"data:image/png;base64,')) found << "url(${it[1]}" }
        found
    }

    static int occurrences(String text, String part) {
        int n = 0
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++
        n
    }

    /** The frames of each strip's thumbnails, strip by strip. */
    static List<List<String>> strips(String html) {
        (html =~ /(?s)<div class=strip>(.*?)<\/div>/).collect { m -> (m[1] =~ /data-frame="(\w+)"/).collect { it[1] } }
    }

    static String entry(String html, String cls) {
        def m = html =~ /(?s)<li class="${cls}"[^>]*>(.*?)<\/li>/
        m.find() ? m.group(1) : null
    }

    static double seconds(String clock) {
        def (min, sec) = clock.split(':')
        (min as int) * 60 + (sec as double)
    }

    def "the report is one page that refers to nothing outside itself"() {
        given:
        def stage = new Stage()
        stage.at(0.5).show(picture(0x000080), 'BIOS')
        stage.at(1.0).serial(0, 'Booting\n')
        stage.at(1.5).show(picture(0x000000, 3), 'Clear<y>?')
        stage.at(1.6).type('y')
        def recording = stage.at(2.0).end('RECOVERED', 'up')

        when:
        def html = write(recording, input(true))

        then:
        html.startsWith('<!doctype html>')
        outsideReferences(html) == []
        occurrences(html, 'data:image/png;base64,') == 2
    }

    def "each distinct screen is in the file once, however often it is shown"() {
        given: 'screen A four times (twice in a row), B twice'
        def stage = new Stage()
        def a = stage.at(0.1).show(picture(0x202020, 1), 'A')
        stage.at(0.2).show(picture(0x202020, 1), 'A')
        def b = stage.at(0.3).show(picture(0x602020, 2), 'B')
        stage.at(0.4).type('y')
        stage.at(0.5).show(picture(0x202020, 1), 'A')
        stage.at(0.6).show(picture(0x602020, 2), 'B')
        stage.at(0.7).show(picture(0x202020, 1), 'A')
        def recording = stage.at(1.0).end('RECOVERED', 'up')

        when:
        def html = write(recording, input(true))

        then: 'each picture once, as the CSS class every thumbnail and the full-size view use'
        recording.frames().keySet() == [a, b] as Set
        recording.frames().values().every { occurrences(html, Base64.encoder.encodeToString(it.png())) == 1 }
        occurrences(html, 'data:image/png;base64,') == 2
        occurrences(html, "class=\"thumb f-$a\"") == 4 // three in the strips (A twice in a row is one), one the last screen
        occurrences(html, "class=viewer id=\"v-$a\"") == 1
        occurrences(html, "class=\"full f-$a\"") == 1
    }

    def "consecutive identical screens are one thumbnail with their times; a strip ends at each action"() {
        given:
        def stage = new Stage()
        def a = stage.at(1.0).show(picture(0x202020, 1), 'A')
        stage.at(1.5).show(picture(0x202020, 1), 'A')
        stage.at(2.0).show(picture(0x202020, 1), 'A')
        def b = stage.at(3.0).show(picture(0x602020, 2), 'B')
        stage.at(3.5).type('y')
        stage.at(4.0).show(picture(0x202020, 1), 'A')
        stage.at(5.0).event('power', Event.fields('action', 'cycle', 'frame', a))
        stage.at(9.0).event('power-done', Event.fields('action', 'cycle', 'error', null))
        stage.at(9.5).show(picture(0x602020, 2), 'B')
        def recording = stage.at(10.0).end('RECOVERED', 'up')

        when:
        def html = write(recording, input(true))

        then:
        strips(html) == [[a, b], [a], [b]]
        html.contains('<figcaption>0:01.0–0:02.0 · 3×</figcaption>')
        html.contains('<figcaption>0:03.0</figcaption>')

        and: 'each action with the screen it answered, the power cycle with its end'
        entry(html, 'action').contains("<strong>type &#39;y&#39;</strong> on the console")
        entry(html, 'action').contains("data-frame=\"$b\"")
        html.contains('<strong>power cycle</strong><div class=done>done at 0:09.0</div>')
    }

    def "the timeline is in time order, though a screen is written after the events of its time"() {
        given: 'a log line written before the frame the console showed earlier'
        def stage = new Stage()
        stage.at(1.0).step('first')
        stage.at(3.0).step('written before the frame')
        stage.at(2.0).show(picture(0x101010), 'x')
        stage.at(4.0).warn('the console dropped; reconnecting')
        def recording = stage.at(5.0).end('RECOVERED', 'up')

        when:
        def html = write(recording, input(true))
        def times = (html =~ /<time>([0-9:.]+)<\/time>/).collect { seconds(it[1]) }

        then:
        times == times.toSorted()
        times.size() == 5
        html.indexOf('first') < html.indexOf('class=strip') && html.indexOf('class=strip') < html.indexOf('written before the frame')

        and: 'a warning stands out'
        entry(html, 'log warn') == '<time>0:04.0</time><div class=what>warning: the console dropped; reconnecting</div>'
    }

    def "every text of the recording and of the input is escaped"() {
        given:
        def nasty = '<script>alert("x")</script> & \'q\''
        def stage = new Stage()
        stage.at(0.5).show(picture(0x000000), "screen $nasty")
        stage.at(0.6).serial(0, "serial $nasty\u001b[31m red\r\n")
        stage.at(0.7).step("step $nasty")
        stage.at(0.8).type("</pre>$nasty")
        def recording = stage.at(1.0).end('FAILED', "end $nasty", '')
        def input = new ReportInput("title $nasty", 'stage.groovy', ["line $nasty"], false, "verdict $nasty", ["detail $nasty"])

        when:
        def html = write(recording, input)
        def escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;'

        then:
        !html.contains('<script')
        ['title', 'verdict', 'detail', 'screen', 'serial', 'step', 'end'].every { html.contains("$it $escaped") }
        html.contains("<strong>type &#39;&lt;/pre&gt;$escaped&#39;</strong>")
        html.contains('\u241b[31m red</pre>') // the console's escape shown as ␛, not sent to the browser
    }

    def "a failed run ends in a red failing step: the verdict, what the run said, the line to blame and the last screen"() {
        given:
        def stage = new Stage()
        stage.at(0.5).show(picture(0x000000), 'Clear<y>?')
        def last = stage.at(1.5).show(picture(0x400000, 5), 'Give root password for maintenance')
        def recording = stage.at(1.7).end('FAILED', 'fsck gave up', '(stage.groovy, line 4)')

        when:
        def html = write(recording, input(false, '(stage.groovy, line 4) fsck gave up', ['the screen:', '  | Give root password']))
        def end = entry(html, 'end failing-step')

        then:
        html.contains('<header class=failed>')
        html.contains('<p class=verdict>FAILED: (stage.groovy, line 4) fsck gave up</p>')
        html.contains('<pre class=details>the screen:\n  | Give root password</pre>')
        html =~ /\.end\.failing-step\{[^}]*#cf222e/
        end.startsWith('<time>0:01.7</time>')
        end.contains('<strong>FAILED</strong>: (stage.groovy, line 4) fsck gave up')
        end.contains('<pre class=source><span class=n>4</span>when screen =~ /Give root password/ then fail &#39;fsck gave up&#39;</pre>')
        end.contains("data-frame=\"$last\"")
        !html.contains('class="end passed"')
    }

    def "a passed run ends green and has no failing step"() {
        given:
        def stage = new Stage()
        stage.at(0.5).show(picture(0x000000), 'login:')
        def recording = stage.at(0.6).end('RECOVERED', 'up')

        when:
        def html = write(recording, input(true, 'up'))

        then:
        html.contains('<header class=passed>')
        entry(html, 'end passed').contains('<strong>PASSED</strong>: up')
        !html.contains('class="end failing-step"')
    }

    def "a rule that fired shows its line of the script; one of a library says where it is written"() {
        given:
        def stage = new Stage()
        stage.at(0.5).show(picture(0x000000), 'Clear<y>?')
        stage.at(0.6).step("rule 'screen =~ /<y>\\?/' (stage.groovy, line 3) fired (1/5): type 'y'")
        stage.at(0.7).step("rule 'atLoginPrompt()' (login.groovy, line 21) fired (1/5): done 'reached the login prompt'")
        def recording = stage.at(0.8).end('RECOVERED', 'reached the login prompt')

        when:
        def html = write(recording, input(true))
        def rules = (html =~ /(?s)<li class="rule">(.*?)<\/li>/).collect { it[1] }

        then:
        rules == [
                '<time>0:00.6</time><div class=what>rule fired (1/5), <span class=where>stage.groovy, line 3</span>'
                        + '<pre class=source><span class=n>3</span>when screen =~ /&lt;y&gt;\\?/ then type &#39;y&#39;</pre>'
                        + '<div class=did>then type &#39;y&#39;</div></div>',
                '<time>0:00.7</time><div class=what>rule fired (1/5), <span class=where>login.groovy, line 21</span>'
                        + ': <code>when atLoginPrompt()</code><div class=did>then done &#39;reached the login prompt&#39;</div></div>']
    }

    def "long serial text shows its last lines and folds the earlier ones"() {
        given:
        def stage = new Stage()
        def lines = (1..20).collect { "line $it" }
        stage.at(0.5).serial(0, lines[0..9].join('\n') + '\n')
        stage.at(0.6).serial(lines[0..9].join('\n').length() + 1, lines[10..19].join('\n') + '\n')
        def recording = stage.at(0.8).end('RECOVERED', 'up')

        when:
        def html = write(recording, input(true))

        then:
        entry(html, 'serial') == ('<time>0:00.5</time><div class=what><details><summary>serial console: 12 earlier lines</summary><pre>'
                + lines[0..11].join('\n') + '</pre></details><pre class=text>' + lines[12..19].join('\n') + '</pre></div>')
    }

    def "ten minutes of screens and serial text, between ten actions, are thirty entries: a strip, a text and an action each"() {
        given: 'a screen a second for ten minutes, each one new, serial lines between them, and a key every minute'
        def stage = new Stage()
        int serialLength = 0
        for (int minute = 0; minute < 10; minute++) {
            for (int s = 0; s < 60; s++) {
                int t = minute * 60 + s
                stage.at(t).show(picture(t * 4001 & 0xffffff, s % 8), "screen $t")
                def line = "[ $t ] a kernel line\n"
                stage.at(t + 0.5).serial(serialLength, line)
                serialLength += line.length()
            }
            stage.at(minute * 60 + 59.9).type('y')
        }
        def recording = stage.at(600).end('RECOVERED', 'up')

        when:
        long began = System.nanoTime()
        def html = write(recording, input(true))
        double took = (System.nanoTime() - began) / 1e9

        then:
        (html =~ /<li class="(\w+)/).collect { it[1] }.countBy { it } == [screens: 10, serial: 10, action: 10, end: 1]
        strips(html)*.size() == [60] * 10
        occurrences(html, 'data:image/png;base64,') == 600
        took < 5
    }

    def "a real run of fsck.groovy on the sandbox writes a report with each recorded screen once, its rules' lines and its end"() {
        given:
        def out = dir.resolve('run')
        def rec = dir.resolve('rec')

        when:
        def run = CliRun.of('run', 'dsl-examples/fsck.groovy', '--out', out.toString(), '--record', rec.toString())
        def html = Files.readString(out.resolve('report.html'))
        def recording = Recording.read(rec)
        def script = Files.readAllLines(Dsl.PROJECT.resolve('dsl-examples/fsck.groovy'))
        int n = script.findIndexOf { it.startsWith('when screen =~ /(?m)<y>') } + 1

        then:
        run.code == 0
        outsideReferences(html) == []
        recording.frames().size() >= 5
        recording.frames().values().every { occurrences(html, Base64.encoder.encodeToString(it.png())) == 1 }
        occurrences(html, 'data:image/png;base64,') == recording.frames().size()
        n > 0
        occurrences(html, "<pre class=source><span class=n>$n</span>" + RunReport.esc(script[n - 1]) + '</pre>') == 2
        (html =~ /(?s)<li class="action">.*?data-frame="(\w+)"/).collect { it[1] } ==
                recording.events().findAll { it.kind() == 'type' }*.text('frame')
        entry(html, 'end passed').contains('<strong>PASSED</strong>: reached the login prompt')
    }
}
