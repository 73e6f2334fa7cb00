package io.vaxiin.connector.ssh

import io.vaxiin.connector.ConnectorException
import io.vaxiin.connector.serial.SerialEvent
import io.vaxiin.connector.serial.SerialReconnect
import io.vaxiin.connector.serial.SerialRig
import io.vaxiin.connector.rfb.RfbRig
import io.vaxiin.fixture.CliRun
import io.vaxiin.repl.FsckImages
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList

/**
 * The SSH serial console against Debian's real OpenSSH sshd acting as an iDRAC ({@link SshdRig}):
 * its {@code connect com2} bridges to a serial console served by socat on a pty, as a BMC's
 * serial port; one sshd for the whole spec.
 */
@Requires({ SshdRig.available() })
class SshSerialSpec extends Specification {

    @Shared SshdRig rig
    Path dir = Files.createTempDirectory('ssh-serial')
    Process serialPort
    int serialPortNumber
    SshSerial serial

    def setupSpec() {
        rig = SshdRig.start()
    }

    def cleanupSpec() {
        rig?.stop()
    }

    def cleanup() {
        serial?.close()
        SerialRig.stop(serialPort, serialPortNumber)
        dir.toFile().deleteDir()
    }

    /** A serial console that asks Fix<y>? and writes each key it reads to DIR/answers; a new one per connection. */
    private void fsckLikeSerial() {
        def script = dir.resolve('serial.sh')
        Files.writeString(script, """#!/bin/bash
while true; do printf 'Fix<y>? '; IFS= read -r -n 1 k || exit 0; printf '%s\\n' "\$k" >> $dir/answers; echo ' yes'; done
""")
        script.toFile().setExecutable(true)
        serialPortNumber = RfbRig.freePort()
        serialPort = SerialRig.socat(serialPortNumber, script.toString(), dir, true, 'fork')
        rig.serialPort(serialPortNumber)
    }

    private SshSerialConfig.Builder config() {
        SshSerialConfig.builder('127.0.0.1', rig.user).port(rig.port).password(rig.password.toCharArray())
                .knownHosts(rig.knownHosts).connectTimeout(Duration.ofSeconds(10))
    }

    private String answers() {
        def f = dir.resolve('answers')
        Files.exists(f) ? Files.readString(f) : ''
    }

    private void awaitAnswers(String expected) {
        long deadline = System.currentTimeMillis() + 5000
        while (answers() != expected && System.currentTimeMillis() < deadline) Thread.sleep(20)
        assert answers() == expected
    }

    def "logs in, sees racadm's prompt, sends connect com2 and types on the serial console behind it; closing leaves with ctrl-\\"() {
        given:
        fsckLikeSerial()

        when:
        serial = SshSerial.connect(config().build())
        SerialRig.waitFor(serial, 0, /Fix<y>\? $/)

        then: 'the prompt of the BMC, then the serial console behind it'
        serial.cli() == BmcCli.IDRAC
        serial.recent().text().contains('/admin1-> connect com2')
        serial.describe() == "SSH serial at 127.0.0.1:${rig.port}"

        when:
        long mark = serial.recent().end()
        serial.type('y')
        SerialRig.waitFor(serial, mark, /yes\s+Fix<y>\? $/)

        then: 'the serial console read the key'
        awaitAnswers('y\n')

        when:
        serial.close()

        then: 'the CLI saw ctrl-\\ and left the bridge'
        long deadline = System.currentTimeMillis() + 5000
        while (!Files.readString(rig.dir.resolve('cli.log')).contains('left com2') && System.currentTimeMillis() < deadline) Thread.sleep(20)
        Files.readString(rig.dir.resolve('cli.log')).contains('left com2')
    }

    def "a pinned host key fingerprint stands in for the known-hosts file"() {
        given:
        fsckLikeSerial()
        def empty = Files.createFile(dir.resolve('empty_known_hosts'))

        when:
        def b = config().knownHosts(empty)
        rig.fingerprints.values().each { b.pinHostKey(it) }
        serial = SshSerial.connect(b.cli(BmcCli.IDRAC).build())

        then:
        SerialRig.waitFor(serial, 0, /Fix<y>\? $/)
    }

    @Unroll("#scenario")
    def "a host key that is not known is refused, naming the key it offered and how to pin it"() {
        given:
        def file = dir.resolve('known_hosts')
        Files.writeString(file, content.replace('PORT', "$rig.port"))

        when:
        SshSerial.connect(config().knownHosts(file).build())

        then:
        def e = thrown(ConnectorException)
        e.kind() == ConnectorException.Kind.AUTHENTICATION
        e.phase() == 'host key'
        !e.message.contains('\n')
        e.message.startsWith("SSH serial at 127.0.0.1:${rig.port}: $start")
        rig.fingerprints.values().any { e.message.contains("?hostKey=$it") }

        where:
        scenario                                 | content                                                                              || start
        'no entry for the host'                  | '[10.9.9.9]:22 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDBU0zUZcU1qdUIQAcqUDoT8t0+QMjCf4GsCJyPVSYln\n' || 'unknown host key: the BMC offered the '
        'another key listed for it: changed'     | '[127.0.0.1]:PORT ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDBU0zUZcU1qdUIQAcqUDoT8t0+QMjCf4GsCJyPVSYln\n' || 'host key CHANGED: the BMC offered the ssh-ed25519 key '
        'an empty known-hosts file'              | ''                                                                                   || 'unknown host key: '
    }

    def "a wrong password is AUTHENTICATION in one line that holds no password"() {
        when:
        SshSerial.connect(config().password('not-the-password'.toCharArray()).build())

        then:
        def e = thrown(ConnectorException)
        e.kind() == ConnectorException.Kind.AUTHENTICATION
        e.message == "SSH serial at 127.0.0.1:${rig.port}: refused the password of user '${rig.user}'"
    }

    def "sessions dropped by the BMC are logged in again, prompt and command too; with sshd gone it gives up in a sentence"() {
        given:
        fsckLikeSerial()
        def events = new CopyOnWriteArrayList<SerialEvent>()
        serial = SshSerial.connect(config().listener(events::add)
                .reconnect(new SerialReconnect(2, Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofSeconds(15))).build())
        SerialRig.waitFor(serial, 0, /Fix<y>\? $/)

        when: 'the BMC drops the session'
        long mark = serial.recent().end()
        rig.killSessions()
        SerialRig.waitFor(serial, mark, /connect com2[\s\S]*Fix<y>\? $/, Duration.ofSeconds(15))
        serial.type('y')

        then:
        awaitAnswers('y\n')
        events*.type == [SerialEvent.Type.RECONNECTING, SerialEvent.Type.RECONNECTED]
        events[0].message().startsWith("SSH serial at 127.0.0.1:${rig.port}: ")
        events[0].message().endsWith(', reconnecting (attempt 1/2)')

        when: 'the BMC goes away'
        rig.stopSshd()
        long deadline = System.currentTimeMillis() + 15000
        while (events.size() < 5 && System.currentTimeMillis() < deadline) Thread.sleep(50)
        serial.type('y')

        then:
        def e = thrown(ConnectorException)
        e.kind() == ConnectorException.Kind.UNREACHABLE
        e.message.contains('could not log in again in 2 attempts (connection refused)')
        events.last().type == SerialEvent.Type.GAVE_UP

        cleanup:
        rig.startSshd()
    }

    @Unroll("vaxiin run serial-fsck.groovy with the SSH serial console #how answers a real e2fsck behind connect com2, and the password is in no output")
    def "vaxiin run serial-fsck.groovy against ssh:// answers a real e2fsck"() {
        given: 'a damaged image checked by e2fsck on the serial console the BMC bridges to'
        def img = FsckImages.A.make(dir)
        def boot = dir.resolve('boot.sh')
        Files.writeString(boot, "#!/bin/sh\n${FsckImages.sbin('e2fsck')} -f ${img}\necho\nprintf 'debian login: '\nsleep 60\n")
        boot.toFile().setExecutable(true)
        serialPortNumber = RfbRig.freePort()
        serialPort = SerialRig.socat(serialPortNumber, boot.toString(), dir)
        rig.serialPort(serialPortNumber)
        def pwFile = dir.resolve('bmc-password')
        Files.writeString(pwFile, rig.password)
        java.nio.file.Files.setPosixFilePermissions(pwFile, java.nio.file.attribute.PosixFilePermissions.fromString('rw-------'))
        def inventory = dir.resolve('inventory.yaml')
        Files.writeString(inventory, """credentials:
  idrac: { username: ${rig.user}, password: file:${pwFile} }
servers:
  db-07:
    credentials: idrac
    serial: ssh://127.0.0.1:${rig.port}?knownHosts=${rig.knownHosts}
""")
        def out = dir.resolve('out')
        def target = how == 'given by --serial'
                ? ['--serial', "ssh://${rig.user}:file:${pwFile}@127.0.0.1:${rig.port}?knownHosts=${rig.knownHosts}".toString()]
                : ['--target', 'db-07', '--inventory', inventory.toString()]

        when:
        def result = CliRun.of(*(['run', 'dsl-examples/serial-fsck.groovy'] + target + ['--out', out.toString()]))

        then:
        result.code == 0
        result.out.contains("type 'y' (serial)")
        result.out.contains('recovered: reached the login prompt')
        Files.readString(out.resolve('serial.txt')).contains('FILE SYSTEM WAS MODIFIED')

        and: 'e2fsck really repaired it'
        FsckImages.check(img) == 0

        and: 'the password is nowhere'
        !result.out.contains(rig.password) && !result.err.contains(rig.password)
        Files.walk(out).filter { Files.isRegularFile(it) }.noneMatch { Files.readString(it).contains(rig.password) }

        where:
        how << ['given by --serial', 'from the inventory']
    }

    def "vaxiin run against a BMC whose host key is unknown exits 3 with one line naming the key and how to pin it"() {
        given:
        def empty = Files.createFile(dir.resolve('known_hosts'))
        def pwFile = dir.resolve('bmc-password')
        Files.writeString(pwFile, rig.password)
        java.nio.file.Files.setPosixFilePermissions(pwFile, java.nio.file.attribute.PosixFilePermissions.fromString('rw-------'))

        when:
        def result = CliRun.of('run', 'dsl-examples/serial-fsck.groovy', '--serial',
                "ssh://${rig.user}:file:${pwFile}@127.0.0.1:${rig.port}?knownHosts=${empty}".toString())

        then:
        result.code == 3
        def lines = (result.out + result.err).readLines().findAll { it.contains('unknown host key') }
        lines.size() == 1
        rig.fingerprints.values().any { lines[0].contains("?hostKey=$it") }
        !(result.out + result.err).contains(rig.password)
    }
}
