package io.vaxiin.watch

import groovy.json.JsonSlurper
import io.vaxiin.connector.ipmi.IpmiRig
import io.vaxiin.fixture.CliRun
import io.vaxiin.fixture.Dsl
import io.vaxiin.repl.FsckImages
import io.vaxiin.repl.FsckXterm
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

/**
 * `vaxiin watch --once` over real servers of the tests' rigs, with the unmodified example scripts:
 * a real e2fsck asking on TigerVNC's Xvnc, a healthy login prompt on another Xvnc (e2fsck found
 * nothing there), and a QEMU PC at "No bootable device." whose power and boot device are
 * ipmi_sim's. The broken two are recovered; the healthy one gets no key.
 */
@Timeout(240)
class WatchRigsSpec extends Specification {

    @Shared Path dir = Files.createTempDirectory('watch-rigs')

    def cleanupSpec() {
        dir.toFile().deleteDir()
    }

    def "watch --once recovers a real e2fsck and a PC that booted the wrong device, and leaves a healthy login prompt untouched"() {
        given: 'the servers'
        def brokenDir = Files.createDirectories(dir.resolve('stor-01'))
        def broken = FsckXterm.start(FsckImages.A.make(brokenDir), brokenDir)
        def healthyDir = Files.createDirectories(dir.resolve('stor-02'))
        def clean = FsckImages.A.make(healthyDir)
        assert new ProcessBuilder(FsckImages.sbin('e2fsck'), '-fy', clean.toString()).start().waitFor() in [1, 2]
        def healthy = FsckXterm.start(clean, healthyDir, ~/login: $/)
        String healthyBefore = healthy.transcript()
        def pc = IpmiRig.seabiosPc(disk: 'login', pxe: false)
        def pw = dir.resolve('bmc-password')
        Files.writeString(pw, pc.password)
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString('rw-------'))

        and: 'the inventory and the example scripts, unmodified'
        def inventory = dir.resolve('fleet.yaml')
        Files.writeString(inventory, """\
            credentials:
              bmc: { username: admin, password: file:$pw }
            servers:
              stor-01: { console: '${broken.uri}' }
              stor-02: { console: '${healthy.uri}' }
              pc-01:
                console: vnc://127.0.0.1:${pc.vncPort}
                power: ipmi://127.0.0.1:${pc.port}
                credentials: bmc
            """.stripIndent())
        def scripts = dir.resolve('scripts')
        Files.createDirectories(scripts.resolve('lib'))
        ['fsck.groovy', 'kernel-panic.groovy', 'no-boot-device.groovy'].each {
            Files.copy(Dsl.PROJECT.resolve("dsl-examples/$it"), scripts.resolve(it))
        }
        Files.copy(Dsl.PROJECT.resolve('lib/login.groovy'), scripts.resolve('lib/login.groovy'))
        def audit = dir.resolve('audit.jsonl')

        when:
        def run = CliRun.of('watch', '--inventory', inventory.toString(), '--scripts', scripts.toString(), '--once',
                '--audit', audit.toString(), '--out', dir.resolve('runs').toString(), '--look', '20s')
        def events = Files.readAllLines(audit).collect { new JsonSlurper().parseText(it) as Map }

        then:
        run.code == 0
        run.out.readLines().last() == 'vaxiin watch: 1 healthy, 2 recovered, 0 unknown, 0 needs person, 0 flapping, 0 unreachable'

        and: 'e2fsck really repaired its file system, answered by fsck.groovy'
        broken.repaired()
        events.find { it.server == 'stor-01' && it.event == 'matched' }.script == 'fsck.groovy'

        and: 'the PC was told to boot its disk and reset, over IPMI, by no-boot-device.groovy'
        events.find { it.server == 'pc-01' && it.event == 'matched' }.script == 'no-boot-device.groovy'
        pc.calls().contains('set boot default')
        pc.calls().contains('set reset 1')
        events.any { it.server == 'pc-01' && it.event == 'step' && it.text == 'boot disk: verified' }

        and: 'the healthy server was only looked at: no key reached its xterm'
        events.findAll { it.server == 'stor-02' }*.event == ['looking', 'healthy']
        healthy.transcript() == healthyBefore

        and: 'no password anywhere'
        !run.out.contains(pc.password) && !Files.readString(audit).contains(pc.password)

        cleanup:
        broken?.stop()
        healthy?.stop()
        pc?.close()
    }
}
