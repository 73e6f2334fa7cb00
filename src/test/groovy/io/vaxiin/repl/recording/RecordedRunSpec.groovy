package io.vaxiin.repl.recording

import io.vaxiin.dsl.ServerFacts
import io.vaxiin.dsl.Session
import io.vaxiin.engine.RunResult
import io.vaxiin.engine.Runner
import io.vaxiin.fixture.Dsl
import io.vaxiin.fixture.ScriptedConsole
import io.vaxiin.fixture.ScriptedSerial
import spock.lang.Specification

import java.time.Duration

import static io.vaxiin.repl.recording.Rec.LOGIN
import static io.vaxiin.repl.recording.Rec.SANDBOX_CLEAR
import static io.vaxiin.repl.recording.Rec.SANDBOX_FIX

/** A script written from a recording recovers the next machine, whose screens were never recorded. */
class RecordedRunSpec extends Specification {

    Dsl dsl = new Dsl()

    def "the script from the sandbox's fsck recording answers three questions about other inodes and ends at the login"() {
        given: 'the script written from answering the sandbox'
        String text = new Rec().answer("type 'y'", SANDBOX_CLEAR).answer("type 'y'", SANDBOX_FIX).done(null, LOGIN).write()

        and: 'a machine with other errors: three questions, other numbers and names'
        def console = new ScriptedConsole('fsck from util-linux 2.38.1\nPass 1: Checking inodes, blocks, and sizes\n' +
                'Inode 4711, i_blocks is 8, should be 2.  Fix<y>? ')
        List<String> next = [
                "Inode 4711, i_blocks is 8, should be 2.  Fix<y>? yes\nPass 2: Checking directory structure\n" +
                        "Entry 'passwd' in /etc (77) has deleted/unused inode 4242.  Clear<y>? ",
                "Entry 'passwd' in /etc (77) has deleted/unused inode 4242.  Clear<y>? yes\n" +
                        'Block bitmap differences:  -(2000--2100)\nFix<y>? ',
                'Debian GNU/Linux 12 web-07 tty1\n\nweb-07 login: ']
        console.onInput('y') { console.show(next.remove(0)) }

        when:
        RunResult result = dsl.run(text, console)

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        result.message() == 'reached debian login:'
        console.input == ['y', 'y', 'y']
    }

    def "the script from a serial recording answers on the serial console, each question once"() {
        given:
        String text = new Rec('tcp://ts-3:7012')
                .serial("type 'y\\n'", "Entry 'numbers.txt' in /data (12) has deleted/unused inode 13.  Clear<y>? ")
                .serial("type 'y\\n'", 'yes\nBlock bitmap differences:  -(1173--1279)\nFix<y>? ')
                .add(Step.Kind.DONE, "done 'booted'", 'yes\n\nDebian GNU/Linux 12 sandbox ttyS0\n\nsandbox login: ', Step.Console.SERIAL)
                .write('serial-fsck.groovy')
        ScriptedSerial serial = new ScriptedSerial()
        int asked = 1
        serial.write('/dev/sda1: Inode 12 has illegal blocks.  Clear<y>? ')
        serial.onInput('y\r') {
            serial.write('yes\r\n')
            serial.write(asked++ < 3 ? 'Pass 5: Checking group summary information\r\n/dev/sda1: Fix<y>? ' : 'db-07 login: ')
        }

        when:
        Session session = Session.builder().serial(serial).log(dsl.runLog()).settle(Duration.ZERO)
                .server(new ServerFacts('db-07', 'unknown', 'unknown')).outputDir(dsl.dir.resolve('out'))
                .timeout(Duration.ofSeconds(10)).defaultWait(Duration.ofSeconds(3)).build()
        RunResult result = new Runner(dsl.compiler).run(dsl.compiler.compile('serial-fsck.groovy', text, dsl.dir), session)

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        result.message() == 'booted'
        serial.input.toString() == 'y\ry\ry\r'
    }
}
