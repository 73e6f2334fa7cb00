package io.vaxiin.connector.serial

import io.vaxiin.connector.ConnectorException
import io.vaxiin.connector.ConnectorException.Kind
import io.vaxiin.connector.KeyCombo
import io.vaxiin.connector.rfb.RfbRig
import spock.lang.Specification
import spock.lang.Timeout
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList

import static io.vaxiin.connector.serial.SerialRig.socat
import static io.vaxiin.connector.serial.SerialRig.waitFor

/**
 * TcpSerial against real programs nobody here wrote, on a pty behind Debian's socat: e2fsck
 * asking about a really damaged file system, a busybox shell; and the port closing, refusing,
 * staying silent, or not reading.
 */
@Timeout(60)
class TcpSerialSpec extends Specification {

    Path dir
    int port
    List<Process> servers = []
    List<TcpSerial> consoles = []
    List<SerialEvent> events = new CopyOnWriteArrayList<>()

    def setup() {
        dir = Files.createTempDirectory('vaxiin-serial')
        port = RfbRig.freePort()
    }

    def cleanup() {
        consoles.each { it.close() }
        servers.each { SerialRig.stop(it, port) }
        dir.toFile().deleteDir()
    }

    Process serve(String command, boolean pty = true, String listenOptions = '') {
        def p = socat(port, command, dir, pty, listenOptions)
        servers << p
        p
    }

    TcpSerial open(SerialReconnect reconnect = SerialReconnect.NEVER, Closure<TcpSerialConfig.Builder> more = { it }) {
        def b = TcpSerialConfig.fromUri("tcp://127.0.0.1:$port").connectTimeout(Duration.ofSeconds(2))
                .reconnect(reconnect).listener { events << it }
        def serial = TcpSerial.connect(more(b).build())
        consoles << serial
        serial
    }

    String console() {
        "TCP serial at 127.0.0.1:$port"
    }

    static int run(Path dir, String... command) {
        def p = new ProcessBuilder(command as List).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve('run.log').toFile()).start()
        p.waitFor()
    }

    def "a real e2fsck's question is read from the console and the answer typed reaches it"() {
        given: 'an ext4 image whose root directory has a wrong link count'
        RfbRig.require('e2fsck')
        run(dir, 'mkfs.ext4', '-q', '-F', '-b', '1024', 'img', '4M')
        run(dir, 'debugfs', '-w', '-R', 'sif <2> links_count 7', 'img')
        assert run(dir, 'e2fsck', '-fn', 'img') == 4

        and: 'e2fsck checking it on a terminal behind socat, the terminal kept open after it exits'
        // socat may drop the last output of a program that exited before socat forwarded it, and close the
        // port: this test is of reading the question and typing the answer, not of the peer closing
        Files.writeString(dir.resolve('fsck.sh'), "e2fsck -f '${dir.resolve('img')}'\nexec sleep 20\n")
        serve('sh fsck.sh')
        def serial = open()

        when:
        def question = waitFor(serial, 0, /Inode 2 ref count is 7, should be 3\.  Fix<y>\? $/)
        long answeredAt = serial.recent().end()
        serial.type('y')
        waitFor(serial, answeredAt, /\*+ FILE SYSTEM WAS MODIFIED \*+/)

        then: 'the answer echoed on the question line, and the image repaired'
        question != null
        serial.recent().text().contains('Fix<y>? yes\n')
        serial.describe() == console()
        run(dir, 'e2fsck', '-fn', 'img') == 0
    }

    def "a real busybox shell echoes what is typed, and ctrl-c interrupts its sleep"() {
        given:
        serve('/bin/busybox sh -i')
        def serial = open()
        waitFor(serial, 0, /# $/)

        when:
        long from = serial.recent().end()
        serial.type('echo hi\n')
        waitFor(serial, from, /(?m)^hi\n.*# $/)

        and: 'a long sleep, interrupted'
        from = serial.recent().end()
        serial.type('sleep 100\n')
        waitFor(serial, from, /sleep 100\n/)
        Thread.sleep(300)
        long pressed = System.nanoTime()
        serial.press(KeyCombo.parse('ctrl-c'))
        waitFor(serial, from, /\^C\n.*# $/, Duration.ofSeconds(5))
        long interruptMs = (System.nanoTime() - pressed) / 1_000_000
        from = serial.recent().end()
        serial.type('echo status $?\n')
        def status = waitFor(serial, from, /(?m)^status (\d+)$/)

        then:
        interruptMs < 5000
        status.group(1) == '130'
    }

    def "the port closing mid-session: reconnect attempts, then UNREACHABLE with one line"() {
        given:
        def socat = serve('/bin/busybox sh -i')
        def serial = open(new SerialReconnect(3, Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(10)))
        waitFor(serial, 0, /# $/)

        when: 'socat and its shell are killed'
        SerialRig.stop(socat, port)
        awaitEvent(SerialEvent.Type.GAVE_UP)
        serial.awaitChange(serial.recent().version(), Duration.ofSeconds(5))

        then:
        def e = thrown(ConnectorException)
        e.kind() == Kind.UNREACHABLE
        e.protocol() == 'TCP serial'
        e.endpoint() == "127.0.0.1:$port"
        e.phase() == 'reconnect'
        e.message == "${console()}: connection closed by the peer; could not reconnect in 3 attempts (connection refused)"
        !e.message.contains('\n')
        events*.message() == [
                "${console()}: connection closed by the peer, reconnecting (attempt 1/3)",
                "${console()}: connection refused, reconnecting (attempt 2/3)",
                "${console()}: connection refused, reconnecting (attempt 3/3)",
                "${console()}: connection refused, gave up after 3 attempts"]*.toString()

        when: 'typing and pressing fail the same way; the history stays readable'
        serial.type('x')

        then:
        def typed = thrown(ConnectorException)
        typed.message == e.message
        serial.recent().text().contains('BusyBox')

        when:
        serial.press(KeyCombo.parse('Enter'))

        then:
        thrown(ConnectorException)
    }

    def "a port that comes back is reconnected and the history goes on"() {
        given:
        def first = serve('/bin/busybox sh -i')
        def serial = open(new SerialReconnect(5, Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(15)))
        waitFor(serial, 0, /# $/)
        serial.type('echo one\n')
        waitFor(serial, 0, /(?m)^one$/)

        when: 'the server is restarted on the same port'
        SerialRig.stop(first, port)
        long lostAt = serial.recent().end()
        serve('/bin/busybox sh -i')
        awaitEvent(SerialEvent.Type.RECONNECTED)
        waitFor(serial, lostAt, /# $/)
        long from = serial.recent().end()
        serial.type('echo two\n')
        waitFor(serial, from, /(?m)^two$/)

        then:
        events.first().message() == "${console()}: connection closed by the peer, reconnecting (attempt 1/5)"
        events.last().type() == SerialEvent.Type.RECONNECTED
        events.last().message() ==~ /${console()}: reconnected \(attempt \d\/5\)/
        serial.recent().text() =~ /(?s)one.*two/
        serial.recent().start() == 0
    }

    def "a closed port is UNREACHABLE at once, with a sentence"() {
        when:
        long t0 = System.nanoTime()
        open()

        then:
        def e = thrown(ConnectorException)
        (System.nanoTime() - t0) / 1_000_000 < 2000
        e.kind() == Kind.UNREACHABLE
        e.phase() == 'connect'
        e.message == "${console()}: connection refused"
    }

    def "a server that accepts and never sends: awaitChange times out cleanly"() {
        given:
        serve('sleep 30', false)
        def serial = open()

        when:
        long t0 = System.nanoTime()
        def t = serial.awaitChange(0, Duration.ofMillis(500))
        long ms = (System.nanoTime() - t0) / 1_000_000

        then:
        t.version() == 0
        t.text() == ''
        ms >= 480
        ms < 3000
        events.empty
    }

    def "a peer that stops reading cannot hang the caller: the write times out and the connection is given up"() {
        given: 'a program that never reads its input, behind a small receive buffer'
        serve('sleep 30', false, 'rcvbuf=4096')
        def serial = open(SerialReconnect.NEVER) { it.writeTimeout(Duration.ofSeconds(1)) }

        when:
        long t0 = System.nanoTime()
        serial.type('x' * (16 * 1024 * 1024))

        then:
        def e = thrown(ConnectorException)
        (System.nanoTime() - t0) / 1_000_000 < 10_000
        e.kind() == Kind.UNREACHABLE
        e.phase() == 'write'
        e.message == "${console()}: the peer took no data for 1 second while typing (it stopped reading); the connection was closed"

        when: 'the reader sees the closed connection and, reconnecting being off, gives up'
        awaitEvent(SerialEvent.Type.GAVE_UP)
        serial.awaitChange(0, Duration.ofSeconds(2))

        then:
        def gone = thrown(ConnectorException)
        gone.message == "${console()}: the peer took no data for 1 second (it stopped reading); reconnecting is off"
    }

    def "close is idempotent, stops the reader thread, and later calls say the console is closed"() {
        given:
        serve('sleep 30', false)
        def serial = open()

        when:
        serial.close()
        serial.close()

        then:
        Thread.allStackTraces.keySet().every { it.name != "tcp-serial-reader 127.0.0.1:$port".toString() }

        when:
        serial.awaitChange(0, Duration.ofSeconds(1))

        then:
        def e = thrown(ConnectorException)
        e.message == "${console()}: closed"

        when:
        serial.type('x')

        then:
        def typed = thrown(ConnectorException)
        typed.message == "${console()}: closed"
    }

    @Unroll("#uri")
    def "a bad serial URI is refused with a sentence"() {
        when:
        TcpSerialConfig.fromUri(uri)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == message
        !e.message.contains('secret')

        where:
        uri                           || message
        'ssh://host:22'               || 'a TCP serial URI starts with tcp:// (tcp://HOST:PORT)'
        'tcp://host'                  || 'a tcp:// URI needs a port (tcp://host:PORT): a TCP serial console has no usual port'
        'tcp://:4555'                 || 'a tcp:// URI needs a host and a port: tcp://HOST:PORT'
        'tcp://host:port'             || 'a tcp:// URI needs a host and a port: tcp://HOST:PORT'
        'tcp://admin:secret@host:23'  || 'a tcp:// URI must not hold a user or password: a raw TCP serial port has no login'
        'tcp://host:23/console'       || 'a tcp:// URI is only tcp://HOST:PORT, without a path, query or fragment'
        'tcp://host:23?x=1'           || 'a tcp:// URI is only tcp://HOST:PORT, without a path, query or fragment'
        'tcp://host:0'                || 'port must be 1..65535: 0'
        'tcp://host:70000'            || 'port must be 1..65535: 70000'
        'tcp://ho st:23'              || 'a tcp:// URI must not contain spaces (tcp://HOST:PORT)'
        'tcp://host:23%zz'            || 'not a valid tcp:// URI (at character 13); write tcp://HOST:PORT'
    }

    @Unroll("#uri")
    def "a good serial URI gives host, port and endpoint"() {
        expect:
        def c = TcpSerialConfig.fromUri(uri).build()
        c.host() == host
        c.port() == port
        c.endpoint() == endpoint
        c.connectTimeout() == Duration.ofSeconds(10)

        where:
        uri                     || host          | port | endpoint
        'tcp://10.0.0.9:4555'   || '10.0.0.9'    | 4555 | '10.0.0.9:4555'
        'TCP://bmc-01:23/'      || 'bmc-01'      | 23   | 'bmc-01:23'
        'tcp://[::1]:4555'      || '::1'         | 4555 | '[::1]:4555'
    }

    private void awaitEvent(SerialEvent.Type type) {
        long deadline = System.currentTimeMillis() + 15_000
        while (!events.any { it.type() == type }) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("no $type event within 15 s; events: ${events*.message()}")
            Thread.sleep(20)
        }
    }
}
