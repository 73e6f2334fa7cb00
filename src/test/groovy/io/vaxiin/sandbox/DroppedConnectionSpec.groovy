package io.vaxiin.sandbox

import io.vaxiin.fixture.CliRun
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Timeout

import java.nio.file.Path
import java.util.concurrent.CopyOnWriteArrayList

/**
 * A console connection that drops in the middle of a recovery: the run log says so, the client
 * reconnects, and the recovery goes on to the end. And when the console does not come back, the
 * run ends with exit code 3 and one line, without hanging.
 */
@Timeout(90)
class DroppedConnectionSpec extends Specification {

    @AutoCleanup Sandbox sandbox
    @TempDir Path dir
    ServerSocket proxy
    List<Socket> open = new CopyOnWriteArrayList<>()
    volatile boolean accepting = true

    /** A TCP proxy to the sandbox's console whose connections the spec can cut. */
    void startProxy(int target) {
        proxy = new ServerSocket(0, 10, InetAddress.loopbackAddress)
        Thread.startDaemon {
            while (!proxy.closed) {
                Socket client
                try { client = proxy.accept() } catch (IOException ignored) { return }
                if (!accepting) { client.close(); continue }
                Socket server = new Socket('127.0.0.1', target)
                open << client << server
                Thread.startDaemon { try { server.inputStream.transferTo(client.outputStream) } catch (IOException ignored) {} finally { client.close() } }
                Thread.startDaemon { try { client.inputStream.transferTo(server.outputStream) } catch (IOException ignored) {} finally { server.close() } }
            }
        }
    }

    def cleanup() {
        proxy?.close()
        cut()
    }

    void cut() {
        open.each { it.close() }
        open.clear()
    }

    Path inventory() {
        def pw = dir.resolve('pw')
        pw.toFile().text = new String(sandbox.password())
        java.nio.file.Files.setPosixFilePermissions(pw, java.nio.file.attribute.PosixFilePermissions.fromString('rw-------'))
        def inv = dir.resolve('inventory.yaml')
        inv.toFile().text = """
            credentials:
              sb: { username: ${Sandbox.USER}, password: file:$pw }
            servers:
              flaky:
                console: vnc://127.0.0.1:${proxy.localPort}
                power: ${sandbox.powerUri()}
                credentials: sb
        """.stripIndent()
        inv
    }

    def "the console drops mid-recovery: the log says so, it reconnects, the recovery finishes"() {
        given:
        // a machine slow enough (fsck prompt after 3.3 s) that the cut falls in its boot, however long the run takes to connect
        sandbox = Sandbox.start(Scenario.FSCK, 2.0, {})
        startProxy(URI.create(sandbox.consoleUri()).port)
        def inv = inventory()
        Thread.startDaemon { // once the run is connected: during POST/boot, before the fsck prompt
            while (open.isEmpty()) sleep 10
            sleep 300
            cut()
        }

        when:
        def run = CliRun.of('run', new File('dsl-examples/fsck.groovy').absolutePath, '--inventory', inv.toString(),
                '--target', 'flaky', '--out', dir.resolve('out').toString())

        then:
        run.code == 0
        run.out =~ /WARN flaky: VNC at 127\.0\.0\.1:\d+: connection lost \(.*\), reconnecting \(attempt 1\/3\)/
        run.out.contains('reconnected')
        run.out.contains('recovered: reached the login prompt')
    }

    def "the console drops and does not come back: exit 3 with one line, no hang"() {
        given:
        sandbox = Sandbox.start(Scenario.FSCK, 1.0, {})
        startProxy(URI.create(sandbox.consoleUri()).port)
        def inv = inventory()
        Thread.startDaemon { sleep 1200; accepting = false; cut() }

        when:
        long t0 = System.nanoTime()
        def run = CliRun.of('run', new File('dsl-examples/fsck.groovy').absolutePath, '--inventory', inv.toString(),
                '--target', 'flaky', '--out', dir.resolve('out').toString())

        then:
        run.code == 3
        run.err.readLines().first() =~ /^vaxiin: .*VNC at 127\.0\.0\.1:\d+/
        run.out.contains('gave up after 3 attempts')
        (System.nanoTime() - t0) < 60_000_000_000L
    }
}
