package io.vaxiin.connector.ipmi

import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout
import spock.lang.Unroll

import java.security.MessageDigest

import static io.vaxiin.connector.ipmi.IpmiRig.OPERATOR
import static io.vaxiin.connector.ipmi.IpmiRig.VIEWER
import static io.vaxiin.connector.ipmi.IpmiRig.LONG_PASSWORD
import static io.vaxiin.connector.ipmi.IpmiRig.User

/**
 * The IPMI rigs work, seen through a real IPMI client only (ipmitool, lanplus, cipher suite 3):
 * (a) ipmi_sim with a chassis script, (b) a SeaBIOS PC whose reset is IPMI (and, with a disk, its
 * boot device; SeaBIOS's debug log and the VGA text memory say what it booted), (c) ipmi_sim owning
 * a VM with a real Debian kernel whose serial console is SOL.
 */
class IpmiRigSpec extends Specification {

    @Shared IpmiRig.Vm vm
    @Shared IpmiRig.Chassis chassis
    @Shared IpmiRig.SeabiosPc pc
    @Shared IpmiRig.SeabiosPc diskPc

    def setupSpec() {
        // the VM first: it takes longest to come up (ipmi_sim attaches its serial port within 10 s)
        vm = IpmiRig.vm(mode: 'prompt')
        chassis = IpmiRig.chassis()
        pc = IpmiRig.seabiosPc()
        diskPc = IpmiRig.seabiosPc(disk: 'login')
    }

    def cleanupSpec() {
        diskPc?.close()
        pc?.close()
        chassis?.close()
        vm?.close()
    }

    // --- (a) the chassis script -------------------------------------------------------------------

    @Timeout(30)
    @Unroll("chassis power #action: ipmi_sim calls the script with #expected and the status reads #status")
    def "each chassis power action reaches the script"() {
        given:
        assert chassis.ipmitool('chassis', 'power', 'on').exit == 0
        int from = chassis.calls().size()

        when:
        def run = chassis.ipmitool('chassis', 'power', action)

        then:
        run.exit == 0
        expected.each { chassis.awaitCall(~/\Q$it\E/, from, 5_000) }
        chassis.callsSince(from).findAll { it.startsWith('set') } == expected
        chassis.ipmitool('chassis', 'power', 'status').out.trim() == "Chassis Power is $status"

        where:
        action  || expected                         | status
        'on'    || ['set power 1']                  | 'on'
        'off'   || ['set power 0']                  | 'off'
        'cycle' || ['set power 0', 'set power 1']   | 'on'
        'reset' || ['set reset 1']                  | 'on'
        'soft'  || ['set shutdown 1']               | 'off'
    }

    @Timeout(30)
    @Unroll("chassis bootdev #device: the script keeps '#kept' and bootparam 5 reads '#selector'")
    def "each boot device is kept by the script and read back from boot parameter 5"() {
        when:
        def set = chassis.ipmitool('chassis', 'bootdev', device)
        def get = chassis.ipmitool('chassis', 'bootparam', 'get', '5')

        then:
        set.exit == 0 && !set.err
        chassis.bootFile() == kept
        chassis.calls().last() == 'get boot'
        get.out.contains("Boot Device Selector : $selector")
        get.out.contains("Boot parameter data: $data")

        where:
        device  || kept      | selector                                | data
        'pxe'   || 'pxe'     | 'Force PXE'                             | '0004000000'
        'disk'  || 'default' | 'Force Boot from default Hard-Drive'    | '0008000000'
        'cdrom' || 'cdrom'   | 'Force Boot from CD/DVD'                | '0014000000'
        'bios'  || 'bios'    | 'Force Boot into BIOS Setup'            | '0018000000'
        'none'  || 'none'    | 'No override'                           | '0000000000'
    }

    @Timeout(30)
    def "ipmi_sim keeps only the device: persistent and valid bits read back cleared"() {
        when:
        def set = chassis.ipmitool('chassis', 'bootdev', 'pxe', 'options=persistent')
        def get = chassis.ipmitool('chassis', 'bootparam', 'get', '5')

        then: 'ipmitool sent 0xc0 (valid, persistent) in byte 1; ipmi_sim answers 0x00'
        set.exit == 0
        get.out.contains('Boot parameter data: 0004000000')
        get.out.contains('Boot Flag Invalid')
        get.out.contains('Options apply to only next boot')
    }

    @Timeout(30)
    def "a boot device ipmi_sim has no word for fails with 0xFF, yet ipmitool exits 0"() {
        given:
        assert chassis.ipmitool('chassis', 'bootdev', 'cdrom').exit == 0
        int from = chassis.calls().size()

        when:
        def set = chassis.ipmitool('chassis', 'bootdev', 'floppy')

        then:
        set.exit == 0
        set.err.contains('Set Chassis Boot Parameter 5 failed: Unspecified error')
        chassis.callsSince(from).every { !it.startsWith('set') }
        chassis.bootFile() == 'cdrom'
    }

    @Timeout(30)
    def "set-in-progress (boot parameter 0) is refused with 0xCC"() {
        when:
        def get = chassis.ipmitool('raw', '0x00', '0x09', '0x00', '0x00', '0x00')

        then:
        get.exit != 0
        get.err.contains('rsp=0xcc')
    }

    @Timeout(30)
    def "a failing script makes ipmi_sim answer 0xFF"() {
        given:
        chassis.failCalls('set power')

        when:
        def run = chassis.ipmitool('chassis', 'power', 'on')

        then:
        run.exit != 0
        run.err.contains('Unspecified error')

        cleanup:
        chassis.failCalls()
    }

    @Timeout(30)
    @Unroll("#user asking for #level: power on #outcome")
    def "the session's privilege level decides, not the user's limit"() {
        when:
        def run = chassis.ipmitool(user, '-L', level, 'chassis', 'power', 'on')

        then:
        (run.exit == 0) == allowed
        allowed || run.err.contains('Insufficient privilege level')

        where:
        user          | level           || allowed
        VIEWER        | 'USER'          || false
        VIEWER        | 'ADMINISTRATOR' || true
        OPERATOR      | 'OPERATOR'      || true
        LONG_PASSWORD | 'ADMINISTRATOR' || true
        outcome = allowed ? 'works' : 'is refused (0xD4)'
    }

    @Timeout(30)
    def "a wrong password or an unknown user gets no session"() {
        expect:
        chassis.ipmitool(new User(2, 'admin', 'wrong', 'admin'), 'chassis', 'power', 'status').exit != 0
        chassis.ipmitool(new User(9, 'nobody', 'password', 'admin'), 'chassis', 'power', 'status').exit != 0
        // a 20-character password in lan.conf is cut to 19
        chassis.ipmitool(new User(5, 'longpass', LONG_PASSWORD.password + 'j', 'admin'), 'chassis', 'power', 'status').exit != 0
    }

    // --- (b) the SeaBIOS PC -----------------------------------------------------------------------

    @Timeout(30)
    def "chassis power reset really resets the SeaBIOS PC"() {
        given:
        int before = pc.resets()

        when:
        def run = pc.ipmitool('chassis', 'power', 'reset')

        then:
        run.exit == 0
        waitFor(5_000) { pc.resets() == before + 1 }
        pc.status() == 'running'
        pc.calls().contains('set reset 1')
    }

    @Timeout(30)
    def "power off pauses the PC; power on starts it again from its firmware"() {
        given:
        int before = pc.resets()

        when:
        def off = pc.ipmitool('chassis', 'power', 'off')

        then:
        off.exit == 0
        pc.status() == 'paused'
        pc.ipmitool('chassis', 'power', 'status').out.trim() == 'Chassis Power is off'

        when:
        def on = pc.ipmitool('chassis', 'power', 'on')

        then:
        on.exit == 0
        pc.status() == 'running'
        pc.resets() == before + 1
        pc.ipmitool('chassis', 'power', 'status').out.trim() == 'Chassis Power is on'
    }

    @Timeout(30)
    def "soft off presses the ACPI button, which SeaBIOS ignores: the PC stays on"() {
        given:
        int before = pc.monitor.events('POWERDOWN').size()

        when:
        def run = pc.ipmitool('chassis', 'power', 'soft')

        then:
        run.exit == 0
        waitFor(5_000) { pc.monitor.events('POWERDOWN').size() == before + 1 }
        pc.ipmitool('chassis', 'power', 'status').out.trim() == 'Chassis Power is on'
    }

    @Timeout(60)
    def "the PC with a disk first boots from the network: iPXE finds no boot file, SeaBIOS says 'No bootable device.'"() {
        expect: 'the NIC alone in the boot order, then HALT (strict): the disk is never tried'
        waitFor(30_000) { diskPc.firmwareLog().contains('No bootable device.') }
        def log = diskPc.firmwareLog()
        log =~ /(?m)^1: \/pci@i0cf8\/ethernet@3\S*\s+2: HALT$/
        !log.contains('Booting from Hard Disk')
        diskPc.vgaText().contains('No more network devices')
        diskPc.ipmitool('chassis', 'bootparam', 'get', '5').out.contains('No override')
    }

    @Timeout(60)
    @Unroll("on the PC with a disk, chassis bootdev #device and a reset make SeaBIOS boot #what")
    def "on the PC with a disk, the IPMI boot device is what SeaBIOS boots after the next reset"() {
        given:
        int from = diskPc.firmwareLog().length()

        when:
        def set = diskPc.ipmitool('chassis', 'bootdev', device)
        def reset = diskPc.ipmitool('chassis', 'power', 'reset')

        then: 'the chassis keeps the word it reads back; after the reset SeaBIOS tries that device alone'
        set.exit == 0 && !set.err
        reset.exit == 0
        diskPc.chassis.bootFile() == kept
        diskPc.ipmitool('chassis', 'bootparam', 'get', '5').out.contains(selector)
        waitFor(30_000) { diskPc.firmwareLog().substring(from).contains(end) }
        diskPc.firmwareLog().substring(from).readLines().findAll { it ==~ /Booting from .*\.\.\./ } == [tried]

        and: 'the screen shows it'
        waitFor(30_000) { diskPc.vgaText() =~ screen }

        where:
        device  || what           | kept      | selector                             | tried                       | end                         | screen
        'disk'  || 'its disk'     | 'default' | 'Force Boot from default Hard-Drive' | 'Booting from Hard Disk...' | 'Booting from Hard Disk...' | /(?m)mode login .*\n(.*\n)?^login:$/
        'pxe'   || 'the network'  | 'pxe'     | 'Force PXE'                          | 'Booting from ROM...'       | 'No bootable device.'       | /No more network devices/
        'cdrom' || 'the CD drive' | 'cdrom'   | 'Force Boot from CD/DVD'             | 'Booting from DVD/CD...'    | 'No bootable device.'       | /Boot failed: Could not read from CDROM/
        'disk'  || 'its disk'     | 'default' | 'Force Boot from default Hard-Drive' | 'Booting from Hard Disk...' | 'Booting from Hard Disk...' | /(?m)mode login .*\n(.*\n)?^login:$/
        'none'  || 'the network'  | 'none'    | 'No override'                        | 'Booting from ROM...'       | 'No bootable device.'       | /No more network devices/
    }

    // --- (c) the VM -------------------------------------------------------------------------------

    @Timeout(120)
    def "over SOL, after chassis power reset the guest boots again, asks its question and receives the answer"() {
        given: 'the first boot is done: a reset that comes before the init of the guest shows no new banner'
        vm.awaitConsole(~/Clear<y>\? $/, 0, 90_000)
        def sol = vm.sol()
        int banners = vm.banners().size()

        when:
        def reset = vm.ipmitool('chassis', 'power', 'reset')

        then:
        reset.exit == 0
        sol.await(~/vaxiin guest boot 1 reset 1 mode prompt/, 0, 60_000)
        sol.await(~/Clear<y>\? $/, 0, 30_000)
        vm.banners().size() == banners + 1
        vm.boots() == 1

        when:
        int mark = sol.mark()
        sol.send('y\r')

        then:
        sol.await(~/guest received: y\r?\n/, mark, 10_000)
        sol.await(~/login: $/, mark, 10_000)

        when:
        mark = sol.mark()
        sol.send('root\r')

        then:
        sol.await(~/guest received: root/, mark, 10_000)
        vm.console().contains('guest received: root')

        cleanup:
        sol?.close()
    }

    @Timeout(60)
    def "a second sol activate is refused while one is active; sol deactivate ends the first"() {
        given:
        def first = vm.sol()

        when:
        vm.sol().close()

        then:
        def e = thrown(IllegalStateException)
        e.message.contains('SOL payload already active on another session')

        when:
        def deactivate = vm.ipmitool('sol', 'deactivate')
        def again = vm.ipmitool('sol', 'deactivate')

        then:
        deactivate.exit == 0
        again.exit != 0
        again.text.contains('SOL payload already de-activated')

        when: 'the first session types: only then does it learn'
        first.send('x')

        then:
        first.await(~/SOL session closed by BMC/, 0, 15_000)

        cleanup:
        first?.close()
    }

    @Timeout(120)
    def "panic-then-login: the first boot panics on SOL, a reset boots to a login that reads the answer"() {
        given:
        vm.mode('panic-then-login')
        def sol = vm.sol()
        int boots = vm.boots()

        when: 'power cycle: ipmi_sim kills QEMU and starts it again'
        def cycle = vm.ipmitool('chassis', 'power', 'cycle')

        then:
        cycle.exit == 0
        sol.await(~/Kernel panic - not syncing: sysrq triggered crash/, 0, 60_000)
        vm.boots() == boots + 1

        when:
        int mark = sol.mark()
        vm.ipmitool('chassis', 'power', 'reset')

        then:
        sol.await(~/vaxiin guest boot ${boots + 1} reset 1 mode panic-then-login/, mark, 60_000)
        sol.await(~/login: $/, mark, 30_000)

        when:
        mark = sol.mark()
        sol.send('admin\r')

        then:
        sol.await(~/guest received: admin/, mark, 10_000)

        cleanup:
        sol?.close()
    }

    @Timeout(180)
    def "flood: every line the guest writes arrives over SOL"() {
        given:
        vm.mode('flood', flood: 32768)
        def sol = vm.sol()

        when:
        vm.ipmitool('chassis', 'power', 'cycle')
        sol.await(~/flood ready: press Enter: $/, 0, 60_000)
        int mark = sol.mark()
        sol.send('\r')
        def done = sol.await(~/flood done (\d+) ([0-9a-f]{32})/, mark, 120_000)
        def text = sol.text.substring(mark).replace('\r', '')
        def lines = text.readLines().findAll { it ==~ /\d{8} the quick brown fox jumps over the lazy dog/ }

        then:
        lines.size() == (done.group(1) as int)
        md5(lines.collect { it + '\n' }.join('')) == done.group(2)

        cleanup:
        sol?.close()
    }

    static boolean waitFor(long timeoutMs, Closure<Boolean> condition) {
        long deadline = System.currentTimeMillis() + timeoutMs
        while (!condition()) {
            if (System.currentTimeMillis() > deadline) return false
            Thread.sleep(50)
        }
        true
    }

    static String md5(String s) {
        MessageDigest.getInstance('MD5').digest(s.getBytes('ISO-8859-1')).encodeHex().toString()
    }
}
