package io.vaxiin.cli

import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * A command stopped from outside (Ctrl-C or a kill: the JVM's shutdown hooks either way) ends with
 * one line saying what did not finish: during a busy step of a recovery, and while connecting.
 * Vaxiin runs as its own process; it is stopped with SIGTERM (a background process may ignore SIGINT).
 */
@Timeout(60)
class InterruptSpec extends Specification {

    Path dir = Files.createTempDirectory('vaxiin-interrupt')
    @AutoCleanup('close') ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())
    /** Held until the end: a socket nobody holds is closed by the next garbage collection, which hangs up on vaxiin. */
    List<Socket> accepted = Collections.synchronizedList([])

    def cleanup() { accepted.each { it.close() } }

    Process vaxiin(List<String> args) {
        def command = [Path.of(System.getProperty('java.home'), 'bin', 'java').toString(), '-cp', System.getProperty('java.class.path'),
                       "-Dvaxiin.home=${System.getProperty('user.dir')}".toString(), 'io.vaxiin.cli.Cli'] + args
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve('output.txt').toFile()).start()
    }

    String output() { dir.resolve('output.txt').toFile().text }

    void awaitOutput(String text) {
        long deadline = System.nanoTime() + 30_000_000_000L
        while (!output().contains(text)) {
            assert System.nanoTime() < deadline: "no '$text' in:\n${output()}"
            Thread.sleep(100)
        }
    }

    def "a recovery stopped in a busy step says it did not finish, and closes its connections"() {
        given:
        dir.resolve('busy.groovy').toFile().text = "recovery 'busy', timeout: 1.minutes\nwhile (true) { }\n"
        Process p = vaxiin(['run', 'busy.groovy', '--out', dir.resolve('out').toString()])
        awaitOutput("recovery 'busy'")

        when:
        p.destroy()
        p.waitFor(20, TimeUnit.SECONDS)

        then:
        output().readLines().last().endsWith('WARN interrupted: the recovery did not finish; closing the connections to sandbox')
    }

    def "a command stopped while it connects says so in one line"() {
        given: 'a server that accepts and never speaks'
        Thread.startDaemon { while (!silent.closed) { try { accepted << silent.accept() } catch (IOException ignored) { } } }
        Process p = vaxiin(['screen', '--console', "vnc://127.0.0.1:${silent.localPort}".toString()])
        Thread.sleep(1500)
        System.gc() // as the full suite's heap would, some time: the server must still be holding on
        Thread.sleep(1500)

        when:
        p.destroy()
        p.waitFor(20, TimeUnit.SECONDS)

        then:
        output().readLines() == ['vaxiin: interrupted: screen did not finish']
    }
}
