package io.vaxiin.repl.recording

import spock.lang.Specification
import spock.lang.Unroll

import java.util.regex.Pattern

import static io.vaxiin.repl.recording.Rec.LOGIN
import static io.vaxiin.repl.recording.Rec.SANDBOX_CLEAR
import static io.vaxiin.repl.recording.Rec.SANDBOX_FIX
import static io.vaxiin.repl.recording.Rec.screen

class ScriptWriterSpec extends Specification {

    def "the sandbox's two fsck questions answered 'y' become one rule, and the login screen reached the done rule"() {
        when:
        String text = new Rec().answer("type 'y'", SANDBOX_CLEAR).answer("type 'y'", SANDBOX_FIX).done(null, LOGIN).write()

        then:
        text == '''\
            // fsck-fix.groovy: written by vaxiin repl from what was done on vnc://127.0.0.1:5901.
            // Recorded 2025-03-04 10:00:00 to 10:00:30 UTC (3 steps: 2 answers, 1 end); saved 2025-03-04 10:30:00 UTC.
            // One rule per kind of screen answered, its numbers and names generalised; read it, then: vaxiin check fsck-fix.groovy

            recovery 'fsck-fix', timeout: 10.minutes

            // Answered 2 times, on screens ending "…(12) has deleted/unused inode 13. Clear<y>?", "Fix<y>?"
            when screen =~ /<y>\\?\\s*$/, maxFires: 6 then type 'y'

            // The end: the last screen reached, ending "debian login:"
            when screen =~ /login:\\s*$/ then done 'reached debian login:'
            '''.stripIndent()

        and:
        Rec.check(text)
    }

    @Unroll("#scenario")
    def "rules from real e2fsck screens are the questions' ends"() {
        when:
        Rec rec = new Rec()
        answers.each { String fixture, String source -> rec.answer(source, screen(fixture)) }
        String text = rec.done(null, LOGIN).write()

        then:
        Rec.regexes(text) == regexes + [/login:\s*$/]
        Rec.check(text)

        where:
        scenario                                             | answers                                                                    || regexes
        'one Fix<y>? answered'                               | [['x11/e2fsck-dejavu13-prompt', "type 'y'"]]                              || [/Fix<y>\?\s*$/]
        'Fix<y>? then Clear<y>?, both yes'                   | [['x11/e2fsck-dejavu13-prompt', "type 'y'"], ['x11/e2fsck-dejavu13-next', "type 'y'"]] || [/<y>\?\s*$/]
        'Clear<y>? then Fix<y>?, both yes (VGA)'             | [['vga/e2fsck-prompt-1', "type 'y'"], ['vga/e2fsck-prompt-2', "type 'y'"]] || [/<y>\?\s*$/]
        'Fix<y>? yes, Clear<y>? no'                          | [['x11/e2fsck-dejavu13-prompt', "type 'y'"], ['x11/e2fsck-dejavu13-next', "type 'n'"]] || [/Fix<y>\?\s*$/, /Clear<y>\?\s*$/]
        'a bare Fix<y>? yes, an inode\'s Fix<y>? no'        | [['vga/e2fsck-prompt-2', "type 'y'"], ['x11/e2fsck-dejavu13-prompt', "type 'n'"]] || [/(?:^|\n)\s*Fix<y>\?\s*$/, /\d+\.\s+Fix<y>\?\s*$/]
    }

    @Unroll("#scenario: #screenText")
    def "a rule from real e2fsck screens fires on the same question with other numbers, not on an answered one or the login screen"() {
        given:
        Rec rec = new Rec()
        answers.each { String fixture, String source -> rec.answer(source, screen(fixture)) }
        List<String> regexes = Rec.regexes(rec.done(null, LOGIN).write())

        expect:
        Pattern.compile(regexes[rule]).matcher(screenText).find() == fires

        where:
        [scenario, answers, rule, screenText, fires] << cases()
    }

    private static List<List> cases() {
        def fix = [['x11/e2fsck-dejavu13-prompt', "type 'y'"]]
        def both = [['x11/e2fsck-dejavu13-prompt', "type 'y'"], ['x11/e2fsck-dejavu13-next', "type 'y'"]]
        def vga = [['vga/e2fsck-prompt-1', "type 'y'"], ['vga/e2fsck-prompt-2', "type 'y'"]]
        def split = [['vga/e2fsck-prompt-2', "type 'y'"], ['x11/e2fsck-dejavu13-prompt', "type 'n'"]]
        String answered = screen('x11/e2fsck-dejavu13-prompt').replace('Fix<y>?', 'Fix<y>? yes')
        String inode4711 = 'e2fsck 1.47.0 (5-Feb-2023)\nPass 1: Checking inodes, blocks, and sizes\n' +
                'Inode 4711, i_blocks is 8, should be 2.  Fix<y>? \n\n\n'
        String entry = "Pass 2: Checking directory structure\nEntry 'passwd' in /etc (77) has deleted/unused inode 4242.  Clear<y>?"
        String bitmap = 'Pass 5: Checking group summary information\nBlock bitmap differences:  -(2000--2100) +5000\nFix<y>?\n\n'
        [
                ['one Fix<y>?', fix, 0, inode4711, true],
                ['one Fix<y>?', fix, 0, answered, false],
                ['one Fix<y>?', fix, 0, LOGIN, false],
                ['one Fix<y>?', fix, 0, entry, false],
                ['one Fix<y>?', fix, 1, LOGIN, true],
                ['one Fix<y>?', fix, 1, answered, false],
                ['Fix and Clear', both, 0, inode4711, true],
                ['Fix and Clear', both, 0, entry, true],
                ['Fix and Clear', both, 0, answered, false],
                ['Fix and Clear', both, 0, screen('x11/e2fsck-dejavu13-next').replace('Clear<y>?', 'Clear<y>? yes'), false],
                ['Fix and Clear', both, 0, LOGIN, false],
                ['VGA Clear and Fix', vga, 0, entry, true],
                ['VGA Clear and Fix', vga, 0, bitmap, true],
                ['VGA Clear and Fix', vga, 0, screen('vga/e2fsck-prompt-2').replace('Fix<y>?', 'Fix<y>? yes'), false],
                ['VGA Clear and Fix', vga, 0, LOGIN, false],
                ['bare Fix yes, inode Fix no', split, 0, bitmap, true],
                ['bare Fix yes, inode Fix no', split, 0, inode4711, false],
                ['bare Fix yes, inode Fix no', split, 1, inode4711, true],
                ['bare Fix yes, inode Fix no', split, 1, bitmap, false],
                ['bare Fix yes, inode Fix no', split, 1, answered, false],
        ]
    }

    def "a typed done is the end rule as typed, on the screen where it was typed"() {
        when:
        String text = new Rec().answer("type 'y'", screen('vga/e2fsck-prompt-1')).done("done 'booted'", LOGIN).write()

        then:
        text.readLines().findAll { it.startsWith('when') } == [
                /when screen =~ \/Clear<y>\?\s*$\/, maxFires: 5 then type 'y'/,
                /when screen =~ \/login:\s*$\/ then done 'booted'/]
        text.contains('// The end: done was typed on a screen ending "debian login:"\n')
        Rec.check(text)
    }

    def "a done typed on the text the last answer left unchanged ends that answer's rule"() {
        given:
        String prompt = 'Provisioning finished. Press Enter to reboot'

        when:
        String text = new Rec().answer("type 'y'", SANDBOX_CLEAR).answer("press 'Enter'", prompt)
                .waited('sleep 2.seconds', prompt).done("done 'handed back to provisioning'", prompt).write()

        then:
        text.readLines().findAll { it.startsWith('when') } == [
                /when screen =~ \/Clear<y>\?\s*$\/, maxFires: 5 then type 'y'/,
                /when screen =~ \/reboot\s*$\/ then { press 'Enter'; sleep 2.seconds; done 'handed back to provisioning' }/]
        !text.contains('No end was recorded')
        Rec.check(text)
    }

    def "a fail typed on a screen is a rule in the order it was typed, with no maxFires"() {
        given:
        String emergency = 'The root filesystem on /dev/sda1 requires a manual fsck\n\n' +
                'Give root password for maintenance\n(or press Control-D to continue): '

        when:
        String text = new Rec().answer("type 'y'", SANDBOX_CLEAR).fail("fail 'fsck needs a person'", emergency).write()

        then:
        text.readLines().findAll { it.startsWith('when') } == [
                /when screen =~ \/Clear<y>\?\s*$\/, maxFires: 5 then type 'y'/,
                /when screen =~ \/continue\):\s*$\/ then fail 'fsck needs a person'/]
        text.contains('// No end was recorded: add a rule that calls done')
        Rec.check(text)
    }

    def "the same screen answered in two ways keeps the more frequent answer, and the script says so"() {
        given: 'the same question about two inodes answered y, and about a third answered n'
        String fix = screen('x11/e2fsck-dejavu13-prompt')

        when:
        String text = new Rec()
                .answer("type 'y'", fix)
                .answer("type 'y'", fix.replace('Inode 15, i_blocks is 2', 'Inode 16, i_blocks is 4'))
                .answer("type 'n'", fix.replace('Inode 15, i_blocks is 2', 'Inode 99, i_blocks is 8'))
                .done(null, LOGIN).write()

        then:
        text.contains('''\
            // The same screen, numbers and names aside ("Inode 99, i_blocks is 8, should be 0. Fix<y>?"), was answered with type 'y' 2 times and with type 'n' 1 time: the rule keeps type 'y', the more frequent.
            // Answered 2 times, on screens ending "Inode 15, i_blocks is 2, should be 0. Fix<y>?", "Inode 16, i_blocks is 4, should be 0. Fix<y>?"
            when screen =~ /Fix<y>\\?\\s*$/, maxFires: 6 then type 'y'
            '''.stripIndent())
        !text.contains("then type 'n'")
        Rec.check(text)
    }

    def "a recording that ends on a screen it answered writes no done rule, and says why"() {
        when:
        String text = new Rec().answer("type 'y'", SANDBOX_FIX).done(null, SANDBOX_FIX).write()

        then:
        !text.contains('then done')
        text.contains('// The recording ended on a screen answered here ("Fix<y>?"), so no done rule was written for it')
        Rec.check(text)
    }

    def "answers on a screen they did not change are one rule, with the wait between them kept; other waits are listed"() {
        given: 'a boot menu whose highlight moves without changing its text'
        String menu = 'Boot Menu\n\n1. Hard disk\n2. Network (PXE)\n3. Setup\n\nUse arrow keys, Enter to boot\n\n'
        String pxe = 'iPXE 1.21.1 -- Open Source Network Boot Firmware\nnet0: 52:54:00:12:34:56 using 82540em\n' +
                'Configuring (net0 52:54:00:12:34:56)...... ok'

        when:
        String text = new Rec()
                .answer("press 'F12'", 'Press F12 for the boot menu')
                .waited('waitFor(/Boot Menu/, timeout: 2.minutes)', menu)
                .answer("press 'Down'", menu)
                .waited('waitStill 2.seconds', menu)
                .answer("press 'Enter'", menu)
                .waited('waitFor(/ok/)', pxe)
                .done("done 'pxe booted'", pxe).write()

        then:
        text.readLines().findAll { it.startsWith('when') } == [
                /when screen =~ \/menu\s*$\/, maxFires: 5 then press 'F12'/,
                /when screen =~ \/boot\s*$\/, maxFires: 5 then { press 'Down'; waitStill 2.seconds; press 'Enter' }/,
                /when screen =~ \/Configuring \S+ \S+ ok\s*$\/ then done 'pxe booted'/]
        text.endsWith('''\
            // Waits made while recording, left to the rules (a rule waits for its screen by itself):
            //   waitFor(/Boot Menu/, timeout: 2.minutes)
            //   waitFor(/ok/)
            '''.stripIndent())
        Rec.check(text)
    }

    def "answers on a blank console are steps run before the rules, with the waits between them"() {
        when:
        String text = new Rec()
                .answer("power 'off'", '')
                .waited('sleep 5.seconds', '\n\n')
                .answer("boot 'pxe', once: true", '\n')
                .answer("power 'on'", '')
                .waited('waitFor(/Boot Menu/)', 'Boot Menu\n1. disk')
                .answer("press 'Enter'", 'Boot Menu\n1. disk')
                .done(null, LOGIN).write()

        then:
        text.contains('''\
            recovery 'fsck-fix', timeout: 10.minutes

            // Typed while the console showed nothing, so no rule can wait for it: run once, in order, before the rules react.
            power 'off'
            sleep 5.seconds
            boot 'pxe', once: true
            power 'on'

            // Answered once, on a screen ending "1. disk"
            when screen =~ /disk\\s*$/, maxFires: 5 then press 'Enter'
            '''.stripIndent())
        text.contains('//   waitFor(/Boot Menu/)\n')
        Rec.check(text)
    }

    def "a serial console recording gives serial rules"() {
        given: 'the sandbox fsck as its serial port shows it, each answer seeing the text not judged yet'
        String first = 'fsck from util-linux 2.38.1\r\n/dev/sda1 contains a file system with errors, check forced.\n' +
                "Pass 1: Checking inodes, blocks, and sizes\nPass 2: Checking directory structure\n" +
                "Entry 'numbers.txt' in /data (12) has deleted/unused inode 13.  Clear<y>? "
        String second = 'yes\n\nPass 3: Checking directory connectivity\nPass 5: Checking group summary information\n' +
                'Block bitmap differences:  -(1173--1279)\nFix<y>? '

        when:
        String text = new Rec('tcp://ts-3:7012')
                .serial("type 'y'", first)
                .serial("type 'y'", second)
                .add(Step.Kind.DONE, null, 'yes\n\nDebian GNU/Linux 12 sandbox ttyS0\n\nsandbox login: ', Step.Console.SERIAL)
                .write('serial-fsck.groovy')

        then:
        text.readLines().findAll { it.startsWith('when') } == [
                /when serial =~ \/<y>\?\s*$\/, maxFires: 6 then type 'y'/,
                /when serial =~ \/login:\s*$\/ then done 'reached sandbox login:'/]
        text.contains('// Answered 2 times, on serial text ending ')
        text.startsWith('// serial-fsck.groovy: written by vaxiin repl from what was done on tcp://ts-3:7012.\n')
        text.contains("recovery 'serial-fsck', timeout: 10.minutes\n")
        Rec.check(text, 'serial-fsck.groovy')
    }

    def "rules the person typed are copied as written, where they were typed among the others"() {
        when:
        String text = new Rec()
                .rule("when screen =~ /Give root password/ then {\n    fail 'needs a person'\n}")
                .answer("type 'y'", SANDBOX_CLEAR)
                .rule("when screen =~ /UNEXPECTED INCONSISTENCY/ then fail 'fsck gave up'")
                .answer("press 'Enter'", 'Press Enter to continue')
                .done(null, LOGIN).write()
        List<String> lines = text.readLines()

        then:
        lines.findAll { it.startsWith('when') } == [
                "when screen =~ /Give root password/ then {",
                /when screen =~ \/Clear<y>\?\s*$\/, maxFires: 5 then type 'y'/,
                "when screen =~ /UNEXPECTED INCONSISTENCY/ then fail 'fsck gave up'",
                /when screen =~ \/continue\s*$\/, maxFires: 5 then press 'Enter'/,
                /when screen =~ \/login:\s*$\/ then done 'reached debian login:'/]
        lines[lines.indexOf("when screen =~ /Give root password/ then {") + 1] == "    fail 'needs a person'"
        text.contains('(5 steps: 2 answers, 2 rules typed, 1 end)')
        Rec.check(text)
    }

    @Unroll("#what")
    def "an action is written bare only when it is one verb with one plain literal"() {
        expect:
        GroovyText.then(actions) == then

        where:
        what                       | actions                                  || then
        'type a letter'            | ["type 'y'"]                             || "type 'y'"
        'press a key, spaced'      | ["  press 'ctrl-alt-delete'  "]          || "press 'ctrl-alt-delete'"
        'a done'                   | ["done 'booted'"]                        || "done 'booted'"
        'an escape'                | ["type 'y\\n'"]                          || "{ type 'y\\n' }"
        'a GString'                | ['type "y"']                             || '{ type "y" }'
        'options'                  | ["boot 'pxe', once: true"]               || "{ boot 'pxe', once: true }"
        'parentheses'              | ["type('y')"]                            || "{ type('y') }"
        'two calls'                | ["type 'y'; press 'Enter';"]             || "{ type 'y'; press 'Enter' }"
        'a variable'               | ['type params.password']                 || '{ type params.password }'
        'a chain'                  | ["press 'Down'", 'waitStill 2.seconds', "press 'Enter'"] || "{ press 'Down'; waitStill 2.seconds; press 'Enter' }"
        'a comment in it'          | ["type 'y' // yes", "press 'Enter'"]     || "{\n    type 'y' // yes\n    press 'Enter'\n}"
        'several lines'            | ["if (server.vendor == 'dell') {\n    press 'F2'\n} else {\n    press 'F1'\n}"] || "{\n    if (server.vendor == 'dell') {\n        press 'F2'\n    } else {\n        press 'F1'\n    }\n}"
    }

    def "answers merge when their sources differ only in spacing outside quotes"() {
        when:
        String text = new Rec().answer("type  'y' ;", SANDBOX_CLEAR).answer("type 'y'", SANDBOX_FIX)
                .answer("type 'a  b'", 'Name: ').answer("type 'a b'", 'Other name: ').done(null, LOGIN).write()

        then:
        text.readLines().findAll { it.startsWith('when') }*.replaceFirst(/ =~ .*then/, ' … then') == [
                "when screen … then { type  'y' }", "when screen … then type 'a  b'", "when screen … then type 'a b'",
                "when screen … then done 'reached debian login:'"]
        text.contains('maxFires: 6')
        Rec.check(text)
    }

    @Unroll("maxFires for #answers answers is #maxFires")
    def "maxFires leaves headroom over how often a kind was answered"() {
        expect:
        ScriptWriter.maxFires(answers) == maxFires

        where:
        answers || maxFires
        1       || 5
        2       || 6
        4       || 12
        20      || 60
    }

    def "a recording longer than five minutes gets twice its time as the recovery's timeout"() {
        given:
        Rec rec = new Rec()
        rec.recording.add(new Step(Step.Kind.DONE, "done 'ok'", Step.Console.SCREEN, ['login:'], Rec.T0.plusSeconds(8 * 60 + 10)))

        expect:
        rec.write().contains("recovery 'fsck-fix', timeout: 17.minutes\n")
        rec.write().contains('Recorded 2025-03-04 10:00:00 to 10:08:10 UTC')
    }
}
