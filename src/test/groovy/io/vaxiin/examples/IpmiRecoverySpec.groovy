package io.vaxiin.examples

import io.vaxiin.connector.ipmi.IpmiRig
import io.vaxiin.fixture.CliRun
import spock.lang.Specification
import spock.lang.Timeout

import java.util.concurrent.TimeUnit

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

/**
 * The examples, unchanged, against real machines whose power is IPMI: `vaxiin run` as a person
 * runs it, with the BMC's password in a file (never on the command line).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // the examples' own timeouts are 10 and 15 minutes
class IpmiRecoverySpec extends Specification {

    Path dir = Files.createTempDirectory('ipmi-recovery')

    private String passwordFile(String password) {
        def f = dir.resolve('bmc-password')
        Files.writeString(f, password)
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString('rw-------'))
        f.toString()
    }

    def "serial-kernel-panic.groovy --power ipmi:// --serial sol:// recovers a VM whose kernel panics: power cycle over IPMI, login on SOL"() {
        given: 'ipmi_sim owning a QEMU VM whose first boot ends in a real VFS kernel panic'
        def vm = IpmiRig.vm(mode: 'panic-then-login', panic: 'vfs')
        def pw = passwordFile(vm.password)
        def bmc = "admin:file:$pw@127.0.0.1:${vm.port}"

        when:
        def run = CliRun.of('run', 'dsl-examples/serial-kernel-panic.groovy', '--power', "ipmi://$bmc", '--serial', "sol://$bmc",
                '--out', dir.resolve('out').toString(), '--timeout', '4m')

        then:
        run.code == 0
        run.out.contains("rule 'serial =~ /Kernel panic - not syncing/' (serial-kernel-panic.groovy, line 16) fired (1/2)")
        !run.out.contains('fired (2/2)') // the panic's trailer repeats the phrase: judged in the same burst, not a second panic
        run.out =~ /log: panic: .*Kernel panic - not syncing: VFS: Unable to mount root fs/
        run.out.contains("power cycle (IPMI at 127.0.0.1:${vm.port})")
        run.out.contains('power cycle: verified')
        run.out.contains('recovered: reached the login prompt')
        vm.boots() >= 2 // startvm.sh ran again for the power on; one run counted 3 starts for one cycle, not yet explained
        !run.out.contains(vm.password) && !run.err.contains(vm.password)

        cleanup:
        vm?.close()
        dir.toFile().deleteDir()
    }

    def "kernel-panic.groovy, unchanged, with --console vnc:// --power ipmi:// sees a real panic on the VGA screen, cycles over IPMI, and ends at the login"() {
        given: 'a QEMU PC booting a Debian kernel that panics on its first boot, its power handled by ipmi_sim over QMP'
        def pc = IpmiRig.seabiosPc(guest: 'panic-then-login')
        def pw = passwordFile(pc.password)

        when:
        def run = CliRun.of('run', 'dsl-examples/kernel-panic.groovy', '--console', "vnc://127.0.0.1:${pc.vncPort}",
                '--power', "ipmi://admin:file:$pw@127.0.0.1:${pc.port}", '--out', dir.resolve('out').toString(), '--timeout', '4m')

        then:
        run.code == 0
        run.out.contains("rule 'screen =~ /Kernel panic - not syncing/' (kernel-panic.groovy, line 13) fired (1/2)")
        run.out.contains('power cycle: verified')
        run.out.contains('recovered: reached the login prompt')
        Files.readString(dir.resolve('out/kernel-panic.txt')).contains('Kernel panic - not syncing')
        pc.resets() >= 1

        cleanup:
        pc?.close()
        dir.toFile().deleteDir()
    }

    def "no-boot-device.groovy --console vnc:// --power ipmi:// sets the boot override and really resets a PC at SeaBIOS's 'No bootable device.'"() {
        given: 'a QEMU PC with no disk, its power handled by ipmi_sim through a chassis script that drives QEMU over QMP'
        def pc = IpmiRig.seabiosPc()
        def pw = passwordFile(pc.password)

        when:
        def run = CliRun.of('run', 'dsl-examples/no-boot-device.groovy', '--console', "vnc://127.0.0.1:${pc.vncPort}",
                '--power', "ipmi://admin:file:$pw@127.0.0.1:${pc.port}", '--out', dir.resolve('out').toString(), '--timeout', '2m')

        then: 'the override the example sets (disk, once) reached the chassis and reads back, and QEMU reset each time'
        run.out.contains("rule 'screen =~ /No bootable device|No more network devices|Boot failed: not a bootable disk/' (no-boot-device.groovy, line 13) fired (1/2)")
        run.out.contains('boot disk once (IPMI at 127.0.0.1:')
        run.out.contains('boot disk: verified')
        run.out.contains('power reset: verified')
        pc.calls().contains('set boot default')
        pc.resets() >= 2

        and: 'this PC has no disk to boot, so the screen comes back and the rule stops at its limit'
        run.code == 1
        run.err.contains('more than its limit of 2')

        cleanup:
        pc?.close()
        dir.toFile().deleteDir()
    }
}
