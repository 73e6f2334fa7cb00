package io.vaxiin.engine

import io.vaxiin.dsl.ServerFacts
import io.vaxiin.dsl.Session
import io.vaxiin.fixture.Dsl
import io.vaxiin.fixture.ScriptedConsole
import io.vaxiin.fixture.ScriptedSerial
import spock.lang.Specification

import java.time.Duration

class SerialRuleSpec extends Specification {

    Dsl dsl = new Dsl()
    ScriptedSerial serial = new ScriptedSerial()

    RunResult run(String text, ScriptedConsole console = null) {
        Session.Builder b = Session.builder().serial(serial).log(dsl.runLog()).settle(Duration.ZERO)
                .server(new ServerFacts('db-07', 'unknown', 'unknown')).outputDir(dsl.dir.resolve('out'))
                .timeout(Duration.ofSeconds(10)).defaultWait(Duration.ofSeconds(3))
        if (console != null) b.console(console, console)
        new Runner(dsl.compiler).run(dsl.compile(text), b.build())
    }

    def "a serial rule answers each prompt once: the text it judged is consumed, so an answered prompt does not match again"() {
        given: 'a guest that asks three fsck questions on its serial port, then shows login'
        int asked = 1
        serial.write('fsck from util-linux 2.38\r\n/dev/sda1: Inode 12 has illegal blocks. Clear<y>? ')
        serial.onInput('y\r') {
            serial.write('yes\r\n')
            serial.write(asked++ < 3 ? "/dev/sda1: Fix<y>? " : 'debian login: ')
        }

        when:
        def result = run('''
            when serial =~ /<y>\\?/ then type 'y\\n'
            when serial =~ /login:/ then done 'booted'
        ''')

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        result.message() == 'booted'
        serial.input.toString() == 'y\ry\ry\r'
        dsl.log.findAll { it.startsWith("type 'y\\n' (serial)") }.size() == 3
    }

    def "waitFor(serial: /re/) sees only text not judged yet, and consumes up to the end of its match"() {
        given:
        serial.write('\r\nDebian GNU/Linux 12 ttyS0\r\n\r\nvm login: ')
        serial.onInput('root\r') { serial.write('root\r\nroot@vm:~# ') }

        when:
        def result = run('''
            waitFor serial: /login: $/
            type 'root\\n'
            waitFor serial: /# $/
            log "history holds the login prompt: ${serial.history.contains('vm login:')}"
            log "unread after the prompt: [${serial}]"
            waitFor serial: /login:/, timeout: 1.seconds
        ''')

        then: 'the third wait does not see the login prompt again'
        result.outcome() == RunResult.Outcome.FAILED
        result.message().contains('condition did not pass in 1 second: serial =~ /login:/')
        dsl.log.contains('log: history holds the login prompt: true')
        dsl.log.contains('log: unread after the prompt: []')
    }

    def "text that scrolled past between two looks is still seen: a panic in the middle of a 10,000-line burst fires the rule"() {
        given:
        def burst = new StringBuilder()
        (1..10000).each { burst << "[ ${it}.000] line $it\r\n"; if (it == 17) burst << 'Kernel panic - not syncing: VFS: Unable to mount root fs\r\n' }

        when:
        Thread.start { sleep 200; serial.write(burst.toString()) }
        def result = run('''
            when serial =~ /Kernel panic - not syncing/ then done 'saw the panic'
        ''')

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
    }

    def "a burst of serial text is judged whole: a panic whose trailer repeats the phrase fires the rule once"() {
        given:
        Session.Builder b = Session.builder().serial(serial).log(dsl.runLog()).settle(Duration.ofMillis(200))
                .server(new ServerFacts('db-07', 'unknown', 'unknown')).outputDir(dsl.dir.resolve('out'))
                .timeout(Duration.ofSeconds(10)).defaultWait(Duration.ofSeconds(3))

        when:
        Thread.start {
            sleep 300
            serial.write('[    3.09] Kernel panic - not syncing: VFS: Unable to mount root fs\r\n[    3.10] Call Trace:\r\n')
            sleep 30
            serial.write('[    3.11] ---[ end Kernel panic - not syncing: VFS: Unable to mount root fs ]---\r\n')
            sleep 1500
            serial.write('debian login: ')
        }
        def result = new Runner(dsl.compiler).run(dsl.compile('''
            when serial =~ /Kernel panic - not syncing/ then log 'cycling'
            when serial =~ /login:/ then done 'up'
        '''), b.build())

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        dsl.log.count { it == 'log: cycling' } == 1
    }

    def "a line rewritten with a carriage return after it was judged counts as new"() {
        given:
        serial.write('progress 10%')

        when:
        Thread.start { sleep 500; serial.write('\rprogress 99% ERROR') }
        def result = run('''
            waitFor serial: /progress/
            when serial =~ /ERROR/ then fail 'the job failed'
        ''')

        then:
        result.outcome() == RunResult.Outcome.FAILED
        result.message() == 'the job failed'
    }

    def "press sends a key's bytes on a serial-only target, and a key a serial line cannot carry is one clear line"() {
        when:
        def ok = run("press 'ctrl-c'\npress 'Up'\ndone 'pressed'")
        def bad = run("press 'ctrl-alt-delete'")

        then:
        ok.outcome() == RunResult.Outcome.RECOVERED
        serial.input.toString() == '\u0003\u001b[A'
        bad.outcome() == RunResult.Outcome.FAILED || bad.outcome() == RunResult.Outcome.SCRIPT_ERROR
        bad.headline().contains("ctrl-alt-delete")
    }

    def "screen on a target with only a serial console, and serial on one without, name the target and what to use"() {
        when:
        def noScreen = run("when screen =~ /login:/ then done 'x'")
        serial = null

        then:
        noScreen.headline().contains("'screen' needs a KVM console, and db-07 has none (it has a serial console: use serial =~ /re/")

        when:
        def console = new ScriptedConsole('login:')
        def noSerial = new Runner(dsl.compiler).run(dsl.compile("when serial =~ /x/ then done 'x'"), dsl.session(console).build())

        then:
        noSerial.headline().contains("'serial' needs a serial console, and spec-01 has none (--serial sol://… or tcp://…")
    }

    def "with both consoles, type goes to the KVM console and serial.type to the serial one"() {
        given:
        def console = new ScriptedConsole('BIOS')

        when:
        def result = run('''
            type 'kvm'
            serial.type 'tty'
            serial.press 'Enter'
            done 'typed'
        ''', console)

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        console.input.join('').contains('kvm')
        serial.input.toString() == 'tty\r'
    }

    def "with both consoles, a screen rule fires once per screen: new serial text alone does not let it fire again"() {
        given: 'a screen that keeps its prompt while the serial console prints line after line'
        def console = new ScriptedConsole('Press F1 to continue')
        Thread.startDaemon {
            for (int i = 0; i < 8; i++) { sleep 100; serial.write("line $i\r\n") }
            console.show('login:')
        }

        when:
        def result = run('''
            when screen =~ /Press F1/, maxFires: 2 then press 'F1'
            when screen =~ /login:/ then done 'booted'
        ''', console)

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        dsl.log.findAll { it.startsWith("rule 'screen =~ /Press F1/' (spec.groovy, line 2) fired") }.size() == 1
    }
}
