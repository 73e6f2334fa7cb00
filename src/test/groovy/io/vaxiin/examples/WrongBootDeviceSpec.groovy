package io.vaxiin.examples

import io.vaxiin.connector.ipmi.IpmiRig
import io.vaxiin.fixture.CliRun
import spock.lang.Specification
import spock.lang.Timeout
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

/**
 * no-boot-device.groovy, unchanged, recovers a real PC that booted from the wrong device: QEMU's
 * SeaBIOS boots the network (where nothing answers with a boot file) and has a bootable disk it
 * does not try until the IPMI boot device says so (ipmi_sim, IpmiRig.seabiosPc(disk:)). `vaxiin
 * run` as a person runs it, its console QEMU's VNC, the BMC's password in a file.
 */
@Timeout(90)
class WrongBootDeviceSpec extends Specification {

    Path dir = Files.createTempDirectory('wrong-boot-device')

    @Unroll("no-boot-device.groovy at '#seen' (#nic): boot disk once and a reset over IPMI, then SYSLINUX and Linux boot to the login prompt")
    def "no-boot-device.groovy --console vnc:// --power ipmi:// boots a PC that tried the network from its disk, to its login prompt"() {
        given: 'a PC whose boot order is the network alone, its disk holding SYSLINUX, the Debian kernel and a busybox initrd'
        def pc = IpmiRig.seabiosPc(disk: 'login', pxe: pxe)
        def pw = dir.resolve('bmc-password')
        Files.writeString(pw, pc.password)
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString('rw-------'))

        when:
        def run = CliRun.of('run', 'dsl-examples/no-boot-device.groovy', '--console', "vnc://127.0.0.1:${pc.vncPort}",
                '--power', "ipmi://admin:file:$pw@127.0.0.1:${pc.port}", '--out', dir.resolve('out').toString(), '--timeout', '80s')

        then: 'the rule fired once, on what the firmware said; its override and reset were verified; the login prompt ended the run'
        run.code == 0
        run.out.contains("rule 'screen =~ /No bootable device|No more network devices|Boot failed: not a bootable disk/' (no-boot-device.groovy, line 13) fired (1/2)")
        !run.out.contains('fired (2/2)')
        Files.readString(dir.resolve('out/wrong-boot-device.txt')).contains(seen)
        run.out.contains("boot disk once (IPMI at 127.0.0.1:${pc.port})")
        run.out.contains('boot disk: verified')
        run.out.contains("power reset (IPMI at 127.0.0.1:${pc.port})")
        run.out.contains('power reset: verified')
        run.out.contains('recovered: reached the login prompt')
        !run.out.contains(pc.password) && !run.err.contains(pc.password)

        and: 'the override reached the chassis, and SeaBIOS went from the network to the disk: SYSLINUX booted Linux'
        pc.calls().contains('set boot default')
        pc.calls().contains('set reset 1')
        pc.chassis.bootFile() == 'default'
        def tried = pc.firmwareLog().readLines().findAll { it ==~ /Booting from .*\.\.\.|No bootable device\./ }
        tried.first() == first // with iPXE the reset may also come after SeaBIOS's own "No bootable device."
        tried.last() == 'Booting from Hard Disk...'
        tried.count('Booting from Hard Disk...') == 1
        pc.vgaText() =~ /(?m)^SYSLINUX 6\.\d+ .*\n(.*\n)*vaxiin guest boot 1 reset 0 mode login .*\n(.*\n)?login:$/

        cleanup:
        pc?.close()
        dir.toFile().deleteDir()

        where:
        pxe   || nic                      | seen                      | first
        true  || 'iPXE, no boot file'     | 'No more network devices' | 'Booting from ROM...'
        false || 'a NIC with no boot ROM' | 'No bootable device.'     | 'No bootable device.'
    }
}
