package io.vaxiin.ci

import io.vaxiin.connector.ipmi.IpmiRig
import io.vaxiin.fixture.CliRun
import io.vaxiin.repl.FsckImages
import io.vaxiin.repl.FsckXterm
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.nio.file.attribute.PosixFilePermissions
import java.util.concurrent.TimeUnit

/**
 * Recordings of real servers, made by `vaxiin run --record` as a person would make them, then
 * replayed by `vaxiin test`: the example passes against its recording, and a copy whose regex no
 * longer matches fails with the screen and the rule that did not fire. With
 * VAXIIN_SAVE_RECORDINGS=DIR each recording is also copied to DIR (that is how the ones under
 * dsl-examples/recordings/ were made).
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class RealRecordingsSpec extends Specification {

    @Shared Path dir = Files.createTempDirectory('real-recordings')

    def cleanupSpec() {
        dir.toFile().deleteDir()
    }

    private static void keep(Path recording, String name) {
        String to = System.getenv('VAXIIN_SAVE_RECORDINGS')
        if (!to) return
        Path target = Path.of(to).resolve(name)
        if (Files.exists(target)) target.toFile().deleteDir()
        Files.walk(recording).forEach { p ->
            Path q = target.resolve(recording.relativize(p).toString())
            if (Files.isDirectory(p)) Files.createDirectories(q) else Files.copy(p, q, StandardCopyOption.REPLACE_EXISTING)
        }
    }

    /** A copy of {@code example} beside its lib whose line {@code from} reads {@code to}. */
    private Path broken(String example, String from, String to) {
        def folder = Files.createDirectories(dir.resolve("broken-${example}"))
        def text = Files.readString(Path.of("dsl-examples/${example}.groovy"))
        assert text.contains(from)
        def copy = folder.resolve("${example}.groovy")
        Files.writeString(copy, text.replace(from, to).readLines().findAll { !it.startsWith('// replay:') }.join('\n'))
        copy
    }

    private static String everything(Path recording) {
        Files.walk(recording).findAll { Files.isRegularFile(it) && !it.toString().endsWith('.png') }.collect { Files.readString(it) }.join('\n')
    }

    private String passwordFile(String password) {
        def f = dir.resolve("bmc-password-${System.nanoTime()}")
        Files.writeString(f, password)
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString('rw-------'))
        f.toString()
    }

    def "a real e2fsck repaired over Xvnc: recorded, fsck.groovy passes against it, a regex that no longer matches fails and JUnit says so"() {
        given: 'e2fsck of a damaged ext4 image in an xterm on Xvnc'
        def folder = Files.createDirectories(dir.resolve('xterm'))
        def rig = FsckXterm.start(FsckImages.A.make(folder), folder)
        def recording = dir.resolve('xterm-e2fsck')

        when: 'the example repairs it, recorded'
        def run = CliRun.of('run', 'dsl-examples/fsck.groovy', '--console', "vnc://127.0.0.1:${rig.port}", '--record', recording.toString(),
                '--out', dir.resolve('xterm-run').toString())

        then:
        run.code == 0
        rig.repaired()
        run.out.contains("recording kept in $recording")
        Files.list(recording.resolve('frames')).count() >= 4

        when: 'the example is tested against the recording, with no server'
        rig.stop()
        keep(recording, 'xterm-e2fsck')
        def test = CliRun.of('test', 'dsl-examples/fsck.groovy', '--replay', recording.toString(), '--out', dir.resolve('xterm-test').toString())

        then:
        test.code == 0
        test.out =~ /PASS dsl-examples\/fsck.groovy with .*xterm-e2fsck: recovered: reached the login prompt \(${FsckImages.A.questions.size()} of ${FsckImages.A.questions.size()} recorded actions/
        test.out.contains('1 script, 1 recording: 1 passed, 0 failed')

        when: 'a copy whose question regex no longer matches is tested'
        def bad = broken('fsck', '/(?m)<y>\\?\\s*$/', '/(?m)<yes>\\?\\s*$/')
        def junit = dir.resolve('xterm-junit.xml')
        def failing = CliRun.of('test', bad.toString(), '--replay', recording.toString(), '--junit', junit.toString(),
                '--out', dir.resolve('xterm-bad').toString())
        def xml = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile()).documentElement
        def failure = xml.getElementsByTagName('failure').item(0)

        then: 'it fails, showing the screen that was not answered and the rule that did not fire'
        failing.code == 1
        failing.out.contains("the recording waited for an answer: its server was given type 'y'")
        failing.out.contains('fsck.groovy line 10: when screen =~ /(?m)<yes>\\?\\s*$/')
        failing.out =~ /\| .*<y>\?/
        xml.getAttribute('tests') == '1'
        xml.getAttribute('failures') == '1'
        failure.getAttribute('message').contains('timed out')
        failure.textContent.contains('<y>?')

        cleanup:
        rig?.stop()
    }

    def "QEMU's real kernel panic on VGA, power over IPMI: recorded without the BMC password, kernel-panic.groovy and notify-provisioning.groovy pass against it"() {
        given: 'a QEMU PC whose first boot of a Debian kernel panics; ipmi_sim handles its power'
        def pc = IpmiRig.seabiosPc(guest: 'panic-then-login')
        def user = IpmiRig.LONG_PASSWORD
        def pw = passwordFile(user.password)
        def recording = dir.resolve('qemu-kernel-panic')

        when:
        def run = CliRun.of('run', 'dsl-examples/kernel-panic.groovy', '--console', "vnc://127.0.0.1:${pc.vncPort}",
                '--power', "ipmi://${user.name}:file:$pw@127.0.0.1:${pc.port}", '--record', recording.toString(),
                '--out', dir.resolve('panic-run').toString(), '--timeout', '4m')

        then:
        run.code == 0
        run.out.contains('power cycle: verified')
        !everything(recording).contains(user.password)
        everything(recording).contains('"event":"power","action":"cycle"')

        when:
        pc.close()
        keep(recording, 'qemu-kernel-panic')
        def test = CliRun.of('test', 'dsl-examples/kernel-panic.groovy', 'dsl-examples/notify-provisioning.groovy', '--replay', recording.toString(),
                '--param', 'webhook=https://cmdb.example/hooks/vaxiin', '--out', dir.resolve('panic-test').toString())

        then:
        test.code == 0
        test.out.contains('2 scripts, 1 recording: 2 passed, 0 failed')
        Files.readString(dir.resolve('panic-test/notify-provisioning--qemu-kernel-panic/run.log')).contains('not sent: a replay does not call out')

        cleanup:
        pc?.close()
    }

    def "a QEMU PC that booted from the wrong device: recorded, no-boot-device.groovy passes against it; a script that resets without setting the disk fails at the action"() {
        given: 'a QEMU PC with a bootable disk whose boot order starts at the network: "No bootable device."'
        def pc = IpmiRig.seabiosPc(disk: 'login', pxe: false)
        def pw = passwordFile(pc.password)
        def recording = dir.resolve('qemu-no-boot-device')

        when:
        def run = CliRun.of('run', 'dsl-examples/no-boot-device.groovy', '--console', "vnc://127.0.0.1:${pc.vncPort}",
                '--power', "ipmi://admin:file:$pw@127.0.0.1:${pc.port}", '--record', recording.toString(),
                '--out', dir.resolve('noboot-run').toString(), '--timeout', '3m')

        then:
        run.code == 0
        run.out.contains('boot disk: verified')

        when:
        pc.close()
        keep(recording, 'qemu-no-boot-device')
        def test = CliRun.of('test', 'dsl-examples/no-boot-device.groovy', '--replay', recording.toString(), '--out', dir.resolve('noboot-test').toString())
        def bad = broken('no-boot-device', "    boot 'disk', once: true\n", '')
        def failing = CliRun.of('test', bad.toString(), '--replay', recording.toString(), '--out', dir.resolve('noboot-bad').toString())

        then:
        test.code == 0
        test.out.contains('1 passed, 0 failed')
        failing.code == 1
        failing.out.contains("the recording does not know this action: the script did power 'reset'")
        failing.out.contains("where the recorded server was given boot 'disk', once: true")
        failing.out.contains('No bootable device')

        cleanup:
        pc?.close()
    }
}
