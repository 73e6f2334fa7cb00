package io.vaxiin.repl.recording

import io.vaxiin.engine.ScriptErrors
import spock.lang.Specification
import spock.lang.Unroll

import java.util.regex.Pattern

import static io.vaxiin.repl.recording.Rec.LOGIN
import static io.vaxiin.repl.recording.Rec.SANDBOX_CLEAR
import static io.vaxiin.repl.recording.Rec.SANDBOX_FIX
import static io.vaxiin.repl.recording.Rec.screen

/** What a written script may hold: no secret, nothing a screen could use to break its syntax; and it always passes check. */
class ScriptTextSpec extends Specification {

    @Unroll("#what")
    def "the header names the target only by where, with no password even when a caller passes one"() {
        when:
        String text = new Rec(where).answer("type 'y'", SANDBOX_CLEAR).done(null, LOGIN).write()
        List<String> header = text.readLines().takeWhile { it.startsWith('//') }

        then:
        header.size() == 3
        header[0] == "// fsck-fix.groovy: written by vaxiin repl from what was done on $shown.".toString()
        !text.contains('hunter2')
        text.readLines().findAll { it.startsWith('when') } == [/when screen =~ \/Clear<y>\?\s*$\/, maxFires: 5 then type 'y'/,
                                                              /when screen =~ \/login:\s*$\/ then done 'reached debian login:'/]
        Rec.check(text)

        where:
        what                           | where                                     || shown
        'a console URI'                | 'vnc://127.0.0.1:5901'                    || 'vnc://127.0.0.1:5901'
        'an inventory server'          | 'inventory server web-01'                 || 'inventory server web-01'
        'a URI with a password'        | 'vnc://:hunter2@10.0.0.5:5900'            || 'vnc://10.0.0.5:5900'
        'a URI with user and password' | 'ipmi://admin:hunter2@10.0.0.9'           || 'ipmi://10.0.0.9'
        'a newline cannot end the comment' | "web-01\nwhen screen =~ /x/ then type 'x'" || "web-01 when screen =~ /x/ then type 'x'"
    }

    def "nothing but the recording's where, times and counts is in the header, whatever the screens show"() {
        when:
        String text = new Rec('web-01').answer("type params.password + '\\n'", 'Password: ').done(null, 'root@web-01:~# ').write()

        then:
        text.readLines().take(3) == [
                '// fsck-fix.groovy: written by vaxiin repl from what was done on web-01.',
                '// Recorded 2025-03-04 10:00:00 to 10:00:20 UTC (2 steps: 1 answer, 1 end); saved 2025-03-04 10:30:00 UTC.',
                '// One rule per kind of screen answered, its numbers and names generalised; read it, then: vaxiin check fsck-fix.groovy']
        text.contains("then { type params.password + '\\n' }")
        Rec.check(text)
    }

    @Unroll("#what")
    def "screens with slashes, dollars, backslashes and quotes give rules that compile and match them, and done names that read them back"() {
        given:
        String other = 'Something else entirely: '

        when:
        String text = new Rec().answer("type 'y'", prompt).answer("type 'n'", other).done(null, prompt + '\n\n' + ending).write()
        List<String> regexes = Rec.regexes(text)
        String doneName = (text =~ /(?m)^when .* then \{? ?done (.*?)(?: })?$/)[0][1]

        then: 'check accepts it'
        Rec.check(text)

        and: 'the rule, read as Groovy reads it, matches its screen and not the others'
        Pattern.compile(regexes[0]).matcher(prompt).find()
        !Pattern.compile(regexes[0]).matcher(other).find()
        !Pattern.compile(regexes[0]).matcher(prompt + '\n\n' + ending).find()
        Pattern.compile(regexes[2]).matcher(prompt + '\n\n' + ending).find()

        and: 'the done names the screen as it was'
        new GroovyShell().evaluate(doneName) == 'reached ' + (named ?: ending.strip())

        where:
        what                         | prompt                                       | ending                                 | named
        'slashes'                    | 'Mount /dev/sda1 on /mnt/root/? '           | 'All done /o/ '                         | null
        'a dollar and braces'        | 'Enter passphrase for $HOME/.ssh/id_rsa: '  | 'Welcome, ${user}! $PATH is set $'      | null
        'a GString that would run'   | 'Run ${System.exit(1)} now? '                | '${System.exit(1)}'                     | null
        'backslashes'                | 'Path: C:\\Windows\\System\\drivers\\etc> '    | 'Saved to \\\\server\\share\\ '            | null
        'a backslash before u'       | 'Folder C:\\users\\utils? '                   | '\\u0041 done \\'                         | null
        'quotes'                     | "It's \"ready\" — type 'yes' to go: "        | "Don't say 'no' \"ever\""               | null
        'comment signs'              | '*/ end of the comment /* still? '          | '// not a comment */'                   | null
        'a slashy string\'s end'     | 'Continue \\/ abort? '                        | 'ok \\/'                                 | null
        'invisible characters'       | 'Zero\u200bwidth\u0007 bell? '                | 'Tab\tand\u2028line\u0007!'             | 'Tab and line !'
    }

    @Unroll("#what")
    def "every script written passes check"() {
        when:
        Rec rec = new Rec()
        record.delegate = rec
        record.resolveStrategy = Closure.DELEGATE_FIRST
        record.call()
        String text = rec.write(name)

        then:
        checked(text, name) == []

        where:
        what                                   | name                  | record
        'an empty recording'                   | 'nothing.groovy'      | { -> }
        'only waits'                           | 'waits.groovy'        | { -> waited('waitFor(/login:/)', LOGIN); waited('waitStill 2.seconds', LOGIN) }
        'only rules typed'                     | 'rules.groovy'        | { -> rule("when screen =~ /login:/ then done 'up'") }
        'a done typed on a blank console'      | 'blank-done.groovy'   | { -> answer("power 'on'", ''); done("done 'booted'", '') }
        'a fail typed on a blank console'      | 'blank-fail.groovy'   | { -> fail("fail 'dead'", '\n\n') }
        'an answer after the rules, blank'     | 'late.groovy'         | { -> answer("type 'y'", SANDBOX_CLEAR); answer("power 'cycle'", ''); done(null, LOGIN) }
        'a multi-line answer'                  | 'multi.groovy'        | { -> answer("if (server.vendor == 'dell') {\n  press 'F2'\n} else {\n  press 'F1'\n}", 'Press F2 or F1'); done(null, LOGIN) }
        'a long chain'                         | 'chain.groovy'        | { -> (1..8).each { answer("press 'Down'", 'Menu\n> item'); waited('waitStill 1.seconds', 'Menu\n> item') }; done(null, LOGIN) }
        'both consoles'                        | 'both.groovy'         | { -> answer("type 'y'", SANDBOX_CLEAR); serial("serial.type 'y'", 'Fix<y>? '); add(Step.Kind.DONE, null, 'login: ', Step.Console.SERIAL) }
        'the same screen three ways'           | 'three.groovy'        | { -> answer("type 'y'", SANDBOX_FIX); answer("type 'n'", SANDBOX_FIX); answer("press 'Esc'", SANDBOX_FIX); done(null, SANDBOX_FIX) }
        'GRUB, the highlight moved'            | 'grub.groovy'         | { -> answer("press 'Down'", screen('firmware/grub-menu-debian')); answer("press 'Enter'", screen('firmware/grub-menu-debian-down')); done(null, LOGIN) }
        'a dialog in a box'                    | 'dialog.groovy'       | { -> answer("press 'Enter'", screen('x11/dialog-yesno-9x15-800')); done(null, screen('x11/login-fixed6x13-800')) }
        'a kernel panic, power cycled'         | 'panic.groovy'        | { -> answer("power 'cycle'", screen('vga/kernel-panic-vfs')); done(null, screen('vga/busybox-getty-login')) }
        'a name with a quote in the recovery'  | "it's.groovy"         | { -> answer("type 'y'", SANDBOX_CLEAR) }
    }

    private static List<String> checked(String text, String name) {
        try {
            Rec.check(text, name.replace("'", ''))
            return []
        } catch (ScriptErrors e) {
            return e.errors()*.toString()
        }
    }
}
