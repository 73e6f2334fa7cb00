package io.vaxiin.engine

import io.vaxiin.fixture.Dsl
import io.vaxiin.fixture.FakeBmc
import io.vaxiin.fixture.ScriptedConsole
import spock.lang.Specification
import spock.lang.Unroll

import java.time.Duration

class RuleSpec extends Specification {

    Dsl dsl = new Dsl()

    def "when screen =~ /fsck/ then type 'y' types y only when, and each time, an fsck prompt is on a new screen"() {
        given: 'a machine that boots, asks two fsck questions, then reaches login'
        def console = new ScriptedConsole('Booting Debian GNU/Linux...')
        def questions = ['/dev/sda1: Inode 12 has illegal blocks. Clear<y>?', '/dev/sda1: Fix<y>?']
        console.onInput('y') {
            questions ? console.show(questions.remove(0)) : console.show('debian login:')
        }

        when:
        def started = Thread.start {
            sleep 300
            assert console.input.isEmpty() // nothing typed while the rule was read and the screen was healthy
            console.show('fsck from util-linux 2.38\n/dev/sda1 was not cleanly unmounted, check forced.\nFix<y>?')
        }
        def result = dsl.run('''
            recovery 'fsck at boot', timeout: 20.seconds
            when screen =~ /fsck/ then type 'y'
            when screen =~ /<y>\\?/ then type 'y'
            when screen =~ /login:/ then done 'booted'
        ''', console)
        started.join()

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        result.message() == 'booted'
        console.input == ['y', 'y', 'y']
        dsl.log.findAll { it.startsWith('rule ') } == [
                "rule 'screen =~ /fsck/' (spec.groovy, line 3) fired (1/5): type 'y'",
                "rule 'screen =~ /<y>\\?/' (spec.groovy, line 4) fired (1/5): type 'y'",
                "rule 'screen =~ /<y>\\?/' (spec.groovy, line 4) fired (2/5): type 'y'",
                "rule 'screen =~ /login:/' (spec.groovy, line 5) fired (1/5): done 'booted'"]
    }

    def "reading a rule does not run its action"() {
        given:
        def console = new ScriptedConsole('Fix<y>?')

        when:
        def compiled = dsl.compile("when screen =~ /Fix/ then type 'y'\ndone 'stopped before reacting'")
        def result = new Runner(dsl.compiler).run(compiled, dsl.session(console).build())

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        console.input.isEmpty()
    }

    def "a rule that fired waits for a new screen before it fires again"() {
        given: 'a prompt that stays on the screen after the key'
        def console = new ScriptedConsole('Press F1 to continue')

        when:
        def result = dsl.run('''
            recovery 'post', timeout: 2.seconds
            when screen.contains('Press F1') then press 'F1'
        ''', console)

        then: 'it pressed once and then timed out, naming its rules'
        console.input == ['<F1>']
        result.outcome() == RunResult.Outcome.FAILED
        result.message() == "recovery 'post' timed out after 2 seconds: no rule ended it (rules: screen.contains('Press F1'))"
        result.lastScreen().text() == 'Press F1 to continue'
    }

    def "after a rule's power action, the old picture redrawn (a blinking cursor) does not fire the rule again; the same text after a blank screen does"() {
        given: 'a BMC that verifies a reset at once, and a console that keeps the old error up (redrawn twice) before it goes blank'
        def console = new ScriptedConsole('No bootable device.')
        def bmc = new FakeBmc()
        int resets = 0
        bmc.onPower = { a ->
            int n = ++resets
            Thread.start {
                sleep 50; console.show('No bootable device.')
                sleep 50; console.show('No bootable device.')
                sleep 300; console.show('')
                sleep 100; console.show(n == 1 ? 'No bootable device.' : 'debian login:')
            }
        }

        when:
        def result = dsl.run('''
            recovery 'wrong device', timeout: 20.seconds
            when screen =~ /No bootable device/, maxFires: 2 then { boot 'disk'; power 'reset' }
            when screen =~ /login:/ then done 'booted'
        ''', console) { power(bmc); boot(bmc) }

        then: 'one reset per time the machine really came back to the error, not per redraw'
        result.outcome() == RunResult.Outcome.RECOVERED
        bmc.actions == ['boot disk once', 'power reset', 'boot disk once', 'power reset']
    }

    def "after a rule's power action, the error's next line, printed while the action ran, does not fire the rule again"() {
        given: 'a PXE boot that gives up ("No more network devices") and prints "No bootable device." while the boot override is set'
        def console = new ScriptedConsole('No more network devices')
        def bmc = new FakeBmc()
        bmc.onBoot = { d -> console.show('No more network devices\nNo bootable device.') }
        bmc.onPower = { a ->
            Thread.start {
                sleep 50; console.show('No more network devices\nNo bootable device.')
                sleep 300; console.show('')
                sleep 100; console.show('debian login:')
            }
        }

        when:
        def result = dsl.run('''
            recovery 'wrong device', timeout: 20.seconds
            when screen =~ /No bootable device|No more network devices/, maxFires: 2 then { boot 'disk'; power 'reset' }
            when screen =~ /login:/ then done 'booted'
        ''', console) { power(bmc); boot(bmc) }

        then: 'one override and one reset: the line printed meanwhile belonged to the error that was answered'
        result.outcome() == RunResult.Outcome.RECOVERED
        bmc.actions == ['boot disk once', 'power reset']
    }

    def "a rule that fires more than its limit fails the recovery"() {
        given: 'a machine that shows the same panic again after each power cycle'
        def console = new ScriptedConsole('Kernel panic - not syncing')
        int n = 0
        console.onInput('.*') { console.show("Kernel panic - not syncing (${++n})") }

        when:
        def result = dsl.run('''
            when screen =~ /Kernel panic/, maxFires: 3 then press 'ctrl-alt-delete'
        ''', console)

        then:
        console.input.size() == 3
        result.outcome() == RunResult.Outcome.FAILED
        result.message() == "rule 'screen =~ /Kernel panic/' (spec.groovy, line 2) would fire 4 times, more than its limit of 3 (set maxFires: to change it)"
        result.exitCode() == 1
    }

    @Unroll("a rule's condition is re-evaluated on every screen: #condition")
    def "a rule's condition is re-evaluated on every screen, whatever it is"() {
        given:
        def console = new ScriptedConsole('all is well')

        when:
        Thread.start { sleep 200; console.show('disk error: press Y to fix') }
        def result = dsl.run("""
            recovery 'any condition', timeout: 5.seconds
            $rule
        """, console)

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        console.input == ['y']

        where:
        condition             | rule
        '=~'                  | "when screen =~ /press Y/ then { type 'y'; done 'ok' }"
        'contains'            | "when screen.contains('press Y') then { type 'y'; done 'ok' }"
        '&&'                  | "when screen =~ /disk/ && screen.contains('press Y') then { type 'y'; done 'ok' }"
        'when(cond) { }'      | "when(screen.contains('press Y')) { type 'y'; done 'ok' }"
        'line()'              | "when(screen.line(0).startsWith('disk')) { type 'y'; done 'ok' }"
        'region()'            | "when screen.region(0, 0, 4, 1) =~ /^disk\$/ then { type 'y'; done 'ok' }"
        'a helper method'     | "def broken() { screen.contains('error') }\nwhen broken() then { type 'y'; done 'ok' }"
    }

    def "steps run in order before the rules react"() {
        given:
        def console = new ScriptedConsole('BIOS')
        console.onInput('<F2>') { console.show('Setup Utility') }

        when:
        def result = dsl.run('''
            press 'F2'
            waitFor(/Setup/, timeout: 2.seconds)
            type 'abc'
            done "in setup on ${server.name}"
        ''', console)

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        result.message() == 'in setup on spec-01'
        console.input == ['<F2>', 'abc']
    }

    def "waitFor that does not pass fails with its condition and the last screen"() {
        given:
        def console = new ScriptedConsole('GRUB loading.\nerror: no such device')

        when:
        def result = dsl.run('''
            recovery 'wait'
            waitFor(timeout: 300.milliseconds) { screen.contains('login:') }
        ''', console)

        then:
        result.outcome() == RunResult.Outcome.FAILED
        result.headline() == "(spec.groovy, line 3) condition did not pass in 300 milliseconds: screen.contains('login:')"
        result.lastScreen().text() == 'GRUB loading.\nerror: no such device'
    }

    def "fail ends the recovery as failed at its line"() {
        when:
        def result = dsl.run("log 'x'\nfail 'the disk is gone'", new ScriptedConsole(''))

        then:
        result.exitCode() == 1
        result.headline() == '(spec.groovy, line 2) the disk is gone'
    }

    def "a runtime mistake in a script names the script's line"() {
        when:
        def result = dsl.run("log 'start'\ndef n = null\nn.foo()", new ScriptedConsole(''))

        then:
        result.exitCode() == 2
        result.location() == '(spec.groovy, line 3)'
    }

    def "params come from the run, and a missing one is named"() {
        when:
        def ok = dsl.run("done params.ticket", new ScriptedConsole(''), { params(ticket: 'INC-42') })
        def missing = dsl.run("done params.ticket", new ScriptedConsole(''))

        then:
        ok.message() == 'INC-42'
        missing.exitCode() == 2
        missing.message() == "the parameter 'ticket' was not given (run with --param ticket=VALUE)"
    }

    def "a word the target cannot do says what is missing"() {
        when:
        def result = dsl.run("power 'cycle'", new ScriptedConsole(''))

        then:
        result.exitCode() == 2
        result.headline() == "(spec.groovy, line 1) 'power' needs a power connector, and this target has none (--power URI or power: in the inventory)"
    }

    def "a step that blocks past the recovery's timeout is stopped"() {
        when:
        long t0 = System.nanoTime()
        def result = dsl.run("recovery 'slow', timeout: 1.second\nsleep 30.seconds", new ScriptedConsole(''))

        then:
        result.exitCode() == 1
        result.message().contains("timed out after 1 second")
        (System.nanoTime() - t0) < Duration.ofSeconds(10).toNanos()
    }

    def "a failed run leaves the last screen as PNG and text"() {
        when:
        def result = dsl.run("fail 'no'", new ScriptedConsole('last words'))

        then:
        result.evidence().toFile().isFile()
        dsl.dir.resolve('out/last-screen.txt').toFile().text == 'last words\n'
    }

    def "use includes rules and helpers from the library"() {
        given:
        def lib = dsl.dir.resolve('lib')
        lib.toFile().mkdirs()
        lib.resolve('answers.groovy').toFile().text = '''
            when screen =~ /Fix<y>/ then type 'y'
            def loginReached() { screen =~ /login:/ }
        '''.stripIndent()
        def console = new ScriptedConsole('Fix<y>?')
        console.onInput('y') { console.show('host login:') }

        when:
        def result = dsl.run('''
            use 'lib/answers'
            when loginReached() then done 'up'
        ''', console)

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        console.input == ['y']
    }

    def "a screen being drawn is judged only once it is still (settle time)"() {
        given: 'a console that draws a screen line by line, 20 ms apart'
        def console = new ScriptedConsole('')

        when:
        Thread.start {
            sleep 300
            ['Loading', 'Loading\nKernel', 'Loading\nKernel\nready: login:'].each { console.show(it); sleep 20 }
        }
        def result = dsl.run("""
            recovery 'settle', timeout: 5.seconds
            when screen =~ /Kernel/ && !(screen =~ /login:/) then fail 'judged a half-drawn screen'
            when screen =~ /login:/ then done 'judged the whole screen'
        """, console) { settle(java.time.Duration.ofMillis(200)) }

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        result.message() == 'judged the whole screen'
    }

    def "an unchanged screen is not read again, however often rules and steps look at it"() {
        given: 'a reader that counts its reads'
        def console = new ScriptedConsole('BIOS 2.4.1')
        int reads = 0
        def counting = { java.awt.image.BufferedImage image -> reads++; console.read(image) } as io.vaxiin.vision.TextReader
        console.onInput('<F1>') { console.show('login:') }

        when:
        def session = dsl.session(console).console(console, counting).build()
        def result = new Runner(dsl.compiler).run(dsl.compile("""
            10.times { assert screen.contains('BIOS') }
            when screen.contains('BIOS') && screen.line(0).startsWith('BIOS') then press 'F1'
            when screen =~ /login:/ && screen.contains('login') then done 'ok'
        """), session)

        then: 'two screens, two reads'
        result.outcome() == RunResult.Outcome.RECOVERED
        reads == 2
    }
}
