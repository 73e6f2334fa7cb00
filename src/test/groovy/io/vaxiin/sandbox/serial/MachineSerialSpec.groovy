package io.vaxiin.sandbox.serial

import io.vaxiin.sandbox.Machine
import io.vaxiin.sandbox.Scenario
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.Timeout
import spock.lang.Unroll

import java.nio.charset.StandardCharsets

/**
 * The simulated machine's serial port, read directly: what it prints in each scenario (as a PC
 * with BIOS console redirection, booting Linux with console=ttyS0 console=tty0), with CR LF line
 * ends, and keys typed on it, read as a terminal's bytes.
 */
@Timeout(30)
class MachineSerialSpec extends Specification {

    @AutoCleanup Machine machine
    final StringBuffer line = new StringBuffer()

    void start(Scenario scenario) {
        machine = new Machine(scenario, 0.2)
        machine.serial().listen { byte[] b -> line.append(new String(b, StandardCharsets.UTF_8)) }
        machine.powerOn()
    }

    /** Waits up to 10 s until what the line carried since {@code from} matches {@code regex}. */
    String waitFor(String regex, int from = 0) {
        long deadline = System.nanoTime() + 10_000_000_000L
        while (!(line.substring(from) =~ regex)) {
            if (System.nanoTime() > deadline) throw new AssertionError("no /$regex/ on the serial line:\n${line.substring(from)}")
            sleep 20
        }
        line.toString()
    }

    void type(String text) {
        machine.serial().type(text.getBytes(StandardCharsets.UTF_8))
    }

    @Unroll("#scenario: the serial line shows #what")
    def "the serial line shows what the machine prints in text mode, with CR LF"() {
        when:
        start(scenario)
        def text = waitFor(expected)

        then: 'every line ends in CR LF, and the firmware text came first, as BIOS redirection shows it'
        !text.replace('\r\n', '').contains('\n')
        text.startsWith('SeaBIOS (version 1.16.2-vaxiin-sandbox)\r\n')

        where:
        scenario                | what                         || expected
        Scenario.FSCK           | "e2fsck's first question"    || /\/dev\/sda1 contains a file system with errors, check forced\.\r\n(.*\r\n)*Entry 'numbers\.txt' in \/data \(12\) has deleted\/unused inode 13\.  Clear<y>\? $/
        Scenario.KERNEL_PANIC   | 'the panic'                  || /\[    1\.509523\] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block\(0,0\)\r\n(.*\r\n)*.*---\[ end Kernel panic/
        Scenario.HEALTHY        | "ttyS0's login prompt"       || /\r\nDebian GNU\/Linux 12 sandbox ttyS0\r\n\r\nsandbox login: $/
        Scenario.NO_BOOT_DEVICE | "the firmware's last word"   || /No more network devices\r\n\r\nNo bootable device\.\r\n$/
        Scenario.POST_KEY       | "POST's prompt"              || /Press F1 to continue, F2 to run setup\r\n$/
    }

    def "the graphical screens show nothing on the serial line"() {
        given:
        start(Scenario.BSOD)

        when:
        long deadline = System.currentTimeMillis() + 10_000
        while (machine.phase() != Machine.Phase.BSOD && System.currentTimeMillis() < deadline) sleep 20
        sleep 200

        then: 'POST is there, Windows and its blue screen are not'
        machine.phase() == Machine.Phase.BSOD
        line.toString().endsWith('Press F2 for Setup, F11 for Boot Menu, F12 for Network Boot\r\n\r\n')
        !line.toString().contains('Windows')
    }

    def "keys typed on the serial line answer e2fsck, and the login echoes the name but not the password"() {
        given:
        start(Scenario.FSCK)
        waitFor(/Clear<y>\? $/)

        when: 'y (the terminal sends the character alone) to each question'
        type 'y'
        waitFor(/Fix<y>\? $/)
        type 'y'
        def booted = waitFor(/sandbox login: $/)

        then:
        booted.contains('Clear<y>? yes\r\n')
        booted.contains('/dev/sda1: ***** FILE SYSTEM WAS MODIFIED *****\r\n')

        when: 'a name with a typo fixed by Backspace (DEL), Enter (CR), then a password'
        int from = line.length()
        type 'roox\u007ft\r'
        waitFor(/Password: $/, from)
        type 'secret\r'
        def after = waitFor(/Login incorrect\r\nsandbox login: $/, from).substring(from)

        then:
        after.startsWith('roox\b \bt\r\nPassword: ')
        !after.contains('secret')
        machine.phase() == Machine.Phase.LOGIN
    }

    def "F1 typed as a terminal sends it (ESC O P) gets past POST's prompt"() {
        given:
        start(Scenario.POST_KEY)
        waitFor(/Press F1 to continue/)

        when:
        type '\u001bOP'

        then:
        waitFor(/sandbox login: $/)
        machine.history().contains('key F1')
    }

    @Unroll("TerminalKeys reads #bytes.inspect() as #what")
    def "TerminalKeys reads a terminal's bytes as the keys it sends them for"() {
        expect:
        new TerminalKeys().decode(bytes.getBytes(StandardCharsets.ISO_8859_1)).collect { [it.keysym(), it.down()] } == keys

        where:
        bytes          | what                        || keys
        'y'            | 'y'                         || press(0x79)
        '\r'           | 'Enter'                     || press(0xff0d)
        '\r\n'         | 'one Enter'                 || press(0xff0d)
        '\n'           | 'Enter'                     || press(0xff0d)
        '\u007f'       | 'Backspace'                 || press(0xff08)
        '\u0004'       | 'ctrl-d'                    || [[0xffe3, true]] + press(0x64) + [[0xffe3, false]]
        '\u001bOP'     | 'F1'                        || press(0xffbe)
        '\u001b[15~'   | 'F5'                        || press(0xffc2)
        '\u001b[24~'   | 'F12'                       || press(0xffc9)
        '\u001b[3~'    | 'Delete'                    || press(0xffff)
        '\u001b[A'     | 'Up'                        || press(0xff52)
        '\u001b[1;5D'  | 'ctrl-Left, as Left'        || press(0xff51)
        '\u001b'       | 'Escape'                    || press(0xff1b)
        '\u001bx'      | 'alt-x'                     || [[0xffe9, true]] + press(0x78) + [[0xffe9, false]]
        'a\u00e9b'     | 'a b (no non-ASCII keys)'   || press(0x61) + press(0x62)
    }

    def "an escape sequence split over two arrivals is still one key"() {
        given:
        def keys = new TerminalKeys()

        expect:
        keys.decode('\u001b['.bytes).isEmpty()
        keys.decode('B'.bytes).collect { [it.keysym(), it.down()] } == press(0xff54)
    }

    static List<List> press(int keysym) {
        [[keysym, true], [keysym, false]]
    }
}
