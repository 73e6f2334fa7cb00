package io.vaxiin.cli

import io.vaxiin.fixture.CliRun
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files

/**
 * A server that answers every read in time but never finishes its handshake (one byte of
 * "RFB 003.008\n" every 1.5 seconds, each within the 10 s read timeout) cannot hold a command:
 * `screen` ends at the connect deadline and `run` within the recovery's timeout, each with one
 * line giving the real elapsed time, exit 3.
 */
@Timeout(60)
class ConnectDeadlineSpec extends Specification {

    @AutoCleanup('close') ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())

    def setup() {
        Thread.startDaemon('trickler') {
            while (!server.closed) {
                try {
                    Socket s = server.accept()
                    Thread.startDaemon('trickle') {
                        try {
                            s.withCloseable {
                                for (byte b : 'RFB 003.008\n'.bytes) { it.outputStream.write(b); it.outputStream.flush(); Thread.sleep(1500) }
                                Thread.sleep(60_000)
                            }
                        } catch (IOException ignored) { }
                    }
                } catch (IOException ignored) { }
            }
        }
    }

    def "screen against a trickling server ends at the 20 s connect deadline with exit 3"() {
        when:
        long start = System.nanoTime()
        def run = CliRun.of('screen', '--console', "vnc://127.0.0.1:${server.localPort}")
        double took = (System.nanoTime() - start) / 1e9

        then:
        run.code == 3
        run.err.readLines().size() == 1
        run.err ==~ /(?s)vaxiin: VNC at 127\.0\.0\.1:\d+ did not finish connecting within 20 seconds \(stopped after 2\d\.\d s, during the \w+\)\n/
        took < 23
    }

    def "run ends within the recovery's timeout when the connect would take longer"() {
        given:
        def script = Files.createTempFile('slow', '.groovy')
        script.toFile().text = "recovery 'short', timeout: 4.seconds\nwhen screen =~ /x/ then done 'x'\n"

        when:
        long start = System.nanoTime()
        def run = CliRun.of('run', script.toString(), '--console', "vnc://127.0.0.1:${server.localPort}",
                '--out', Files.createTempDirectory('slow-out').toString())
        double took = (System.nanoTime() - start) / 1e9

        then:
        run.code == 3
        run.err.readLines().size() == 1
        run.err.contains('did not finish connecting within 4 seconds (stopped after 4.')
        took < 6.5
    }
}
