package io.vaxiin.ci

import io.vaxiin.fixture.CliRun
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/**
 * `vaxiin test` as a CI pipeline runs it: the examples against the recordings they name, the
 * summary line, JUnit XML, and each way a test can fail with the line that says why.
 */
class TestCommandSpec extends Specification {

    @Shared Path dir = Files.createTempDirectory('vaxiin-test')
    static final String FSCK = 'dsl-examples/recordings/sandbox-fsck'

    def cleanupSpec() {
        dir.toFile().deleteDir()
    }

    private Path script(String name, String text) {
        def f = dir.resolve(name)
        Files.writeString(f, text)
        f
    }

    private static org.w3c.dom.Element junit(Path file) {
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()).documentElement
    }

    def "vaxiin test dsl-examples plays each example against the recordings it names, and writes JUnit XML"() {
        given:
        def xml = dir.resolve('examples.xml')

        when:
        def run = CliRun.of('test', 'dsl-examples', '--junit', xml.toString(), '--out', dir.resolve('examples').toString())
        def suite = junit(xml)
        int pairs = Files.list(Path.of('dsl-examples')).findAll { it.toString().endsWith('.groovy') }
                .sum { Files.readAllLines(it).count { it.startsWith('// replay: ') } } as int

        then:
        run.code == 0
        run.out.readLines().last().startsWith("8 scripts, 10 recordings: $pairs passed, 0 failed")
        run.out.contains('PASS dsl-examples/fsck.groovy with dsl-examples/recordings/xterm-e2fsck: recovered: reached the login prompt')
        run.out.contains('PASS dsl-examples/fsck.groovy with dsl-examples/recordings/sandbox-healthy: left the server alone')
        suite.getAttribute('tests') == "$pairs"
        suite.getAttribute('failures') == '0'
        suite.getElementsByTagName('testcase').length == pairs
        Files.isRegularFile(dir.resolve('examples/fsck--xterm-e2fsck/report.html'))
        Files.readString(dir.resolve('examples/fsck--xterm-e2fsck/run.log')).contains("type 'y'")
    }

    def "a regex edited so that it no longer matches fails (exit 1) with the screen text and the rule that did not fire"() {
        given:
        def text = Files.readString(Path.of('dsl-examples/fsck.groovy')).replace('Clear|Fix', 'x')
                .replace('/(?m)<y>\\?\\s*$/', '/(?m)<Y>\\?\\s*$/')
        def broken = script('fsck.groovy', text.readLines().findAll { !it.startsWith('// replay:') }.join('\n'))
        def xml = dir.resolve('broken.xml')

        when:
        def run = CliRun.of('test', broken.toString(), '--replay', FSCK, '--junit', xml.toString(), '--out', dir.resolve('broken').toString())
        def failure = junit(xml).getElementsByTagName('failure').item(0)

        then:
        run.code == 1
        run.out.contains("FAIL $broken with $FSCK: recovery 'fsck prompt at boot' timed out after 10 minutes")
        run.out.contains("the recording waited for an answer: its server was given type 'y' at 0:0")
        run.out.contains('rules that did not fire:')
        run.out.contains('fsck.groovy line 10: when screen =~ /(?m)<Y>\\?\\s*$/')
        run.out.contains("  | Entry 'numbers.txt' in /data (12) has deleted/unused inode 13.  Clear<y>?")
        run.out.readLines().last().startsWith('1 script, 1 recording: 0 passed, 1 failed')
        failure.getAttribute('message').contains('timed out after 10 minutes')
        failure.textContent.contains('Clear<y>?')
        failure.textContent.contains('fsck.groovy line 10')
    }

    def "an action the recording does not know fails the test with what the script did, what the recording did and the screen"() {
        given:
        def s = script('wrong-key.groovy', '''
            when screen =~ /Clear<y>\\?/ then press 'F1'
            when screen =~ /login:/ then done 'booted'
            '''.stripIndent())

        when:
        def run = CliRun.of('test', s.toString(), '--replay', FSCK, '--out', dir.resolve('wrong-key').toString())

        then:
        run.code == 1
        run.out =~ /FAIL .*wrong-key.groovy with .*sandbox-fsck: the recording does not know this action: the script did press 'F1' at 0:0\d\.\d of the recording, where the recorded server was given type 'y' \(at 0:0\d\.\d\)/
        run.out.contains('Clear<y>?')
    }

    def "a script acting on a healthy server fails; one that leaves it alone passes, however it ends"() {
        given:
        def meddler = script('meddler.groovy', "when screen =~ /login:/ then power 'cycle'\n")
        def bystander = script('bystander.groovy', "when screen =~ /Kernel panic/ then power 'cycle'\n")

        when:
        def run = CliRun.of('test', meddler.toString(), bystander.toString(), '--replay', 'dsl-examples/recordings/sandbox-healthy',
                '--out', dir.resolve('healthy').toString())

        then:
        run.code == 1
        run.out.contains("the script did power 'cycle'")
        run.out.contains('where the recorded server was given nothing more')
        run.out =~ /PASS .*bystander.groovy with .*sandbox-healthy: left the server alone \(the script ended: .*timed out after 10 minutes/
        run.out.readLines().last().startsWith('2 scripts, 1 recording: 1 passed, 1 failed')
    }

    def "type 'y\\n', or 'y' then Enter, or reset for cycle: an equivalent action is the recorded one"() {
        given: 'a recording of a fsck answered with y and Enter, and a panic cycled'
        def rec = dir.resolve('equivalents')
        def answer = script('answer.groovy', '''
            recovery 'record', timeout: 2.minutes
            when screen =~ /(?m)<y>\\?\\s*$/ then type 'y\\n'
            when screen =~ /login:/ then done 'booted'
            '''.stripIndent())
        CliRun.of('run', answer.toString(), '--scenario', 'fsck', '--record', rec.toString(), '--out', dir.resolve('eq-run').toString()).code == 0
        def split = script('split.groovy', '''
            when screen =~ /(?m)<y>\\?\\s*$/ then { type 'y'; press 'Enter' }
            when screen =~ /login:/ then done 'booted'
            '''.stripIndent())
        def panic = 'dsl-examples/recordings/sandbox-kernel-panic'
        def reset = script('reset.groovy', '''
            when screen =~ /Kernel panic/ then power 'reset'
            when screen =~ /login:/ then done 'booted'
            '''.stripIndent())
        def offOn = script('offon.groovy', '''
            when screen =~ /Kernel panic/ then { power 'off'; power 'on' }
            when screen =~ /login:/ then done 'booted'
            '''.stripIndent())

        expect:
        CliRun.of('test', split.toString(), '--replay', rec.toString(), '--out', dir.resolve('eq-split').toString()).code == 0
        CliRun.of('test', reset.toString(), offOn.toString(), '--replay', panic, '--out', dir.resolve('eq-reset').toString()).code == 0
    }

    def "a secret typed is never written to the recording, and its replay takes whatever the script types there"() {
        given:
        def secretFile = dir.resolve('root-password')
        Files.writeString(secretFile, 'Sw0rdfish-77')
        def login = script('login.groovy', '''
            recovery 'log in', timeout: 2.minutes
            when screen =~ /login:/ then { type "root\\n"; type params.password + "\\n"; done 'typed' }
            '''.stripIndent())
        def rec = dir.resolve('secret')
        def otherFile = dir.resolve('other-password')
        Files.writeString(otherFile, 'another-one')

        when:
        def run = CliRun.of('run', login.toString(), '--scenario', 'healthy', '--param', "password=file:$secretFile", '--record', rec.toString(),
                '--out', dir.resolve('secret-run').toString())
        def written = Files.walk(rec).findAll { Files.isRegularFile(it) }.collect { Files.readAllBytes(it) }
        def replay = CliRun.of('test', login.toString(), '--replay', rec.toString(), '--param', "password=file:$otherFile",
                '--out', dir.resolve('secret-test').toString())

        then:
        run.code == 0
        written.every { !new String(it, 'ISO-8859-1').contains('Sw0rdfish-77') }
        Files.readString(rec.resolve('events.jsonl')).contains('"event":"type","text":"****\\n"')
        !Files.readString(rec.resolve('events.jsonl')).contains('"password"')
        replay.code == 0
        !replay.out.contains('another-one')
    }

    def "a damaged recording, a folder with none, a script with none and a script that does not compile each get their line"() {
        given:
        def damaged = dir.resolve('damaged')
        Files.createDirectories(damaged.resolve('frames'))
        def lines = Files.readAllLines(Path.of(FSCK, 'events.jsonl'))
        Files.write(damaged.resolve('events.jsonl'), [lines[0], lines[1], '{"t": 1.0, "event": "frame", "frame":'])
        def empty = Files.createDirectories(dir.resolve('empty'))
        def lonely = script('lonely.groovy', "when screen =~ /x/ then done 'x'\n")
        def wrong = script('wrong.groovy', "when screen =~ /x/ then frobnicate 'x'\n")
        def xml = dir.resolve('problems.xml')

        when:
        def bad = CliRun.of('test', 'dsl-examples/fsck.groovy', '--replay', damaged.toString(), '--out', dir.resolve('damaged-out').toString())
        def none = CliRun.of('test', 'dsl-examples/fsck.groovy', '--replay', empty.toString())
        def unpaired = CliRun.of('test', lonely.toString(), 'dsl-examples/post-key.groovy', '--junit', xml.toString(), '--out', dir.resolve('unpaired').toString())
        def uncompiled = CliRun.of('test', wrong.toString(), '--replay', FSCK, '--out', dir.resolve('wrong').toString())

        then:
        bad.code == 2
        bad.out.contains("damaged/events.jsonl, line 3: not JSON")
        none.code == 2
        none.err.contains("holds no recording (a recording is a folder with events.jsonl)")
        unpaired.code == 0
        unpaired.out.contains("NONE $lonely: no recording goes with it (add a line // replay: recordings/NAME)")
        unpaired.out.readLines().last().contains('1 script without a recording')
        junit(xml).getElementsByTagName('skipped').length == 1
        uncompiled.code == 2
        uncompiled.out.contains('the script does not compile')
        uncompiled.out.contains("'frobnicate' is not a word of the DSL")
    }
}
