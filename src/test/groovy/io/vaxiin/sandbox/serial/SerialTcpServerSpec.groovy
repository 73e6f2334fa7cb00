package io.vaxiin.sandbox.serial

import io.vaxiin.connector.serial.TcpSerial
import io.vaxiin.connector.serial.TcpSerialConfig
import io.vaxiin.sandbox.Sandbox
import io.vaxiin.sandbox.Scenario
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.charset.StandardCharsets

import static io.vaxiin.connector.serial.SerialRig.waitFor

/**
 * The sandbox's serial port on raw TCP (tcp://127.0.0.1:PORT), read by the project's own
 * TcpSerial and by Debian's socat: the login prompt, typing on it, several clients at once.
 */
@Timeout(60)
class SerialTcpServerSpec extends Specification {

    @AutoCleanup Sandbox sandbox
    List<TcpSerial> consoles = []

    def cleanup() {
        consoles*.close()
    }

    TcpSerial connect() {
        def c = TcpSerial.connect(TcpSerialConfig.fromUri(sandbox.serialUri()).build())
        consoles << c
        c
    }

    def "TcpSerial reads the login prompt and logs in on it"() {
        given:
        sandbox = Sandbox.start(Scenario.HEALTHY, 0.3, {})
        def serial = connect()

        when: 'the machine restarts, so its whole boot goes by on the line'
        sandbox.machine().reset('ForceRestart')
        def banner = waitFor(serial, 0, /Debian GNU\/Linux 12 sandbox ttyS0\n\nsandbox login: $/)
        long at = serial.recent().end()
        serial.type('root\n')

        then:
        sandbox.serialUri() ==~ /tcp:\/\/127\.0\.0\.1:\d+/
        waitFor(serial, at, /^root\nPassword: $/)
        serial.recent().text().contains('Linux version 6.1.0-sandbox-amd64')
        banner != null
        sandbox.machine().phase().name() == 'PASSWORD'
    }

    def "each client gets the output from its connection on, and input from any reaches the machine"() {
        given:
        sandbox = Sandbox.start(Scenario.HEALTHY, 0.3, {})
        def first = connect()
        waitFor(first, 0, /sandbox login: $/)

        when: 'a second client connects after the prompt, and the first types a name'
        def second = connect()
        sleep 200
        first.type('ops\n')

        then: 'both see the echo and the next prompt; only the first saw the boot'
        waitFor(second, 0, /^ops\nPassword: $/)
        waitFor(first, 0, /ops\nPassword: $/)
        !second.recent().text().contains('SeaBIOS')
    }

    def "socat, a terminal program nobody here wrote, sees CR LF line ends and its CR is Enter"() {
        given:
        sandbox = Sandbox.start(Scenario.HEALTHY, 0.3, {})
        def serial = connect()
        waitFor(serial, 0, /sandbox login: $/)
        int port = (sandbox.serialUri() =~ /:(\d+)$/)[0][1] as int

        when:
        def socat = new ProcessBuilder('socat', '-t', '1', '-', "TCP:127.0.0.1:$port").redirectErrorStream(true).start()
        sleep 300
        socat.outputStream.withStream { it.write('me\r'.getBytes(StandardCharsets.US_ASCII)); it.flush(); sleep 700 }
        def seen = new String(socat.inputStream.readAllBytes(), StandardCharsets.US_ASCII)

        then:
        socat.waitFor() == 0
        seen == 'me\r\nPassword: '
    }
}
